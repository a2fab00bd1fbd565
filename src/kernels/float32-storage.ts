import type { DenseKernels, KernelKind } from './dense-kernels.ts';
import { Float32Memory, type Float32Ops } from './float32-ops.ts';

/**
 * The microcircuit's `"precision": "float32"` (docs/experiment-format.md): the matrices the step
 * streams through — the plastic weights, their τ_w traces and the fixed weights — are kept in
 * float32 and the products and the fused trace-and-weight update run in float32 (f32x4 SIMD,
 * float32-ops.ts). Everything else stays float64: somata, filters, output integral, rates, errors,
 * and the dendritic potentials each product returns (a float32 sum, widened exactly).
 *
 * It is a DenseKernels that the circuit's evaluation uses unchanged: a product over the state vector
 * `state` reads the float32 copy of its plastic part (from `plasticStart` on, same offsets), a product
 * over one of the `fixed` float64 matrices reads that matrix's float32 copy. The float64 state stays
 * the system of record outside a step: `store` writes the float32 plastic part into it (exactly)
 * before anyone reads it, and `load` reads it back (rounding to float32) at the start of every
 * advance, so checkpoints, probes and `weights()` see the state as it always was.
 */
export class Float32Storage implements DenseKernels {
  readonly kind: KernelKind;
  private readonly ops: Float32Ops;
  /** Traces and weights of the plastic matrices, laid out like state[plasticStart …]. */
  private readonly plastic: Float32Array;
  private readonly fixed32: Map<Float64Array, Float32Array>;
  /** A product's input and output, an update's scaled errors and rates, and [hW, a]. */
  private readonly x: Float32Array;
  private readonly out: Float32Array;
  private readonly e: Float32Array;
  private readonly coef: Float32Array;
  /** True when the float32 plastic part has changed since it was last written to the state. */
  private dirty = false;

  constructor(
    kind: KernelKind,
    private readonly state: Float64Array,
    private readonly plasticStart: number,
    private readonly fixed: readonly Float64Array[],
    /** The longest input and output of any product (largest cols and rows). */
    maxCols: number,
    maxRows: number,
  ) {
    const plasticLength = state.length - plasticStart;
    const memory = new Float32Memory(kind, [plasticLength, ...fixed.map((m) => m.length), maxCols, maxRows, maxRows, 2]);
    this.ops = memory.ops;
    this.kind = memory.ops.kind;
    this.plastic = memory.allocate(plasticLength);
    this.fixed32 = new Map(fixed.map((m) => [m, memory.allocate(m.length)]));
    this.x = memory.allocate(maxCols);
    this.out = memory.allocate(maxRows);
    this.e = memory.allocate(maxRows);
    this.coef = memory.allocate(2);
  }

  /** Reads the state's plastic part into float32 (rounding to nearest). */
  load(): void {
    const p = this.plastic;
    const y = this.state;
    const s = this.plasticStart;
    for (let i = 0; i < p.length; i++) p[i] = y[s + i];
    this.dirty = false;
  }

  /** Writes the float32 plastic part into the state (exactly) if a step changed it. */
  store(): void {
    if (!this.dirty) return;
    const p = this.plastic;
    const y = this.state;
    const s = this.plasticStart;
    for (let i = 0; i < p.length; i++) y[s + i] = p[i];
    this.dirty = false;
  }

  /**
   * Rounds every fixed float64 matrix to float32 in place and copies it into its float32 copy, and
   * the same for the state's plastic part: afterwards the float64 arrays hold exactly the values
   * the float32 kernels use.
   */
  roundAll(): void {
    for (const m of this.fixed) {
      const c = this.fixed32.get(m)!;
      for (let i = 0; i < m.length; i++) {
        c[i] = m[i];
        m[i] = c[i];
      }
    }
    this.load();
    this.dirty = true;
    this.store();
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

  /** The float32 fused step of the state's plastic matrix at (traceOff, weightOff); coef = [hW, a, hD] as for float64. */
  filteredUpdate(y: Float64Array, traceOff: number, weightOff: number, rows: number, cols: number, post: Float64Array, pre: Float64Array, preOff: number, coef: Float64Array): void {
    if (y !== this.state) throw new Error('Float32Storage: the fused update runs on the circuit state only');
    const hD = coef[2];
    const e = this.e;
    for (let i = 0; i < rows; i++) e[i] = hD * post[i];
    const x = this.x;
    for (let j = 0; j < cols; j++) x[j] = pre[preOff + j];
    this.coef[0] = coef[0];
    this.coef[1] = coef[1];
    this.ops.filteredUpdate(this.plastic, traceOff - this.plasticStart, weightOff - this.plasticStart, rows, cols, e, x, this.coef);
    this.dirty = true;
  }

  matVecPair(): void {
    throw new Error('Float32Storage: the deferred plasticity update (plasticityWindow > 1) has no float32 kernels');
  }

  windowFlush(): void {
    throw new Error('Float32Storage: the deferred plasticity update (plasticityWindow > 1) has no float32 kernels');
  }

  /** this.out = W·x in float32, W the float32 copy of `w` (the state's plastic part or a fixed matrix). */
  private product(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number): void {
    let m: Float32Array;
    let off: number;
    if (w === this.state) {
      m = this.plastic;
      off = wOff - this.plasticStart;
    } else {
      const c = this.fixed32.get(w);
      if (c === undefined) throw new Error('Float32Storage: a product over a matrix it does not store');
      m = c;
      off = wOff;
    }
    const xs = this.x;
    for (let j = 0; j < cols; j++) xs[j] = x[xOff + j];
    this.ops.matVec(m, off, rows, cols, xs, this.out);
  }
}
