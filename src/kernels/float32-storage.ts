import type { DenseKernels, KernelKind } from './dense-kernels.ts';
import { Float32Memory, type Float32Ops } from './float32-ops.ts';

/** A plastic matrix inside the state vector: offsets of its trace Δ and weights W, and its shape. */
export interface PlasticMatrix {
  readonly trace: number;
  readonly weight: number;
  readonly rows: number;
  readonly cols: number;
}

/**
 * The microcircuit's `"precision": "float32"` (docs/experiment-format.md): the matrices the step
 * streams through — the plastic weights, their τ_w traces and the fixed weights — are kept in
 * float32 and the products and the fused trace-and-weight update run in float32 (f32x4 SIMD,
 * float32-ops.ts). Everything else stays float64: somata, filters, output integral, rates, errors,
 * and the dendritic potentials each product returns (a float32 sum, widened exactly).
 *
 * It is a DenseKernels that the circuit's evaluation uses unchanged: a product over the state vector
 * `state` reads the float32 copy of its plastic part (from `plasticStart` on, same offsets), a product
 * over one of the `fixed` float64 matrices reads that matrix's float32 copy.
 *
 * A step's update of a plastic matrix (`filteredUpdate`) is recorded — its scaled errors, rates and
 * factors — and applied in the same pass as that matrix's next product, which reads the updated
 * weights (`updateMatVec`): each plastic matrix is read and written once per step instead of read
 * twice. The arithmetic is that of the update followed by the product, so the bits are the same.
 *
 * The float64 state stays the system of record outside a step: `store` applies the recorded
 * updates and writes the float32 plastic part into it (exactly) before anyone reads it, when a step
 * has changed it, so checkpoints, probes and `weights()` see the state as they always did. The
 * other way, `load` is called only by the writers of the state (a restored checkpoint or learner
 * state, new weights: the microcircuit's `setState`, `setWeights`, `restoreSettings`), so an advance
 * copies nothing.
 */
export class Float32Storage implements DenseKernels {
  readonly kind: KernelKind;
  /** Threads the float32 kernels run on (Float32Memory): 2 only when asked for and available. */
  readonly threads: 1 | 2;
  private readonly memory: Float32Memory;
  private readonly ops: Float32Ops;
  /** Traces and weights of the plastic matrices, laid out like state[plasticStart …]. */
  private readonly plastic: Float32Array;
  private readonly fixed32: Map<Float64Array, Float32Array>;
  /** Index of a plastic matrix by the state offset of its weights. */
  private readonly slotOf: Map<number, number>;
  /** Per plastic matrix, the recorded update: hD·e, p, [hW, a], and whether one is pending. */
  private readonly pendingE: Float32Array[];
  private readonly pendingP: Float32Array[];
  private readonly pendingCoef: Float32Array[];
  private readonly pending: Uint8Array;
  /** A product's input and output. */
  private readonly x: Float32Array;
  private readonly out: Float32Array;
  /** The state's plastic part (a view), which `load` and `store` convert from and to in one native pass. */
  private readonly statePlastic: Float64Array;
  /** True when the float32 plastic part has changed since it was last written to the state. */
  private dirty = false;

  constructor(
    kind: KernelKind,
    private readonly state: Float64Array,
    private readonly plasticStart: number,
    private readonly matrices: readonly PlasticMatrix[],
    private readonly fixed: readonly Float64Array[],
    /** The longest input and output of any product (largest cols and rows). */
    maxCols: number,
    maxRows: number,
    /** 2: share the rows of every large product and update with a worker thread (the same bits). */
    threads: 1 | 2 = 1,
  ) {
    const plasticLength = state.length - plasticStart;
    const lengths = [plasticLength, ...fixed.map((m) => m.length), ...matrices.flatMap((m) => [m.rows, m.cols, 2]), maxCols, maxRows];
    const memory = new Float32Memory(kind, lengths, threads);
    this.memory = memory;
    this.threads = memory.threads;
    this.ops = memory.ops;
    this.kind = memory.ops.kind;
    this.plastic = memory.allocate(plasticLength);
    this.statePlastic = state.subarray(plasticStart);
    this.fixed32 = new Map(fixed.map((m) => [m, memory.allocate(m.length)]));
    this.slotOf = new Map(matrices.map((m, k) => [m.weight, k]));
    this.pendingE = matrices.map((m) => memory.allocate(m.rows));
    this.pendingP = matrices.map((m) => memory.allocate(m.cols));
    this.pendingCoef = matrices.map(() => memory.allocate(2));
    this.pending = new Uint8Array(matrices.length);
    this.x = memory.allocate(maxCols);
    this.out = memory.allocate(maxRows);
  }

