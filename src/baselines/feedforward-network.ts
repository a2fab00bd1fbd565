import { InputError } from '../core/input-error.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { SparseRows } from '../linalg/sparse-rows.ts';
import type { KernelKind } from '../kernels/dense-kernels.ts';
import type { MinibatchKernels } from '../kernels/minibatch-kernels.ts';
import { defaultMinibatchKernelKind, MinibatchMemory } from '../kernels/minibatch-memory.ts';
import { createRateFunction, type RateFunction, type RateFunctionSpec } from '../neurons/rate-function.ts';
import type { Optimizer, OptimizerMemory } from '../core/optimizer.ts';
import { GRADIENT_BLOCK_ROWS, outerProductStep, type OuterProductScratch } from './outer-product-step.ts';

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
  /** The matrix products: 'wasm' (SIMD, the default where build/minibatch-kernels.wasm loads) or 'js'; both give the same bits. */
  readonly kernels?: KernelKind;
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
 * Both passes run layer by layer over the whole batch (batchMatVec and batchTransposedMatVec read
 * each W_k once per batch), each sample's arithmetic that of a sample-by-sample loop, to the bit,
 * with either kernel kind (MinibatchKernels; weights and batch rows live in the kernels' memory).
 * All buffers are allocated up front (again only when a larger batch first comes, with the weights
 * copied to the new block), so training allocates nothing per sample.
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
  /** B_k per hidden layer (feedback alignment), in the kernels' memory. */
  private readonly feedback: DenseMatrix[] = [];
  private readonly kernelKind: KernelKind;
  /** Samples per forward sweep of forwardBatch (the batch buffers hold at least this many). */
  private static readonly FORWARD_BLOCK = 32;
  private capacity = 0;
  private kernels!: MinibatchKernels;
  /** The scaled errors and GRADIENT_BLOCK_ROWS rows of a gradient, handed to the optimizer block by block. */
  private gradScratch!: OuterProductScratch;
  /** Room for the moments of the weights' optimizer slots (k−1 for W_k), and the optimizer now using it. */
  private optimizerMemory: OptimizerMemory | null = null;
  private boundOptimizer: Optimizer | null = null;
  /** δ_k of each sample of the batch, index k−1. */
  private delta!: Float64Array[];
  /** W_{k+1}ᵀδ_{k+1} (or B_kδ_{k+1}) of each sample of the batch. */
  private back!: Float64Array;
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
    let feedback: readonly DenseMatrix[] = [];
    if (config.rule === 'feedback-alignment') {
      const b = config.feedback;
      if (b === undefined || b.length !== N - 1) throw new InputError('feedback', `feedback alignment needs ${N - 1} matrices B_k, got ${b?.length ?? 0}`);
      b.forEach((m, i) => {
        if (m.rows !== dims[i + 1] || m.cols !== dims[i + 2]) throw new InputError(`feedback[${i}]`, `expected ${dims[i + 1]}×${dims[i + 2]} matrix, got ${m.rows}×${m.cols}`);
      });
      feedback = b;
    }
    this.kernelKind = config.kernels ?? defaultMinibatchKernelKind();
    this.weights = [];
    this.rebuild(FeedforwardNetwork.FORWARD_BLOCK, initialWeights, feedback);
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
    this.bindOptimizer(optimizer);
    const lowest = this.rule === 'shallow' ? N : 1;
    let loss = 0;
    this.propagate(inputs, 0, batchSize, N);
    // δ_N = u_N − target; L = ½‖δ_N‖²
    const uN = this.u[N - 1];
    const dN = this.delta[N - 1];
    for (let i = 0; i < batchSize * nOut; i++) {
      const d = uN[i] - targets[i];
      dN[i] = d;
      loss += 0.5 * d * d;
    }
    for (let k = N - 1; k >= lowest; k--) this.backpropagate(k, batchSize);
    for (let k = lowest; k <= N; k++) {
      // c_k·δ_k, the post-synaptic factor of ∂L/∂W_k
      const d = this.delta[k - 1];
      const rows = this.deltaRows[k - 1];
      const ck = this.c[k - 1];
      for (let i = 0; i < batchSize * this.dims[k]; i++) rows[i] = ck * d[i];
    }
    const scale = 1 / batchSize;
    for (let k = lowest; k <= N; k++) {
      const pre = k === 1 ? this.inputRows : this.rateRows[k - 2];
      outerProductStep(this.kernels, optimizer, k - 1, this.weights[k - 1], this.deltaRows[k - 1], pre, batchSize, scale, this.gradScratch);
    }
    return loss / batchSize;
  }

  /** Offers the kernel memory's moment room to `optimizer` (taking it back from the one before), so its kernel twin can step. */
  private bindOptimizer(optimizer: Optimizer): void {
    if (optimizer === this.boundOptimizer) return;
    this.boundOptimizer?.useMemory?.(null);
    optimizer.useMemory?.(this.optimizerMemory);
    this.boundOptimizer = optimizer;
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
      if (k === 1) this.kernels.sparseBatchMatVec(w.data, n, w.cols, this.inputRows, batch, u, 0);
      else this.kernels.batchMatVec(w.data, n, w.cols, this.rateRows[k - 2], 0, batch, u, 0, false);
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

  /** δ_k = φ'(u_k) ⊙ c_{k+1}·W_{k+1}ᵀδ_{k+1} of every sample of the batch, or with B_k for feedback alignment. */
  private backpropagate(k: number, batch: number): void {
    const n = this.dims[k];
    const next = this.delta[k];
    const back = this.back;
    if (this.rule === 'feedback-alignment') {
      const bk = this.feedback[k - 1];
      this.kernels.batchMatVec(bk.data, bk.rows, bk.cols, next, 0, batch, back, 0, false);
    } else {
      const w = this.weights[k];
      this.kernels.batchTransposedMatVec(w.data, w.rows, w.cols, next, batch, back, n);
    }
    const cNext = this.c[k];
    const u = this.u[k - 1];
    const d = this.delta[k - 1];
    for (let i = 0; i < batch * n; i++) d[i] = this.phi.derivative(u[i]) * cNext * back[i];
  }

  /**
   * Makes the batch buffers hold `batch` samples: a new block of kernel memory with room for them,
   * the weights and B_k (copied over) and the gradient scratch. Only a batch larger than any before
   * takes a new block.
   */
  private ensureCapacity(batch: number): void {
    if (batch > this.capacity) this.rebuild(batch, this.weights, this.feedback);
  }

  /** ensureCapacity's new block (its own method: its closures would otherwise cost every call a context). */
  private rebuild(batch: number, weights: readonly DenseMatrix[], feedback: readonly DenseMatrix[]): void {
    const dims = this.dims;
    const b = this.bias;
    const widest = batch * Math.max(...dims);
    const built = MinibatchMemory.build(this.kernelKind, (alloc) => {
      const copy = (m: DenseMatrix): DenseMatrix => ({ rows: m.rows, cols: m.cols, data: alloc.float64(m.data.length) });
      return {
        kernels: alloc.kernels,
        optimizerMemory: alloc.optimizerMemory(new Map(weights.map((m, k) => [k, m.data.length] as const))),
        weights: weights.map(copy),
        feedback: feedback.map(copy),
        gradScratch: { scaled: alloc.float64(widest), block: alloc.float64(GRADIENT_BLOCK_ROWS * (Math.max(...dims) + b)) },
        inputRows: alloc.sparseRows(batch, dims[0] + b),
        u: dims.slice(1).map((n) => alloc.float64(batch * n)),
        rateRows: dims.slice(1, -1).map((n) => alloc.float64(batch * (n + b))),
        delta: dims.slice(1).map((n) => alloc.float64(batch * n)),
        deltaRows: dims.slice(1).map((n) => alloc.float64(batch * n)),
        back: alloc.float64(widest),
      };
    });
    built.weights.forEach((m, k) => m.data.set(weights[k].data));
    built.feedback.forEach((m, k) => m.data.set(feedback[k].data));
    this.weights.splice(0, this.weights.length, ...built.weights);
    this.feedback.splice(0, this.feedback.length, ...built.feedback);
    this.kernels = built.kernels;
    this.optimizerMemory = built.optimizerMemory;
    this.boundOptimizer?.useMemory?.(this.optimizerMemory);
    this.gradScratch = built.gradScratch;
    this.inputRows = built.inputRows;
    this.u = built.u;
    this.rateRows = built.rateRows;
    this.delta = built.delta;
    this.deltaRows = built.deltaRows;
    this.back = built.back;
    this.capacity = batch;
  }
}
