import { InputError } from '../core/input-error.ts';
import { cloneMatrix, type DenseMatrix } from '../linalg/dense-matrix.ts';
import { batchMatVec } from '../linalg/batch-mat-vec.ts';
import { matVec } from '../linalg/mat-vec.ts';
import { SparseRows, sparseBatchMatVec } from '../linalg/sparse-rows.ts';
import { transposedMatVec } from '../linalg/transposed-mat-vec.ts';
import { createRateFunction, type RateFunction, type RateFunctionSpec } from '../neurons/rate-function.ts';
import type { Optimizer } from '../core/optimizer.ts';
import { GRADIENT_BLOCK_ROWS, outerProductStep } from './outer-product-step.ts';

/**
 * `backprop`: exact gradients (W_{k+1}ᵀ carries errors down); `feedback-alignment`: the fixed
 * matrices B_k in place of W_{k+1}ᵀ (Lillicrap et al. 2016); `shallow`: only the output layer
 * learns, the hidden layers keep their initial weights.
 */
export type LearningRule = 'backprop' | 'feedback-alignment' | 'shallow';
export const LEARNING_RULES: readonly LearningRule[] = ['backprop', 'feedback-alignment', 'shallow'];

export interface FeedforwardConfig {
  /** [n_0 (input), n_1, …, n_N (output)]. */
  readonly dims: readonly number[];
  readonly phi: RateFunctionSpec;
  /** c_k per layer k = 1…N (index k−1), e.g. steadyStateAttenuation. */
  readonly attenuation: readonly number[];
  readonly rule: LearningRule;
  /** Feedback alignment: B_k (n_k × n_{k+1}) per hidden layer k, e.g. the microcircuit's fixed W^down. */
  readonly feedback?: readonly DenseMatrix[];
  /** A constant-1 input to every layer, weighted by a learnt last column of each W_k. */
  readonly bias?: boolean;
}

/**
 * A feed-forward network on the microcircuit's steady-state feed-forward map (docs/model.md: with no
 * target the soma equals its attenuated basal prediction):
 *
 *     u_k = c_k·W_k·[r_{k−1}; 1],   r_k = φ(u_k),   r_0 = input,   output u_N,
 *
 * trained on the loss L = ½‖u_N − target‖² of output potentials. Backward pass:
 *
 *     δ_N = u_N − target,   δ_k = φ'(u_k) ⊙ c_{k+1}·W_{k+1}ᵀ·δ_{k+1}  (FA: B_k·δ_{k+1}),
 *     ∂L/∂W_k = c_k·δ_k·[r_{k−1}; 1]ᵀ.
 *
 * The forward pass runs layer by layer over the whole batch (batchMatVec reads each W_k once per
 * batch), the backward pass sample by sample. All buffers are allocated up front (batch buffers
 * again only when a larger batch first comes), so training allocates nothing per sample.
 */
export class FeedforwardNetwork {
  /** The live weights W_k (n_k × (n_{k−1} + bias)), index k−1. */
  readonly weights: DenseMatrix[];
  readonly dims: readonly number[];
  readonly rule: LearningRule;
  private readonly depth: number;
  private readonly bias: number;
  private readonly c: Float64Array;
  private readonly phi: RateFunction;
  private readonly feedback: readonly DenseMatrix[];
  /** δ_k of the current sample, index k−1. */
  private readonly delta: Float64Array[];
  /** W_{k+1}ᵀδ_{k+1} (or B_kδ_{k+1}) of the current sample. */
  private readonly back: Float64Array;
  /** GRADIENT_BLOCK_ROWS rows of a gradient, handed to the optimizer block by block. */
  private readonly gradBlock: Float64Array;
  /** Samples per forward sweep of forwardBatch (the batch buffers hold at least this many). */
  private static readonly FORWARD_BLOCK = 32;
  private capacity = 0;
  /** u_k of each sample of the batch, index k−1. */
  private u!: Float64Array[];
  /** Inputs of the batch as sparse rows (with the bias entry). */
  private inputRows!: SparseRows;
  /** [r_k; 1] of hidden layer k for each sample of the batch, index k−1 (k = 1…N−1). */
  private rateRows!: Float64Array[];
  /** c_k·δ_k of each sample of the batch, index k−1. */
  private deltaRows!: Float64Array[];

