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
 * with J_t = ∂s_t/∂s_{t−1}. Kronecker structure: ∂g(s)/∂θ = I_S ⊗ zᵀ, so the injection adds z to
 * the S diagonal blocks only (S(S+1) additions instead of a dense S × S(S+1) matrix), and the
 * decay J_t·e_{t−1} acts on the first index only: one S × S by S × S(S+1) matrix product.
 * Cost per step and sequence: S³(S + 1) multiply–adds for J·e (the dominant term, RTRL-like),
 * S(S + 1) for the injection, S²(S + 1) for the update δᵀ·e; memory S²(S + 1) numbers per
 * sequence. S = 30: 837,000 multiply–adds per step and sequence.
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
  /** B × S × |θ|: traces[(b·S + i)·|θ| + j·(S+1) + k] = e_b[i, (j, k)]. */
  traces = new Float64Array(0);
  private work: Float64Array;
  private scaledDelta: Float64Array;

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
    else this.traces.fill(0);
    this.batch = batch;
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
    for (let b = 0; b < this.batch; b++) {
      const eOff = b * S * M;
      if (decay === 0 || jacobians === null) {
        e.fill(0, eOff, eOff + S * M);
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
  }

  /** gradients −= (1/B)·Σ_b δ_bᵀ·e_b for the TD errors δ (B × S, row b at b·S). */
  accumulate(delta: Float64Array): void {
    const S = this.size;
    const M = this.traceWidth;
    const d = this.scaledDelta;
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
