import { CONNECTIONS, type CircuitShape, type Connection } from './circuit-shape.ts';

/** A contiguous range of the state vector. */
export interface Segment {
  readonly offset: number;
  readonly length: number;
}

/** A plastic matrix: its τ_w-filtered induction trace Δ and its weights W, both in the state vector. */
export interface PlasticSlot {
  readonly connection: Connection;
  readonly index: number;
  readonly rows: number;
  readonly cols: number;
  readonly trace: number;
  readonly weight: number;
}

/**
 * Where each integrated quantity lives in the circuit's one state vector y. Everything that obeys
 * an ODE is in y, so every integrator advances all of it in the same step:
 *
 *     [ u_1 … u_{N−1} | u_N | u^I_1 … u^I_{N−1} | r̄_0 | ū_trgt | ∫u_N dt | Δ… | W… ]
 *       hidden somata  output  interneuron somata  τ_0-filtered  output    plastic traces
 *                                                  input, target integral  and weights
 *
 * The potentials part ("small part", up to `potentialsEnd`) is the same for every circuit of a
 * shape; traces and weights of the plastic matrices follow (all traces, then all weights).
 */
export class StateLayout {
  readonly pyramidal: Segment[] = [];
  readonly interneuron: Segment[] = [];
  readonly input: Segment;
  readonly target: Segment;
  readonly outputIntegral: Segment;
  /** End of the potentials part (somata, filters, output integral). */
  readonly potentialsEnd: number;
  readonly plastic: PlasticSlot[] = [];
  readonly traces: Segment;
  readonly weights: Segment;
  readonly size: number;

  constructor(shape: CircuitShape, isPlastic: (c: Connection, index: number) => boolean) {
    let off = 0;
    const take = (length: number): Segment => {
      const s = { offset: off, length };
      off += length;
      return s;
    };
    for (let k = 1; k <= shape.depth; k++) this.pyramidal.push(take(shape.dims[k]));
    for (let k = 1; k <= shape.hiddenLayers; k++) this.interneuron.push(take(shape.dims[k + 1]));
    this.input = take(shape.inputSize);
    this.target = take(shape.outputSize);
    this.outputIntegral = take(shape.outputSize);
    this.potentialsEnd = off;

    const matrices: { connection: Connection; index: number; rows: number; cols: number }[] = [];
    for (const connection of CONNECTIONS) {
      for (let index = 0; index < shape.count(connection); index++) {
        if (!isPlastic(connection, index)) continue;
        const [rows, cols] = shape.matrixShape(connection, index);
        matrices.push({ connection, index, rows, cols });
      }
    }
    const traceStart = off;
    const traceOffsets = matrices.map((m) => take(m.rows * m.cols).offset);
    this.traces = { offset: traceStart, length: off - traceStart };
    const weightStart = off;
    matrices.forEach((m, i) => this.plastic.push({ ...m, trace: traceOffsets[i], weight: take(m.rows * m.cols).offset }));
    this.weights = { offset: weightStart, length: off - weightStart };
    this.size = off;
  }

  /** The slot of a plastic matrix, or undefined when that matrix is fixed. */
  slot(connection: Connection, index: number): PlasticSlot | undefined {
    return this.plastic.find((s) => s.connection === connection && s.index === index);
  }
}