  constructor(config: FeedforwardConfig, initialWeights: readonly DenseMatrix[]) {
    const dims = config.dims;
    if (dims.length < 2 || dims.some((n) => !Number.isInteger(n) || n < 1)) {
      throw new InputError('dims', `expected at least 2 positive integer layer sizes, got ${JSON.stringify(dims)}`);
    }
    this.dims = [...dims];
    this.depth = dims.length - 1;
    this.rule = config.rule;
    this.bias = config.bias ? 1 : 0;
    const N = this.depth;
    if (config.attenuation.length !== N) throw new InputError('attenuation', `expected ${N} values (one per layer), got ${config.attenuation.length}`);
    this.c = Float64Array.from(config.attenuation);
    this.phi = createRateFunction(config.phi);
    if (initialWeights.length !== N) throw new InputError('weights', `expected ${N} matrices, got ${initialWeights.length}`);
    initialWeights.forEach((w, i) => {
      const cols = dims[i] + this.bias;
      if (w.rows !== dims[i + 1] || w.cols !== cols) throw new InputError(`weights[${i}]`, `expected ${dims[i + 1]}×${cols} matrix, got ${w.rows}×${w.cols}`);
    });
    this.weights = initialWeights.map(cloneMatrix);
    if (config.rule === 'feedback-alignment') {
      const b = config.feedback;
      if (b === undefined || b.length !== N - 1) throw new InputError('feedback', `feedback alignment needs ${N - 1} matrices B_k, got ${b?.length ?? 0}`);
      b.forEach((m, i) => {
        if (m.rows !== dims[i + 1] || m.cols !== dims[i + 2]) throw new InputError(`feedback[${i}]`, `expected ${dims[i + 1]}×${dims[i + 2]} matrix, got ${m.rows}×${m.cols}`);
      });
      this.feedback = b.map(cloneMatrix);
    } else {
      this.feedback = [];
    }
    this.delta = dims.slice(1).map((n) => new Float64Array(n));
    this.back = new Float64Array(Math.max(...dims));
    this.gradBlock = new Float64Array(GRADIENT_BLOCK_ROWS * (Math.max(...dims) + this.bias));
    this.ensureCapacity(FeedforwardNetwork.FORWARD_BLOCK);
  }

  /** Output potentials u_N for one input. */
  forward(input: Float64Array, output: Float64Array): void {
    this.propagate(input, 0, 1, this.depth);
    const uN = this.u[this.depth - 1];
    for (let i = 0; i < this.dims[this.depth]; i++) output[i] = uN[i];
  }

  /** Output potentials of n inputs (rows of `inputs`) into the rows of `outputs`, allocation-free, FORWARD_BLOCK samples per sweep. */
  forwardBatch(inputs: Float64Array, n: number, outputs: Float64Array): void {
    const nIn = this.dims[0];
    const nOut = this.dims[this.depth];
    const uN = this.u[this.depth - 1];
    for (let first = 0; first < n; first += FeedforwardNetwork.FORWARD_BLOCK) {
      const count = Math.min(FeedforwardNetwork.FORWARD_BLOCK, n - first);
      this.propagate(inputs, first * nIn, count, this.depth);
      const o = first * nOut;
      for (let i = 0; i < count * nOut; i++) outputs[o + i] = uN[i];
    }
  }

  /** u_k of hidden layer k (1 ≤ k ≤ N−1) for one input. */
  hidden(layer: number, input: Float64Array, out: Float64Array): void {
    if (!Number.isInteger(layer) || layer < 1 || layer >= this.depth) throw new RangeError(`hidden layer must be 1…${this.depth - 1}, got ${layer}`);
    this.propagate(input, 0, 1, layer);
    const u = this.u[layer - 1];
    for (let i = 0; i < this.dims[layer]; i++) out[i] = u[i];
  }

