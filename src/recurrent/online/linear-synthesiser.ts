import type { Optimizer } from '../../core/optimizer.ts';
import type { KernelKind } from '../../kernels/dense-kernels.ts';
import { defaultRecurrentKernelKind } from '../../kernels/recurrent-kernel-memory.ts';
import { gemmTN } from '../gemm.ts';
import { LayerMemory } from '../layer-memory.ts';

/**
 * The linear synthesiser g(s; θ) = θ_W·s + θ_b of BP(λ) (Pemberton & Ponte Costa, TMLR 2024;
 * neuralml/bp_lambda, src/model/synthesiser.py with no hidden layer), zero-initialised, predicting
 * the gradient of future losses G_t ≈ ∂L_{>t}/∂s_t, and its per-sequence eligibility traces.
 *
 * Parameters θ: S rows × (S + 1) columns, row-major, θ[j·(S+1) + k] = θ_W[j, k] for k < S and
 * θ_b[j] for k = S; so g_j(s) = Σ_k θ[j, k]·z_k with z = [s; 1].
 *
 * Eligibility trace of sequence b (issue 16; the authors' update_etraces_linear, which keeps one
 * dense batch × S × |θ| trace per sequence and decays it with torch.bmm):
 *   e_t = γλ·J_t·e_{t−1} + ∂g(s_t)/∂θ,   an S × |θ| matrix, |θ| = S(S + 1),
 * with J_t = ∂s_t/∂s_{t−1}. Kronecker structure: ∂g(s)/∂θ = I_S ⊗ zᵀ, so the trace after r
 * injections is a sum of r Kronecker products,
 *   e_t = Σ_τ A_τ ⊗ z_τᵀ,   A_τ = (γλ)^{t−τ}·J_t·…·J_{τ+1}   (S × S each),
 * and the decay J_t·e_{t−1} acts on the A_τ only. The trace is kept in this factored form, the
 * S × S·r matrix A = [A_0 … A_{r−1}] and the r × (S + 1) matrix Z of the z_τ: a decay is one
 * S × S by S × S·r product per sequence, all B of them in one batched GEMM (the WebAssembly SIMD
 * kernel of assembly/recurrent-kernels.ts, or gemmNN with kernels 'js'), and an injection appends
 * the block I and the row z. Once r would exceed S + 1 (z spans at most S + 1 dimensions), A is
 * multiplied out onto the standard basis (Z = I, A_k the k-th column block of the dense trace) and
 * later injections add z_k·I to block k. Cost per step and sequence with γλ ≠ 0:
 * S³·min(r, S + 1) multiply–adds for J·e (r = steps since the sequence start) instead of the dense
 * S³(S + 1); the update δᵀ·e costs S²·r + S(S + 1)·r. With λ = 0 the trace is I ⊗ z_tᵀ (r = 1):
 * O(S²) per step. Memory: 2·B·S²·min(T, S + 1) numbers for A (two buffers, the GEMM's input and
 * output), T the `steps` given to resetTraces.
 *
 * The update: `accumulate(δ)` adds −(1/B)·Σ_b δ_bᵀ·e_b to `gradients` (the descent direction of
 * Δθ ∝ δ·e, batch mean as in the authors' code), `applyUpdate` hands it to the optimizer.
 * Where we differ from the authors' code: they rescale each step's update to norm 1 when it is
 * larger; here the caller may clip the accumulated gradient instead.
 */
export class LinearSynthesiser {
  readonly parameters: Float64Array;
  readonly gradients: Float64Array;
  /** Columns of θ, S + 1. */
  readonly width: number;
  /** |θ| = S(S + 1), the columns of one sequence's dense trace. */
  readonly traceWidth: number;
  /** Where the trace lives and which GEMM decays it ('wasm' when built, else 'js'). */
  readonly kernels: KernelKind;
  batch = 0;
  /** Most Kronecker terms a trace holds before it is multiplied out: min(steps, S + 1). */
  private terms = 0;
  /** Kronecker terms held now (r), the same for every sequence of the batch. */
  private r = 0;
  /** Whether the traces are on the standard basis (Z = I, r = S + 1). */
  private dense = false;
  private readonly memory: LayerMemory;
  /** B × S × S: γλ·J_t of each sequence. */
  private jac = new Float64Array(0);
  /** B × S × (S·terms): A of each sequence, row i of sequence b at (b·S + i)·S·terms, block τ at column τ·S. */
  private factors = new Float64Array(0);
  /** The batched GEMM's output, swapped with `factors` after each decay. */
  private spare = new Float64Array(0);
  /** B × terms × (S + 1): Z of each sequence. */
  private inputs = new Float64Array(0);
  /** B × S: −δ_b/B. */
  private scaledDelta = new Float64Array(0);
  /** B × S·terms: δ_bᵀ·A_b. */
  private projected = new Float64Array(0);
  /** S × (S + 1): one accumulate's Σ_b (δ_bᵀ·A_b)·Z_b. */
  private update = new Float64Array(0);

