import { SegmentLayout, type PlacedSegment, type SegmentDeclaration, type StateGroup } from '../model/segment-layout.ts';
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
 * The microcircuit's state groups, in state order: each shares one decay rate and noise level
 * (integrable-system.ts). Somata are noisy (docs/model.md, "Noise"); filters, traces and weights are not.
 */
export const MICROCIRCUIT_GROUPS = [
  { name: 'hidden somata', noisy: true },
  { name: 'output somata', noisy: true },
  { name: 'interneuron somata', noisy: true },
  { name: 'input filter', noisy: false },
  { name: 'target filter', noisy: false },
  { name: 'output integral', noisy: false },
  { name: 'traces', noisy: false },
  { name: 'weights', noisy: false },
] as const satisfies readonly StateGroup[];

/** Index of a microcircuit group by name, e.g. `groupOf('traces')`. */
export function groupOf(name: (typeof MICROCIRCUIT_GROUPS)[number]['name']): number {
  return MICROCIRCUIT_GROUPS.findIndex((g) => g.name === name);
}

/**
 * Where each integrated quantity lives in the circuit's one state vector y. Everything that obeys
 * an ODE is in y, so every integrator advances all of it in the same step. The populations and
 * plastic matrices declare their segments (`declarations`), and every offset follows from that
 * list (segment-layout.ts):
 *
 *     [ u_1 … u_{N−1} | u_N | u^I_1 … u^I_{N−1} | r̄_0 | ū_trgt | ∫u_N dt | Δ… | W… ]
 *       hidden somata  output  interneuron somata  τ_0-filtered  output    plastic traces
 *                                                  input, target integral  and weights
 *
 * The potentials part (up to `potentialsEnd`) is the same for every circuit of a shape; traces and
 * weights of the plastic matrices follow (all traces, then all weights).
 */
export class StateLayout {
  readonly segments: SegmentLayout;
  readonly pyramidal: PlacedSegment[];
  readonly interneuron: PlacedSegment[];
  readonly input: PlacedSegment;
  readonly target: PlacedSegment;
  readonly outputIntegral: PlacedSegment;
  /** End of the potentials part (somata, filters, output integral). */
  readonly potentialsEnd: number;
  readonly plastic: PlasticSlot[];
  readonly traces: Segment;
  readonly weights: Segment;
  readonly size: number;

  constructor(shape: CircuitShape, isPlastic: (c: Connection, index: number) => boolean) {
    const N = shape.depth;
    const matrices: { connection: Connection; index: number; rows: number; cols: number }[] = [];
    for (const connection of CONNECTIONS) {
      for (let index = 0; index < shape.count(connection); index++) {
        if (!isPlastic(connection, index)) continue;
        const [rows, cols] = shape.matrixShape(connection, index);
        matrices.push({ connection, index, rows, cols });
      }
    }
    const name = (m: { connection: Connection; index: number }) => `W^${m.connection}_${m.index + 1}`;
    const declarations: SegmentDeclaration[] = [];
    for (let k = 1; k < N; k++) declarations.push({ name: `layer ${k} pyramidal somata`, group: 'hidden somata', length: shape.dims[k] });
    declarations.push({ name: `layer ${N} output pyramidal somata`, group: 'output somata', length: shape.dims[N] });
    for (let k = 1; k < N; k++) declarations.push({ name: `layer ${k} interneuron somata`, group: 'interneuron somata', length: shape.dims[k + 1] });
    declarations.push({ name: 'filtered input rates', group: 'input filter', length: shape.inputSize });
    declarations.push({ name: 'filtered target', group: 'target filter', length: shape.outputSize });
    declarations.push({ name: 'output integral', group: 'output integral', length: shape.outputSize });
    for (const m of matrices) declarations.push({ name: `trace of ${name(m)}`, group: 'traces', length: m.rows * m.cols });
    for (const m of matrices) declarations.push({ name: name(m), group: 'weights', length: m.rows * m.cols });

    const L = new SegmentLayout(MICROCIRCUIT_GROUPS, declarations);
    this.segments = L;
    this.pyramidal = [];
    for (let k = 1; k < N; k++) this.pyramidal.push(L.segment(`layer ${k} pyramidal somata`));
    this.pyramidal.push(L.segment(`layer ${N} output pyramidal somata`));
    this.interneuron = [];
    for (let k = 1; k < N; k++) this.interneuron.push(L.segment(`layer ${k} interneuron somata`));
    this.input = L.segment('filtered input rates');
    this.target = L.segment('filtered target');
    this.outputIntegral = L.segment('output integral');
    const traces = groupOf('traces');
    this.potentialsEnd = L.bounds[traces];
    this.traces = { offset: L.bounds[traces], length: L.bounds[traces + 1] - L.bounds[traces] };
    this.weights = { offset: L.bounds[traces + 1], length: L.bounds[traces + 2] - L.bounds[traces + 1] };
    this.plastic = matrices.map((m) => ({ ...m, trace: L.segment(`trace of ${name(m)}`).offset, weight: L.segment(name(m)).offset }));
    this.size = L.size;
  }

  /** The slot of a plastic matrix, or undefined when that matrix is fixed. */
  slot(connection: Connection, index: number): PlasticSlot | undefined {
    return this.plastic.find((s) => s.connection === connection && s.index === index);
  }
}