  /** One update on a mini-batch (rows of inputs/targets, row-major); returns the mean loss before the update. */
  trainBatch(inputs: Float64Array, targets: Float64Array, batchSize: number, optimizer: Optimizer): number {
    const N = this.depth;
    const nIn = this.dims[0];
    const nOut = this.dims[N];
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    if (inputs.length < batchSize * nIn || targets.length < batchSize * nOut) {
      throw new RangeError(`a batch of ${batchSize} needs ${batchSize * nIn} inputs and ${batchSize * nOut} targets, got ${inputs.length} and ${targets.length}`);
    }
    this.ensureCapacity(batchSize);
    const lowest = this.rule === 'shallow' ? N : 1;
    let loss = 0;
    this.propagate(inputs, 0, batchSize, N);
    for (let s = 0; s < batchSize; s++) {
      // δ_N = u_N − target; L = ½‖δ_N‖²
      const uN = this.u[N - 1];
      const dN = this.delta[N - 1];
      for (let i = 0; i < nOut; i++) {
        const d = uN[s * nOut + i] - targets[s * nOut + i];
        dN[i] = d;
        loss += 0.5 * d * d;
      }
      for (let k = N - 1; k >= lowest; k--) this.backpropagate(k, s);
      for (let k = lowest; k <= N; k++) {
        // row s of c_k·δ_k, the post-synaptic factor of ∂L/∂W_k
        const n = this.dims[k];
        const d = this.delta[k - 1];
        const rows = this.deltaRows[k - 1];
        const ck = this.c[k - 1];
        for (let i = 0; i < n; i++) rows[s * n + i] = ck * d[i];
      }
    }
    const scale = 1 / batchSize;
    for (let k = lowest; k <= N; k++) {
      const pre = k === 1 ? this.inputRows : this.rateRows[k - 2];
      outerProductStep(optimizer, k - 1, this.weights[k - 1], this.deltaRows[k - 1], pre, batchSize, scale, this.gradBlock);
    }
    return loss / batchSize;
  }

  /** Forward pass of `batch` input rows from `inOff` up to layer `top`, layer by layer, keeping u_k and [r_k; 1] per sample. */
  private propagate(input: Float64Array, inOff: number, batch: number, top: number): void {
    const b = this.bias;
    const nIn = this.dims[0];
    for (let s = 0; s < batch; s++) this.inputRows.set(s, input, inOff + s * nIn, nIn, b === 1);
    for (let k = 1; k <= top; k++) {
      const w = this.weights[k - 1];
      const n = w.rows;
      const u = this.u[k - 1];
      // u_k = c_k·W_k·[r_{k−1}; 1]
      if (k === 1) sparseBatchMatVec(w.data, n, w.cols, this.inputRows, batch, u, 0);
      else batchMatVec(w.data, n, w.cols, this.rateRows[k - 2], 0, batch, u, 0, false);
      const ck = this.c[k - 1];
      for (let i = 0; i < batch * n; i++) u[i] *= ck;
      if (k < this.depth) {
        // r_k = φ(u_k), then the bias entry
        const width = n + b;
        const rows = this.rateRows[k - 1];
        for (let s = 0; s < batch; s++) {
          this.phi.apply(u, s * n, rows, s * width, n);
          if (b === 1) rows[s * width + n] = 1;
        }
      }
    }
  }

  /** δ_k = φ'(u_k) ⊙ c_{k+1}·W_{k+1}ᵀδ_{k+1} of batch sample s, or with B_k for feedback alignment. */
  private backpropagate(k: number, s: number): void {
    const n = this.dims[k];
    const next = this.delta[k];
    const back = this.back;
    if (this.rule === 'feedback-alignment') {
      const bk = this.feedback[k - 1];
      matVec(bk.data, 0, bk.rows, bk.cols, next, 0, back, 0);
    } else {
      const w = this.weights[k];
      transposedMatVec(w.data, w.rows, w.cols, next, 0, back, n);
    }
    const cNext = this.c[k];
    const u = this.u[k - 1];
    const d = this.delta[k - 1];
    for (let i = 0; i < n; i++) d[i] = this.phi.derivative(u[s * n + i]) * cNext * back[i];
  }

  private ensureCapacity(batch: number): void {
    if (batch <= this.capacity) return;
    const dims = this.dims;
    const b = this.bias;
    this.inputRows = new SparseRows(batch, dims[0] + b);
    this.u = dims.slice(1).map((n) => new Float64Array(batch * n));
    this.rateRows = [];
    for (let k = 1; k < this.depth; k++) this.rateRows.push(new Float64Array(batch * (dims[k] + b)));
    this.deltaRows = dims.slice(1).map((n) => new Float64Array(batch * n));
    this.capacity = batch;
  }
}