  constructor(
    readonly size: number,
    readonly optimizer: Optimizer,
    kernels: KernelKind = defaultRecurrentKernelKind(),
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`synthesiser size must be a positive integer, got ${size}`);
    this.width = size + 1;
    this.traceWidth = size * this.width;
    this.parameters = new Float64Array(this.traceWidth);
    this.gradients = new Float64Array(this.traceWidth);
    this.kernels = kernels;
    this.memory = new LayerMemory(kernels);
  }

  /** out[b] = g(s_b) for B state rows (row b at sOff + b·ld), out rows of S at outOff + b·S. */
  predict(batch: number, states: Float64Array, sOff: number, ld: number, out: Float64Array, outOff: number): void {
    const S = this.size;
    const w = this.width;
    const p = this.parameters;
    for (let b = 0; b < batch; b++) {
      const s = sOff + b * ld;
      for (let j = 0; j < S; j++) {
        const row = j * w;
        let sum = p[row + S];
        for (let k = 0; k < S; k++) sum += p[row + k] * states[s + k];
        out[outOff + b * S + j] = sum;
      }
    }
  }

  /**
   * Empties all B traces (sequence start). `steps`: the most injections a trace will take before
   * the next reset or a decay-0 update (the sequence length for BP(λ), 1 when every update has
   * decay 0); it sizes the factored trace.
   */
  resetTraces(batch: number, steps: number): void {
    if (!(Number.isInteger(batch) && batch >= 1)) throw new RangeError(`batch must be a positive integer, got ${batch}`);
    if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
    const terms = Math.min(steps, this.width);
    if (batch !== this.batch || terms !== this.terms) {
      const S = this.size;
      const a = batch * S * S * terms;
      [this.jac, this.factors, this.spare, this.inputs, this.scaledDelta, this.projected, this.update] = this.memory.allocate([batch * S * S, a, a, batch * terms * this.width, batch * S, batch * S * terms, S * this.width]);
      this.batch = batch;
      this.terms = terms;
    }
    this.r = 0;
    this.dense = false;
  }

  /** Writes row i of sequence b's trace, e_b[i, ·] (|θ| numbers, column j·(S + 1) + k), into out. */
  traceRow(b: number, i: number, out: Float64Array): void {
    const S = this.size;
    const w = this.width;
    const ld = S * this.terms;
    const row = (b * S + i) * ld;
    for (let j = 0; j < S; j++) {
      for (let k = 0; k < w; k++) {
        let sum = 0;
        if (this.dense) sum = this.factors[row + k * S + j];
        else for (let t = 0; t < this.r; t++) sum += this.factors[row + t * S + j] * this.inputs[(b * this.terms + t) * w + k];
        out[j * w + k] = sum;
      }
    }
  }

  /**
   * e_b ← decay·J_b·e_b + I ⊗ [s_b; 1]ᵀ for each sequence b. J: B × S × S (J[(b·S + i)·S + m] =
   * ∂s_t[i]/∂s_{t−1}[m]), or null with decay 0 (λ = 0, or the first step). States as in predict.
   */
  updateTraces(decay: number, jacobians: Float64Array | null, states: Float64Array, sOff: number, ld: number): void {
    const S = this.size;
    const B = this.batch;
    if (B === 0) throw new Error('updateTraces needs resetTraces() first');
    if (decay === 0 || jacobians === null) {
      this.r = 0;
      this.dense = false;
    } else if (this.r > 0) {
      const n = S * S;
      for (let k = 0; k < B * n; k++) this.jac[k] = decay * jacobians[k];
      const ldA = S * this.terms;
      const cols = S * this.r;
      const out = this.spare;
      for (let row = 0; row < B * S; row++) out.fill(0, row * ldA, row * ldA + cols);
      this.memory.nnBatched(B, S, cols, S, this.jac, 0, n, S, this.factors, 0, S * ldA, ldA, out, 0, S * ldA, ldA);
      this.spare = this.factors;
      this.factors = out;
    }
    this.inject(states, sOff, ld);
  }

  /** Adds I ⊗ z_bᵀ to each trace, z_b = [s_b; 1]. */
  private inject(states: Float64Array, sOff: number, ld: number): void {
    const S = this.size;
    const w = this.width;
    const B = this.batch;
    const ldA = S * this.terms;
    if (!this.dense && this.r === this.terms) {
      if (this.terms < w) throw new Error(`LinearSynthesiser: more than ${this.terms} injections since the last reset; resetTraces(batch, steps) must be given the sequence length`);
      this.multiplyOut();
    }
    const A = this.factors;
    if (this.dense) {
      // block k += z_k·I
      for (let b = 0; b < B; b++) {
        const s = sOff + b * ld;
        for (let i = 0; i < S; i++) {
          const row = (b * S + i) * ldA + i;
          for (let k = 0; k < S; k++) A[row + k * S] += states[s + k];
          A[row + S * S] += 1;
        }
      }
      return;
    }
    const t = this.r;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < S; i++) {
        const at = (b * S + i) * ldA + t * S;
        A.fill(0, at, at + S);
        A[at + i] = 1;
      }
      const z = (b * this.terms + t) * w;
      const s = sOff + b * ld;
      for (let k = 0; k < S; k++) this.inputs[z + k] = states[s + k];
      this.inputs[z + S] = 1;
    }
    this.r = t + 1;
  }

  /** A ← the dense trace, block k = Σ_τ Z[τ, k]·A_τ (Z becomes I): row i of sequence b is Zᵀ·[A_τ row i]_τ. */
  private multiplyOut(): void {
    const S = this.size;
    const w = this.width;
    const ldA = S * this.terms;
    const out = this.spare;
    out.fill(0, 0, this.batch * S * ldA);
    for (let b = 0; b < this.batch; b++) {
      for (let i = 0; i < S; i++) {
        const row = (b * S + i) * ldA;
        gemmTN(w, S, this.r, this.inputs, b * this.terms * w, w, this.factors, row, S, out, row, S);
      }
    }
    this.spare = this.factors;
    this.factors = out;
    this.dense = true;
  }

  /** gradients −= (1/B)·Σ_b δ_bᵀ·e_b for the TD errors δ (B × S, row b at b·S). */
  accumulate(delta: Float64Array): void {
    const S = this.size;
    const w = this.width;
    const B = this.batch;
    const ldA = S * this.terms;
    const cols = S * this.r;
    if (this.r === 0) return;
    for (let k = 0; k < B * S; k++) this.scaledDelta[k] = -delta[k] / B;
    // u_b = (−δ_b/B)ᵀ·A_b for every b in one batched product
    const u = this.projected;
    u.fill(0, 0, B * cols);
    this.memory.nnBatched(B, 1, cols, S, this.scaledDelta, 0, S, S, this.factors, 0, S * ldA, ldA, u, 0, cols, cols);
    const g = this.gradients;
    if (this.dense) {
      // Z = I: θ[j, k] gets u_b[k·S + j]
      for (let b = 0; b < B; b++) for (let k = 0; k < w; k++) for (let j = 0; j < S; j++) g[j * w + k] += u[b * cols + k * S + j];
      return;
    }
    // θ[j, k] gets Σ_τ u_b[τ·S + j]·Z_b[τ, k]
    const upd = this.update;
    upd.fill(0);
    for (let b = 0; b < B; b++) gemmTN(S, w, this.r, u, b * cols, S, this.inputs, b * this.terms * w, w, upd, 0, w);
    for (let k = 0; k < S * w; k++) g[k] += upd[k];
  }

  /** One optimizer step on the accumulated gradient, then zeroes it. */
  applyUpdate(): void {
    this.optimizer.step(this.parameters, this.gradients, 0);
    this.gradients.fill(0);
  }
}
