/**
 * The heavy operations of one integration step — dense matrix–vector products and the fused
 * trace-and-weight update of the plasticity — behind one interface, with a plain-JavaScript
 * implementation (the readable reference) and a WebAssembly SIMD one (the fast path). Both do the
 * same floating-point operations in the same order and give bit-identical results. Arrays are
 * addressed by (array, element offset); the WebAssembly kernels need arrays allocated from their
 * KernelMemory.
 */
export interface DenseKernels {
  readonly kind: KernelKind;
  /** out[outOff + i] = Σ_j W[wOff + i·cols + j]·x[xOff + j] */
  matVec(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void;
  /** out[outOff + i] += Σ_j W[wOff + i·cols + j]·x[xOff + j] */
  matVecAdd(w: Float64Array, wOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void;
  /**
   * One explicit step of τ_w·dΔ/dt = −Δ + e·pᵀ, dW/dt = η·Δ for a rows × cols matrix whose trace
   * and weights lie in y: W ← W + hW·Δ, then Δ ← a·Δ + (hD·e_i)·p_j (docs/model.md, low-pass of the
   * induction terms), with (hW, a, hD) = coef[0…2]: an array rather than three arguments, because
   * V8 allocates a box for a fractional number passed to a function it did not inline.
   */
  filteredUpdate(
    y: Float64Array,
    traceOff: number,
    weightOff: number,
    rows: number,
    cols: number,
    post: Float64Array,
    pre: Float64Array,
    preOff: number,
    coef: Float64Array,
  ): void;
  /**
   * Both products of one pass over a matrix W and its trace Δ of the same shape (the deferred
   * plasticity update, plasticity-window.ts): outW[i] = Σ_j W[wOff + i·cols + j]·x[xOff + j] in
   * matVec's order (the same bits), and outD[i] likewise with Δ from dOff.
   */
  matVecPair(
    y: Float64Array,
    wOff: number,
    dOff: number,
    rows: number,
    cols: number,
    x: Float64Array,
    xOff: number,
    outW: Float64Array,
    outD: Float64Array,
  ): void;
  /**
   * The rank-`count` update that closes a plasticity window (docs/model.md, "The deferred
   * plasticity update"), reading and writing W and Δ once:
   *
   *     W ← (W + c·Δ) + Σ_l (g_l·e_l[i])·p_l[j],   Δ ← A·Δ + Σ_l (f_l·e_l[i])·p_l[j],   l = 0…count−1 in order,
   *
   * with coef = [c, A, g_0, f_0, g_1, f_1, …], e_l = errors[l·rows…], p_l = pres[l·cols…], and
   * `scratch` (2·count doubles) for the factors of one row.
   */
  windowFlush(
    y: Float64Array,
    traceOff: number,
    weightOff: number,
    rows: number,
    cols: number,
    errors: Float64Array,
    pres: Float64Array,
    count: number,
    coef: Float64Array,
    scratch: Float64Array,
  ): void;
  /**
   * Runs a microcircuit step program (src/circuits/fused-step.ts, assembly/fused-step.ts) held in
   * this memory; only the WebAssembly kernels have it.
   */
  readonly runStep?: (program: Int32Array) => void;
}

export type KernelKind = 'js' | 'wasm';
