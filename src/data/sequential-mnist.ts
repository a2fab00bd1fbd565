import { InputError } from '../core/input-error.ts';
import { Random } from '../random/random.ts';
import type { Dataset } from './dataset.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * Sequential MNIST (Le, Jaitly & Hinton 2015, as used by Costa et al. 2017 and Pemberton & Ponte
 * Costa 2024): a digit is read one piece per step and classified after the last one.
 *
 * - `pixel`: 784 steps × 1 input, the pixels in row-major order (top row first, left to right);
 * - `row`: 28 steps × 28 inputs, row t of the image at step t.
 *
 * Both read the image in the same row-major order, so a batch's input array is the same 784 grey
 * levels per digit in either variant; only `steps` and `inputSize` differ. The class is the target
 * at the last step only (labels −1 before it). Use it on the project's built-in split
 * (`loadMnist` in mnist.ts: 8,000 training and 2,000 test digits of the `mnist` package).
 *
 * Mini-batches: with `shuffle` (the default for training), epoch e visits the digits in the order
 * of a Fisher–Yates shuffle drawn from `new Random(seed, 'sequential-mnist/epoch/' + e)`, so any
 * epoch's batches can be regenerated on their own (resuming from a checkpoint needs only the epoch
 * and batch numbers). Without `shuffle` (for testing) every epoch reads the digits in the data
 * set's order. The last batch of an epoch is smaller when the batch size does not divide the
 * number of digits, unless `dropLast` is set.
 */
export type SequentialMnistVariant = 'pixel' | 'row';

export interface SequentialMnistOptions {
  variant: SequentialMnistVariant;
  batchSize: number;
  /** Seed of the per-epoch shuffles; default 0. */
  seed?: number;
  /** Shuffle each epoch (default true); false reads the data set in order. */
  shuffle?: boolean;
  /** Leave out the last, smaller batch of each epoch (default false). */
  dropLast?: boolean;
}

const SIDE = 28;
const PIXELS = SIDE * SIDE;

/** Steps and inputs per step of each variant. */
export function sequentialMnistShape(variant: SequentialMnistVariant): { steps: number; inputSize: number } {
  return variant === 'pixel' ? { steps: PIXELS, inputSize: 1 } : { steps: SIDE, inputSize: SIDE };
}

/** Seeded, shuffled mini-batches of one MNIST data set read as sequences. */
export class SequentialMnistBatches {
  readonly steps: number;
  readonly inputSize: number;
  readonly batchSize: number;
  /** Batches per epoch. */
  readonly batchCount: number;
  private readonly seed: number;
  private readonly shuffle: boolean;
  private cachedEpoch = -1;
  private cachedOrder: Int32Array;

  constructor(
    readonly data: Dataset,
    options: SequentialMnistOptions,
  ) {
    if (data.inputSize !== PIXELS || data.classes !== 10) throw new InputError(`${data.name}`, `expected 28×28 images in 10 classes, got ${data.inputSize} inputs and ${data.classes} classes`);
    if (options.variant !== 'pixel' && options.variant !== 'row') throw new InputError('variant', `expected "pixel" or "row", got ${String(options.variant)}`);
    if (!Number.isSafeInteger(options.batchSize) || options.batchSize < 1) throw new InputError('batchSize', `expected a positive integer, got ${options.batchSize}`);
    ({ steps: this.steps, inputSize: this.inputSize } = sequentialMnistShape(options.variant));
    this.batchSize = options.batchSize;
    this.seed = options.seed ?? 0;
    this.shuffle = options.shuffle ?? true;
    const full = Math.floor(data.n / this.batchSize);
    this.batchCount = options.dropLast || data.n % this.batchSize === 0 ? full : full + 1;
    if (this.batchCount < 1) throw new InputError('batchSize', `${this.batchSize} leaves no batch of ${data.n} digits with dropLast`);
    this.cachedOrder = Int32Array.from({ length: data.n }, (_, i) => i);
  }

  /** The order in which epoch `epoch` visits the digits (indices into the data set; shared, do not modify). */
  order(epoch: number): Int32Array {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new InputError('epoch', `expected a non-negative integer, got ${epoch}`);
    if (!this.shuffle || epoch === this.cachedEpoch) return this.cachedOrder;
    const order = Int32Array.from({ length: this.data.n }, (_, i) => i);
    new Random(this.seed, `sequential-mnist/epoch/${epoch}`).shuffle(order);
    this.cachedEpoch = epoch;
    this.cachedOrder = order;
    return order;
  }

  /** Batch `index` (0…batchCount−1) of epoch `epoch`. */
  batch(epoch: number, index: number): SequenceBatch {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.batchCount) throw new InputError('index', `expected 0…${this.batchCount - 1}, got ${index}`);
    const order = this.order(epoch);
    const first = index * this.batchSize;
    const size = Math.min(this.batchSize, this.data.n - first);
    const { steps, inputSize } = this;
    const values = new Float64Array(size * PIXELS);
    const labels = new Int32Array(size * steps).fill(-1);
    for (let s = 0; s < size; s++) {
      const digit = order[first + s];
      values.set(this.data.inputs.subarray(digit * PIXELS, (digit + 1) * PIXELS), s * PIXELS);
      labels[s * steps + steps - 1] = this.data.labels[digit];
    }
    return {
      batch: size,
      steps,
      inputSize,
      inputs: { kind: 'dense', values },
      lengths: new Int32Array(size).fill(steps),
      targets: { kind: 'classes', classes: 10, labels },
      continuesPrevious: false,
    };
  }

  /** All batches of one epoch, in order. */
  *epoch(epoch: number): Generator<SequenceBatch> {
    for (let i = 0; i < this.batchCount; i++) yield this.batch(epoch, i);
  }
}