  /** Ends the kernels' worker thread, if they have one; the storage must not be used afterwards. */
  dispose(): void {
    this.memory.dispose();
  }

  /**
   * Reads the state's plastic part, just written by the caller, into float32 (rounding to nearest)
   * and writes the rounded values back, so that the state holds exactly what the kernels use;
   * recorded updates are dropped (the state replaces them).
   */
  load(): void {
    this.plastic.set(this.statePlastic);
    this.statePlastic.set(this.plastic);
    this.pending.fill(0);
    this.dirty = false;
  }

  /** Applies the recorded updates and writes the float32 plastic part into the state (exactly), if a step changed it. */
  store(): void {
    if (!this.dirty) return;
    for (let k = 0; k < this.matrices.length; k++) {
      if (this.pending[k] === 0) continue;
      const m = this.matrices[k];
      this.ops.filteredUpdate(this.plastic, m.trace - this.plasticStart, m.weight - this.plasticStart, m.rows, m.cols, this.pendingE[k], this.pendingP[k], this.pendingCoef[k]);
      this.pending[k] = 0;
    }
    this.statePlastic.set(this.plastic);
    this.dirty = false;
  }

  /**
   * Rounds every fixed float64 matrix to float32 in place and copies it into its float32 copy, and
   * the same for the state's plastic part: afterwards the float64 arrays hold exactly the values
   * the float32 kernels use.
   */
  roundAll(): void {
    this.store();
    for (const m of this.fixed) {
      const c = this.fixed32.get(m)!;
      for (let i = 0; i < m.length; i++) {
        c[i] = m[i];
        m[i] = c[i];
      }
    }
    this.load();
  }

  matVec(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    this.product(w, wOff, rows, cols, x, xOff);
    const o = this.out;
    for (let i = 0; i < rows; i++) out[outOff + i] = o[i];
  }

  matVecAdd(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    this.product(w, wOff, rows, cols, x, xOff);
    const o = this.out;
    for (let i = 0; i < rows; i++) out[outOff + i] += o[i];
  }

  /**
   * Records the float32 step W ← W + hW·Δ, Δ ← a·Δ + (hD·e_i)·p_j of the plastic matrix whose
   * weights are at `weightOff` (coef = [hW, a, hD] as for float64); it is applied before the matrix
   * is next read. A matrix steps at most once between two of its products.
   */
  filteredUpdate(y: Float64Array, _traceOff: number, weightOff: number, rows: number, cols: number, post: Float64Array, pre: Float64Array, preOff: number, coef: Float64Array): void {
    const k = this.slotOf.get(weightOff);
    if (y !== this.state || k === undefined) throw new Error('Float32Storage: the fused update runs on a plastic matrix of the circuit state only');
    if (this.pending[k] !== 0) throw new Error('Float32Storage: two updates of one matrix without a product between them');
    const hD = coef[2];
    const e = this.pendingE[k];
    for (let i = 0; i < rows; i++) e[i] = hD * post[i];
    const p = this.pendingP[k];
    for (let j = 0; j < cols; j++) p[j] = pre[preOff + j];
    const c = this.pendingCoef[k];
    c[0] = coef[0];
    c[1] = coef[1];
    this.pending[k] = 1;
    this.dirty = true;
  }

  matVecPair(): void {
    throw new Error('Float32Storage: the deferred plasticity update (plasticityWindow > 1) has no float32 kernels');
  }

  windowFlush(): void {
    throw new Error('Float32Storage: the deferred plasticity update (plasticityWindow > 1) has no float32 kernels');
  }

  /** this.out = W·x in float32, W the float32 copy of `w` (the state's plastic part, its recorded update applied first, or a fixed matrix). */
  private product(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number): void {
    const xs = this.x;
    for (let j = 0; j < cols; j++) xs[j] = x[xOff + j];
    if (w === this.state) {
      const k = this.slotOf.get(wOff);
      const off = wOff - this.plasticStart;
      if (k !== undefined && this.pending[k] !== 0) {
        const m = this.matrices[k];
        this.ops.updateMatVec(this.plastic, m.trace - this.plasticStart, off, rows, cols, this.pendingE[k], this.pendingP[k], this.pendingCoef[k], xs, this.out);
        this.pending[k] = 0;
      } else {
        this.ops.matVec(this.plastic, off, rows, cols, xs, this.out);
      }
      return;
    }
    const c = this.fixed32.get(w);
    if (c === undefined) throw new Error('Float32Storage: a product over a matrix it does not store');
    this.ops.matVec(c, wOff, rows, cols, xs, this.out);
  }
}
