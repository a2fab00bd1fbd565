import type { CellKind } from './cells/cell.ts';
import { TokenEmbedding } from './embedding.ts';
import type { RecurrentPrecision } from './layer-float32.ts';
import { RecurrentNetwork } from './network.ts';

/** Shape and seed of a word-level language model. */
export interface LanguageModelOptions {
  readonly cell: CellKind;
  /** Tokens in the vocabulary (input ids and output classes). */
  readonly vocabulary: number;
  /** Size D of the word embedding. */
  readonly embedding: number;
  /** Units of each stacked recurrent layer, bottom first. */
  readonly hidden: readonly number[];
  readonly seed: number;
  /** Arithmetic of the recurrent layers, the readout and the softmax (RecurrentNetworkOptions.precision); default 'float64'. */
  readonly precision?: RecurrentPrecision;
}

/**
 * A word-level language model (Mikolov et al. 2010; Zaremba et al. 2014; PyTorch's
 * word_language_model without dropout or tied weights): token ids → embedding E (V × D) → stacked
 * recurrent layers → linear readout of V logits at every step → softmax; the loss is the mean
 * cross-entropy of the next token per predicted word, and perplexity is exp of that mean.
 *
 * All parameters live in one flat vector `parameters` (and `gradients` in the same layout): the
 * network's parameters (layout of RecurrentNetwork: layers, then `readout.W` V × H_top and
 * `readout.b`) followed by the embedding's V × D rows. `parameters` is the only copy an optimizer
 * changes; `forward` hands it to the network and the embedding before every window, so they never
 * hold stale weights.
 *
 * Truncated BPTT: consecutive windows of the same rows pass `{ carryState: true }`; each window
 * starts from the previous window's final state held constant.
 */
export class LanguageModel {
  readonly network: RecurrentNetwork;
  readonly embedding: TokenEmbedding;
  readonly parameters: Float64Array;
  readonly gradients: Float64Array;
  /** Where the embedding's rows begin in `parameters`. */
  readonly embeddingOffset: number;
  private ids = new Int32Array(0);
  private batch = 0;
  private steps = 0;

  constructor(readonly options: LanguageModelOptions) {
    const { cell, vocabulary, embedding, hidden, seed } = options;
    this.network = new RecurrentNetwork({ cell, inputSize: embedding, hidden, outputSize: vocabulary, seed, precision: options.precision ?? 'float64' });
    this.embedding = new TokenEmbedding(vocabulary, embedding, seed);
    this.embeddingOffset = this.network.parameters.length;
    this.parameters = new Float64Array(this.embeddingOffset + this.embedding.weights.length);
    this.parameters.set(this.network.parameters);
    this.parameters.set(this.embedding.weights, this.embeddingOffset);
    this.gradients = new Float64Array(this.parameters.length);
  }

  get vocabulary(): number {
    return this.options.vocabulary;
  }

  /**
   * Runs B rows of T token ids (batch-first, ids[b·T + t]); from the zero state, or with
   * `carryState` from the final state of the previous window.
   */
  forward(ids: Int32Array, batch: number, steps: number, options: { carryState?: boolean } = {}): void {
    this.network.parameters.set(this.parameters.subarray(0, this.embeddingOffset));
    this.embedding.weights.set(this.parameters.subarray(this.embeddingOffset));
    const inputs = this.embedding.lookup(ids, batch, steps);
    this.network.forward({ inputs, batchSize: batch, steps }, options);
    if (this.ids.length !== ids.length) this.ids = new Int32Array(ids.length);
    this.ids.set(ids);
    this.batch = batch;
    this.steps = steps;
  }

  /** Mean cross-entropy (nats per word) of the next tokens `targets` (batch-first, −1: no loss) over the last window. */
  loss(targets: Int32Array): number {
    return this.network.loss({ kind: 'cross-entropy', at: 'every', targets });
  }

  /** dL/dθ of the last loss into `gradients`: the network's, then the embedding's scatter-add. */
  backward(): void {
    this.network.backward({ inputGradient: true });
    this.embedding.backward(this.ids, this.batch, this.steps, this.network.inputGradient);
    this.gradients.set(this.network.gradients);
    this.gradients.set(this.embedding.gradients, this.embeddingOffset);
  }

  /** Forgets the carried state: the next carried window starts from zero. */
  resetState(): void {
    this.network.resetState();
  }

  /** Copies of the carried states of every layer (B × dim(s) each). */
  carriedStates(): Float64Array[] {
    return this.network.layers.map((layer) => Float64Array.from(layer.carry));
  }

  /** Restores carried states saved by `carriedStates`. */
  restoreCarriedStates(states: readonly Float64Array[]): void {
    if (states.length !== this.network.layers.length) throw new RangeError(`expected ${this.network.layers.length} carried states, got ${states.length}`);
    this.network.layers.forEach((layer, l) => {
      layer.carry = Float64Array.from(states[l]);
    });
  }
}
