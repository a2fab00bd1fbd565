import { InputError } from '../core/input-error.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * The standard batching of a token stream for language modelling with truncated BPTT, as in
 * PyTorch's examples/word_language_model (`batchify` and `get_batch`):
 *
 * - the stream of n tokens is cut into `batchSize` parallel rows of L = ⌊n / batchSize⌋ tokens
 *   each (row b holds tokens b·L … (b+1)·L − 1; the last n mod batchSize tokens are dropped);
 * - batch i covers the window of positions p = i·window … i·window + steps − 1 of every row, with
 *   steps = min(window, L − 1 − i·window): input token row[p], target the next token row[p + 1];
 * - so there are ⌈(L − 1) / window⌉ batches, every target is predicted exactly once, and batch i
 *   continues batch i − 1 row by row (`continuesPrevious` is true from the second batch on): the
 *   trainer carries each row's recurrent state across windows and detaches it (truncated BPTT).
 *
 * Inputs are token ids (one-hot of the vocabulary implied); targets are the next token's class,
 * with a loss at every step. The batches are the same every epoch, as in word_language_model.
 */
export interface LanguageModelBatchOptions {
  batchSize: number;
  /** Steps per window (the BPTT truncation length); default 35. */
  window?: number;
}

export const DEFAULT_BPTT_WINDOW = 35;

export class LanguageModelBatches {
  readonly batchSize: number;
  readonly window: number;
  /** Tokens per row. */
  readonly rowLength: number;
  /** Windows (batches) per pass over the stream. */
  readonly batchCount: number;

  constructor(
    private readonly stream: Int32Array,
    readonly vocabularySize: number,
    options: LanguageModelBatchOptions,
  ) {
    this.batchSize = options.batchSize;
    this.window = options.window ?? DEFAULT_BPTT_WINDOW;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw new InputError('batchSize', `expected a positive integer, got ${this.batchSize}`);
    if (!Number.isSafeInteger(this.window) || this.window < 1) throw new InputError('window', `expected a positive integer, got ${this.window}`);
    if (!Number.isSafeInteger(vocabularySize) || vocabularySize < 1) throw new InputError('vocabularySize', `expected a positive integer, got ${vocabularySize}`);
    this.rowLength = Math.floor(stream.length / this.batchSize);
    if (this.rowLength < 2) throw new InputError('stream', `${stream.length} tokens give rows of ${this.rowLength} for batch size ${this.batchSize}; need at least 2`);
    for (let k = 0; k < this.rowLength * this.batchSize; k++) {
      if (stream[k] < 0 || stream[k] >= vocabularySize) throw new InputError('stream', `token ${stream[k]} at ${k} outside 0…${vocabularySize - 1}`);
    }
    this.batchCount = Math.ceil((this.rowLength - 1) / this.window);
  }

  /** Tokens carrying a loss in one pass: batchSize · (rowLength − 1). */
  get targetCount(): number {
    return this.batchSize * (this.rowLength - 1);
  }

  /** Window `index` (0…batchCount−1). */
  batch(index: number): SequenceBatch {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.batchCount) throw new InputError('index', `expected 0…${this.batchCount - 1}, got ${index}`);
    const { batchSize, rowLength } = this;
    const start = index * this.window;
    const steps = Math.min(this.window, rowLength - 1 - start);
    const ids = new Int32Array(batchSize * steps);
    const labels = new Int32Array(batchSize * steps);
    for (let b = 0; b < batchSize; b++) {
      const from = b * rowLength + start;
      ids.set(this.stream.subarray(from, from + steps), b * steps);
      labels.set(this.stream.subarray(from + 1, from + 1 + steps), b * steps);
    }
    return {
      batch: batchSize,
      steps,
      inputSize: this.vocabularySize,
      inputs: { kind: 'tokens', ids },
      lengths: new Int32Array(batchSize).fill(steps),
      targets: { kind: 'classes', classes: this.vocabularySize, labels },
      continuesPrevious: index > 0,
    };
  }

  /** All windows of one pass, in order. */
  *epoch(): Generator<SequenceBatch> {
    for (let i = 0; i < this.batchCount; i++) yield this.batch(i);
  }
}
