import { Random } from '../random/random.ts';

/**
 * A token embedding below a recurrent network: x_t = E[id_t], a row of the V × D matrix E, so a
 * word-level language model reads D numbers per step instead of a one-hot vector of V (Bengio et
 * al. 2003; PyTorch's nn.Embedding). Its gradient is a scatter-add of the network's input gradient:
 * dL/dE[v] = Σ over (b, t) with id = v of dL/dx_t(b).
 *
 * Usage with RecurrentNetwork (inputSize = D):
 * ```ts
 * const x = embedding.lookup(ids, B, T);                  // batch-first B × T × D
 * net.forward({ inputs: x, batchSize: B, steps: T });
 * net.loss(spec); net.backward({ inputGradient: true });
 * embedding.backward(ids, B, T, net.inputGradient);       // embedding.gradients = dL/dE
 * ```
 * Initialisation: U(±0.1), as PyTorch's word-language-model example (initrange 0.1). Weights and
 * gradients are flat row-major Float64Arrays (row v at v·D), for the same optimizers and clipping
 * as the network's parameters.
 */
export class TokenEmbedding {
  readonly weights: Float64Array;
  readonly gradients: Float64Array;
  private inputs = new Float64Array(0);

  constructor(
    readonly vocabulary: number,
    readonly dimension: number,
    seed: number,
  ) {
    for (const n of [vocabulary, dimension]) if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`embedding sizes must be positive integers, got ${n}`);
    this.weights = new Float64Array(vocabulary * dimension);
    this.gradients = new Float64Array(vocabulary * dimension);
    new Random(seed, 'embedding.E').fillUniformSymmetric(this.weights, 0, this.weights.length, 0.1);
  }

  /** The inputs of B sequences of T token ids (batch-first, ids[b·T + t]): B × T × D, batch-first, in a buffer reused by the next call. */
  lookup(ids: Int32Array, batch: number, steps: number): Float64Array {
    const d = this.dimension;
    const n = batch * steps;
    if (ids.length !== n) throw new RangeError(`expected ${n} ids, got ${ids.length}`);
    if (this.inputs.length !== n * d) this.inputs = new Float64Array(n * d);
    const x = this.inputs;
    const e = this.weights;
    for (let k = 0; k < n; k++) {
      const id = ids[k];
      if (!(id >= 0 && id < this.vocabulary)) throw new RangeError(`token id ${id} at ${k} outside 0…${this.vocabulary - 1}`);
      const row = id * d;
      const at = k * d;
      for (let j = 0; j < d; j++) x[at + j] = e[row + j];
    }
    return x;
  }

  /**
   * dL/dE from dL/dx (time-major, row (t, b) at (t·B + b)·D: the network's `inputGradient`), by
   * scatter-add into `gradients` (zeroed first unless `accumulate`).
   */
  backward(ids: Int32Array, batch: number, steps: number, inputGradient: Float64Array, options: { accumulate?: boolean } = {}): void {
    const d = this.dimension;
    if (ids.length !== batch * steps) throw new RangeError(`expected ${batch * steps} ids, got ${ids.length}`);
    if (inputGradient.length < batch * steps * d) throw new RangeError(`expected an input gradient of ${batch * steps * d} numbers, got ${inputGradient.length}`);
    const g = this.gradients;
    if (options.accumulate !== true) g.fill(0);
    for (let b = 0; b < batch; b++) {
      for (let t = 0; t < steps; t++) {
        const row = ids[b * steps + t] * d;
        const at = (t * batch + b) * d;
        for (let j = 0; j < d; j++) g[row + j] += inputGradient[at + j];
      }
    }
  }
}
