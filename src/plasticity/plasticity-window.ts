import type { PlasticSlot } from '../anatomy/state-layout.ts';
import type { DenseKernels } from '../kernels/dense-kernels.ts';

/**
 * The exact deferred plasticity update (docs/model.md, "The deferred plasticity update"). Within a
 * window of up to K explicit steps of the same length, the τ_w-filtered trace Δ and the weights W
 * of each plastic matrix evolve linearly from their values W₀ = W(n), Δ₀ = Δ(n) at the window's
 * start:
 *
 *     Δ(n+j) = aʲ·Δ₀ + Σ_{l<j} hD·a^{j−1−l}·e_l·p_lᵀ
 *     W(n+j) = W₀ + hW·S_j·Δ₀ + Σ_{l≤j−2} hW·hD·S_{j−1−l}·e_l·p_lᵀ,   S_i = Σ_{m<i} aᵐ
 *
 * (e_l, p_l: the post-synaptic error and pre-synaptic rates of step n+l). So the product the
 * dynamics need at step n+j is W(n+j)·r = W₀·r + hW·S_j·(Δ₀·r) + Σ_l hW·hD·S_{j−1−l}·(p_l·r)·e_l:
 * W and Δ are only read during the window (one fused pass for both products) and written once,
 * when it closes, as a rank-J update. In exact arithmetic this is the step-by-step update of
 * filteredUpdate (a = 1 − hD for forward and exponential Euler alike); in float64 the two differ
 * by rounding only.
 *
 * The state holds W₀ and Δ₀ while a window is open: `flush` brings it up to date, and whatever reads
 * or changes W, Δ, η or the step length must flush first (the circuit does so).
 */
