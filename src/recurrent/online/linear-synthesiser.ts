import type { Optimizer } from '../../core/optimizer.ts';
import { gemmNN } from '../gemm.ts';

/**
 * The linear synthesiser g(s; θ) = θ_W·s + θ_b of BP(λ) (Pemberton & Ponte Costa, TMLR 2024;
 * neuralml/bp_lambda, src/model/synthesiser.py with no hidden layer), zero-initialised, predicting
 * the gradient of future losses G_t ≈ ∂L_{>t}/∂s_t, and its per-sequence eligibility traces.
 *
 * Parameters θ: S rows × (S + 1) columns, row-major, θ[j·(S+1) + k] = θ_W[j, k] for k < S and
 * θ_b[j] for k = S; so g_j(s) = Σ_k θ[j, k]·z_k with z = [s; 1].
 *
 * Eligibility trace of sequence b (issue 16; the paper's accumulate BP(λ)):
 *   e_t = γλ·J_t·e_{t−1} + ∂g(s_t)/∂θ,   an S × |θ| matrix, |θ| = S(S + 1),
 * with J_t = ∂s_t/∂s_{t−1}. Kronecker structure: ∂g(s)/∂θ = I_S ⊗ zᵀ. A trace that is only
 * this injection (e_0, or every step with λ = 0, and the one-step targets of BPTT+SG) is kept as
 * z alone (S + 1 numbers) and its update δᵀ·e = δ ⊗ zᵀ costs S(S + 1); the first decay of such a
 * trace is J ⊗ zᵀ, S²(S + 1) products with no matrix product. Later decays J_t·e_{t−1} act on
 * the first index only: one S × S by S × S(S+1) matrix product, and the injection adds z to the S
 * diagonal blocks (S(S + 1) additions, not a dense S × S(S+1) matrix).
 * Cost per step and sequence with γλ ≠ 0: S³(S + 1) multiply–adds for J·e (the dominant term,
 * RTRL-like), S(S + 1) for the injection, S²(S + 1) for δᵀ·e; memory S²(S + 1) numbers per
 * sequence (S = 30: 837,000 multiply–adds). With λ = 0: O(S²) per step and sequence.
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
  /** |θ| = S(S + 1), the columns of one sequence's trace. */
  readonly traceWidth: number;
  batch = 0;
  /** B × S × |θ|: traces[(b·S + i)·|θ| + j·(S+1) + k] = e_b[i, (j, k)]; stale while the traces are the bare injection (read them with traceRow). */
  traces = new Float64Array(0);
  private work: Float64Array;
  private scaledDelta: Float64Array;
  /** B × (S + 1): z of each sequence while its trace is the bare injection I ⊗ zᵀ (`injectionOnly`). */
  private inputs = new Float64Array(0);
  /** True while every trace is I ⊗ zᵀ with z in `inputs` (the dense `traces` are then stale). */
  private injectionOnly = false;

  constructor(
    readonly size: number,
    readonly optimizer: Optimizer,
  ) {
    if (!(Number.isInteger(size) && size >= 1)) throw new RangeError(`synthesiser size must be a positive integer, got ${size}`);
    this.width = size + 1;
    this.traceWidth = size * this.width;
    this.parameters = new Float64Array(this.traceWidth);
    this.gradients = new Float64Array(this.traceWidth);
    this.work = new Float64Array(size * this.traceWidth);
    this.scaledDelta = new Float64Array(size);
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

  /** Sets all B traces to zero (sequence start). */
  resetTraces(batch: number): void {
    const n = batch * this.size * this.traceWidth;
    if (this.traces.length !== n) this.traces = new Float64Array(n);
    this.inputs = this.inputs.length === batch * this.width ? this.inputs : new Float64Array(batch * this.width);
    this.inputs.fill(0);
    this.injectionOnly = true;
    this.batch = batch;
  }

  /** Writes row i of sequence b's trace, e_b[i, ·] (|θ| numbers), into out. */
  traceRow(b: number, i: number, out: Float64Array): void {
    const M = this.traceWidth;
    if (!this.injectionOnly) {
      out.set(this.traces.subarray((b * this.size + i) * M, (b * this.size + i + 1) * M));
      return;
    }
    out.fill(0);
    for (let k = 0; k < this.width; k++) out[i * this.width + k] = this.inputs[b * this.width + k];
  }

  /**
   * e_b ← decay·J_b·e_b + I ⊗ [s_b; 1]ᵀ for each sequence b. J: B × S × S (J[(b·S + i)·S + m] =
   * ∂s_t[i]/∂s_{t−1}[m]), or null with decay 0 (λ = 0, or the first step). States as in predict.
   */
  updateTraces(decay: number, jacobians: Float64Array | null, states: Float64Array, sOff: number, ld: number): void {
    const S = this.size;
    const M = this.traceWidth;
    const w = this.width;
    const e = this.traces;
    if (decay === 0 || jacobians === null) {
      // e = I ⊗ zᵀ: keep z only
      for (let b = 0; b < this.batch; b++) {
        for (let k = 0; k < S; k++) this.inputs[b * w + k] = states[sOff + b * ld + k];
        this.inputs[b * w + S] = 1;
      }
      this.injectionOnly = true;
      return;
    }
    for (let b = 0; b < this.batch; b++) {
      const eOff = b * S * M;
      if (this.injectionOnly) {
        // J·(I ⊗ zᵀ) = J ⊗ zᵀ: e[i, (j, k)] = decay·J[i, j]·z[k]
        const z = b * w;
        for (let i = 0; i < S; i++) {
          for (let j = 0; j < S; j++) {
            const f = decay * jacobians[(b * S + i) * S + j];
            const at = eOff + i * M + j * w;
            for (let k = 0; k < w; k++) e[at + k] = f * this.inputs[z + k];
          }
        }
      } else {
        const work = this.work;
        work.fill(0);
        gemmNN(S, M, S, jacobians, b * S * S, S, e, eOff, M, work, 0, M);
        for (let k = 0; k < S * M; k++) e[eOff + k] = decay * work[k];
      }
      const s = sOff + b * ld;
      for (let j = 0; j < S; j++) {
        const at = eOff + j * M + j * w;
        for (let k = 0; k < S; k++) e[at + k] += states[s + k];
        e[at + S] += 1;
      }
    }
    this.injectionOnly = false;
  }

  /** gradients −= (1/B)·Σ_b δ_bᵀ·e_b for the TD errors δ (B × S, row b at b·S). */
  accumulate(delta: Float64Array): void {
    const S = this.size;
    const M = this.traceWidth;
    const d = this.scaledDelta;
    if (this.injectionOnly) {
      // δᵀ·(I ⊗ zᵀ) = δ ⊗ zᵀ
      const w = this.width;
      for (let b = 0; b < this.batch; b++) {
        for (let j = 0; j < S; j++) {
          const f = -delta[b * S + j] / this.batch;
          for (let k = 0; k < w; k++) this.gradients[j * w + k] += f * this.inputs[b * w + k];
        }
      }
      return;
    }
    for (let b = 0; b < this.batch; b++) {
      for (let i = 0; i < S; i++) d[i] = -delta[b * S + i] / this.batch;
      gemmNN(1, M, S, d, 0, S, this.traces, b * S * M, M, this.gradients, 0, M);
    }
  }

  /** One optimizer step on the accumulated gradient, then zeroes it. */
  applyUpdate(): void {
    this.optimizer.step(this.parameters, this.gradients, 0);
    this.gradients.fill(0);
  }
}
