import { LanguageModelBatches } from '../../data/language-model-batches.ts';
import type { LanguageModel } from '../language-model.ts';

/** Summed cross-entropy and the number of predicted words of a pass over a token stream. */
export interface StreamScore {
  /** Σ −ln p(next word) over every predicted word (nats). */
  readonly nats: number;
  readonly words: number;
}

/**
 * The model's score on a token stream, read as PyTorch's word_language_model evaluates: the
 * stream cut into `batchSize` rows, windows of `window` steps with the state carried across
 * windows from a zero state at the start, every next word predicted once. Perplexity is
 * exp(nats / words). Changes the model's carried state (reset it before training continues).
 */
export function scoreStream(model: LanguageModel, stream: Int32Array, batchSize: number, window: number): StreamScore {
  const batches = new LanguageModelBatches(stream, model.vocabulary, { batchSize, window });
  model.resetState();
  let nats = 0;
  let words = 0;
  for (let i = 0; i < batches.batchCount; i++) {
    const b = batches.batch(i);
    if (b.inputs.kind !== 'tokens' || b.targets.kind !== 'classes') throw new Error('language-model batches hold tokens and classes');
    model.forward(b.inputs.ids, b.batch, b.steps, { carryState: i > 0 });
    const n = b.batch * b.steps;
    nats += model.loss(b.targets.labels) * n;
    words += n;
  }
  return { nats, words };
}

/** exp of the mean cross-entropy per word: the perplexity of a stream score. */
export function perplexity(score: StreamScore): number {
  return Math.exp(score.nats / score.words);
}

/**
 * The perplexity of the add-one-smoothed unigram model of `train` on `test`: p(v) = (count(v) + 1)
 * / (n + V), the same for every context. A recurrent model that has learnt only word frequencies
 * scores about this; what it learns from context shows as the gap below it.
 */
export function unigramPerplexity(train: Int32Array, test: Int32Array, vocabulary: number): number {
  const counts = new Float64Array(vocabulary).fill(1);
  for (const v of train) counts[v]++;
  const total = train.length + vocabulary;
  let nats = 0;
  for (const v of test) nats -= Math.log(counts[v] / total);
  return Math.exp(nats / test.length);
}