export class PlasticityWindow {
  /** Steps recorded in the open window (0: closed, the state is up to date). */
  private count = 0;
  /** hTrace and hWeight (the integrator's step factors of traces and weights) of the open window. */
  private hTrace = NaN;
  private hWeight = NaN;
  /** hD = hTrace/τ_w, the trace's gain per step; the trace keeps a = 1 − hD of itself. */
  private hD = 0;
  /** aⁱ and S_i = Σ_{m<i} aᵐ for i = 0…K. */
  private readonly power: Float64Array;
  private readonly partialSum: Float64Array;
  /** Per plastic matrix: errors e_l (K × rows), pre-synaptic rates p_l (K × cols), product buffers. */
  private readonly errors: Float64Array[];
  private readonly pres: Float64Array[];
  private readonly weightProduct: Float64Array[];
  private readonly traceProduct: Float64Array[];
  /** Factors (hW·hD·S_{j−1−l})·(p_l·r) of the corrections of one product, in kernel memory. */
  private readonly factors: Float64Array;
  /** [c, A, g_0, f_0, …] of the closing update and its per-row scratch, in kernel memory. */
  private readonly coef: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly size: number,
    private readonly slots: readonly PlasticSlot[],
    /** η of each slot: the circuit's own array, read live (whoever changes it flushes first). */
    private readonly eta: Float64Array,
    private readonly tauW: number,
    private readonly y: Float64Array,
    private readonly kernels: DenseKernels,
    allocate: (n: number) => Float64Array,
  ) {
    this.power = new Float64Array(size + 1);
    this.partialSum = new Float64Array(size + 1);
    this.errors = slots.map((s) => allocate(size * s.rows));
    this.pres = slots.map((s) => allocate(size * s.cols));
    this.weightProduct = slots.map((s) => allocate(s.rows));
    this.traceProduct = slots.map((s) => allocate(s.rows));
    this.factors = allocate(size);
    this.coef = allocate(2 + 2 * size);
    this.scratch = allocate(2 * size);
  }

  /** True while steps are recorded that the state does not hold yet. */
  get open(): boolean {
    return this.count > 0;
  }

  /**
   * Called before each step's evaluation with that step's factors hTrace = steps[traceGroup] and
   * hWeight = steps[weightGroup] (an array, not numbers, which V8 would box on every call): a
   * window only spans steps of one length, so a change closes it first.
   */
  beginStep(steps: Float64Array, traceGroup: number, weightGroup: number): void {
    const hTrace = steps[traceGroup];
    const hWeight = steps[weightGroup];
    if (this.count > 0 && (hTrace !== this.hTrace || hWeight !== this.hWeight)) this.flush();
    if (this.count > 0 || (hTrace === this.hTrace && hWeight === this.hWeight)) return;
    this.hTrace = hTrace;
    this.hWeight = hWeight;
    // The same a and hD as the step-by-step kernel (dendritic-plasticity.ts `step`).
    const hD = hTrace / this.tauW;
    const a = 1 - hD;
    this.hD = hD;
    this.power[0] = 1;
    this.partialSum[0] = 0;
    for (let i = 0; i < this.size; i++) {
      this.power[i + 1] = this.power[i] * a;
      this.partialSum[i + 1] = this.partialSum[i] + this.power[i];
    }
  }

  /**
   * out = W(n+j)·r of plastic matrix m at the current step j of the window (out += … when `add`),
   * r = pre[preOff…]: W₀·r on the first step, else W₀·r + hW·S_j·(Δ₀·r) + the rank-one corrections.
   */
  product(m: number, pre: Float64Array, preOff: number, out: Float64Array, add: boolean): void {
    const slot = this.slots[m];
    const rows = slot.rows;
    const cols = slot.cols;
    const j = this.count;
    if (j === 0) {
      if (add) this.kernels.matVecAdd(this.y, slot.weight, rows, cols, pre, preOff, out, 0);
      else this.kernels.matVec(this.y, slot.weight, rows, cols, pre, preOff, out, 0);
      return;
    }
    const x = this.weightProduct[m];
    const z = this.traceProduct[m];
    this.kernels.matVecPair(this.y, slot.weight, slot.trace, rows, cols, pre, preOff, x, z);
    const hW = this.hWeight * this.eta[m];
    const c = hW * this.partialSum[j];
    const g = hW * this.hD;
    const P = this.pres[m];
    const E = this.errors[m];
    const f = this.factors;
    // The pair e_{j−1}·p_{j−1}ᵀ has not reached W yet (S_0 = 0): corrections run over l ≤ j − 2.
    const terms = j - 1;
    // p_l·r for every l at once: the recorded rates are a terms × cols matrix.
    if (terms > 0) this.kernels.matVec(P, 0, terms, cols, pre, preOff, f, 0);
    for (let l = 0; l < terms; l++) f[l] = g * this.partialSum[j - 1 - l] * f[l];
    for (let i = 0; i < rows; i++) x[i] += c * z[i];
    for (let l = 0; l < terms; l++) {
      const fl = f[l];
      const e0 = l * rows;
      for (let i = 0; i < rows; i++) x[i] += fl * E[e0 + i];
    }
    if (add) for (let i = 0; i < rows; i++) out[i] += x[i];
    else for (let i = 0; i < rows; i++) out[i] = x[i];
  }

  /** Records the step's error e and pre-synaptic rates p of plastic matrix m. */
  record(m: number, error: Float64Array, pre: Float64Array, preOff: number): void {
    const slot = this.slots[m];
    const E = this.errors[m];
    const e0 = this.count * slot.rows;
    for (let i = 0; i < slot.rows; i++) E[e0 + i] = error[i];
    const P = this.pres[m];
    const p0 = this.count * slot.cols;
    for (let k = 0; k < slot.cols; k++) P[p0 + k] = pre[preOff + k];
  }

  /** Ends the step whose pairs every matrix has recorded; a full window is written to the state. */
  endStep(): void {
    this.count++;
    if (this.count === this.size) this.flush();
  }

  /** Writes W(n+J) and Δ(n+J) of every plastic matrix into the state and closes the window. */
  flush(): void {
    const J = this.count;
    if (J === 0) return;
    const coef = this.coef;
    const S = this.partialSum;
    const pow = this.power;
    for (let m = 0; m < this.slots.length; m++) {
      const slot = this.slots[m];
      const hW = this.hWeight * this.eta[m];
      coef[0] = hW * S[J];
      coef[1] = pow[J];
      const g = hW * this.hD;
      for (let l = 0; l < J; l++) {
        coef[2 + 2 * l] = g * S[J - 1 - l];
        coef[3 + 2 * l] = this.hD * pow[J - 1 - l];
      }
      this.kernels.windowFlush(this.y, slot.trace, slot.weight, slot.rows, slot.cols, this.errors[m], this.pres[m], J, coef, this.scratch);
    }
    this.count = 0;
  }
}
