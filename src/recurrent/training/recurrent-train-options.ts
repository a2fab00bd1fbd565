import { excerpt } from '../../core/excerpt.ts';
import { InputError } from '../../core/input-error.ts';

/** The sequence tasks of `npm run train`: sequential MNIST pixel by pixel (784 × 1) or row by row (28 × 28). */
export type RecurrentDataName = 'seq-mnist' | 'row-mnist';
export const RECURRENT_DATA_NAMES: readonly RecurrentDataName[] = ['seq-mnist', 'row-mnist'];
/** Data names the command knows but cannot train yet, with the reason given to the user. */
export const UNSUPPORTED_RECURRENT_DATA: Readonly<Record<string, string>> = {
  brown: 'word-level language modelling needs token inputs, and the recurrent core has no embedding layer yet (one-hot inputs of 10,002 words are too slow)',
};
export type RecurrentModelName = 'lstm' | 'sublstm' | 'fix-sublstm';
export const RECURRENT_MODEL_NAMES: readonly RecurrentModelName[] = ['lstm', 'sublstm', 'fix-sublstm'];
export type RecurrentOptimizerName = 'rmsprop' | 'adam';

/**
 * The defaults of Costa et al. 2017's sequential-MNIST runs (github neuralml/pytorch-subLSTM,
 * benchmarks/seqMNIST/run.py and its scripts): 100 units in one layer, batch 50, RMSProp with
 * momentum 0.9 (PyTorch's RMSprop: mean-square decay 0.99, ε 1e-10), gradients clipped to global
 * norm 1, no weight decay. Learning rate: 1e-3 (their row-by-row scripts) for row-mnist; 1e-4 (the
 * default of their run.py) for the 784-step seq-mnist, where 1e-3 left a subLSTM's loss at 3–6,
 * above chance (ln 10), over its first 2,000 digits here.
 */
export const RECURRENT_DEFAULTS = { units: 100, batch: 50, lr: 1e-3, pixelLr: 1e-4, optimizer: 'rmsprop' as RecurrentOptimizerName, clip: 1, rho: 0.99, momentum: 0.9, eps: 1e-10 } as const;

/** Batches between mid-epoch checkpoints of the 784-step pixel variant by default (1,000 digits at batch 50). */
export const PIXEL_CHECKPOINT_EVERY = 20;

/** The checked options of a recurrent training run. */
export interface RecurrentTrainOptions {
  readonly data: RecurrentDataName;
  readonly model: RecurrentModelName;
  readonly units: number;
  readonly epochs: number;
  readonly seed: number;
  readonly batch: number;
  readonly lr: number;
  readonly optimizer: RecurrentOptimizerName;
  /** Global-norm clipping threshold; 0 = no clipping. */
  readonly clip: number;
  /** A sealed checkpoint every this many batches within an epoch (0: only at the end of each epoch). */
  readonly checkpointEvery: number;
  readonly limitTrain?: number;
  readonly limitTest?: number;
  /** Default out/train-recurrent/<data>-<model>-u<units>-seed<s> (apart from out/train, whose result files classification-table.ts reads). */
  readonly out: string;
  readonly resume: boolean;
}

/** The command line's strings, as commander hands them over. */
export interface RawRecurrentTrainOptions {
  data?: string;
  model?: string;
  units?: string;
  epochs?: string;
  seed?: string;
  batch?: string;
  lr?: string;
  optimizer?: string;
  clip?: string;
  checkpointEvery?: string;
  limitTrain?: string;
  limitTest?: string;
  out?: string;
  resume?: boolean;
}

function integer(option: string, text: string | undefined, least: number): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < least) {
    throw new InputError(option, `expected ${least === 1 ? 'a positive' : 'a non-negative'} integer, got ${excerpt(text)}`);
  }
  return n;
}

function positive(option: string, text: string | undefined, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !(allowZero ? x >= 0 : x > 0)) {
    throw new InputError(option, `expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${excerpt(text)}`);
  }
  return x;
}

function choice<T extends string>(option: string, text: string | undefined, allowed: readonly T[]): T {
  if (text === undefined) throw new InputError(option, `missing; expected one of ${allowed.join(', ')}`);
  if (!(allowed as readonly string[]).includes(text)) throw new InputError(option, `unknown value ${excerpt(text)}; expected one of ${allowed.join(', ')}`);
  return text as T;
}

/** Whether `--data` names a sequence task (trained by the recurrent trainer). */
export function isRecurrentData(data: string | undefined): boolean {
  return data !== undefined && ((RECURRENT_DATA_NAMES as readonly string[]).includes(data) || data in UNSUPPORTED_RECURRENT_DATA);
}

/** Checks the command line of a recurrent run; every problem is an InputError naming the flag. */
export function parseRecurrentTrainOptions(raw: RawRecurrentTrainOptions): RecurrentTrainOptions {
  if (raw.data !== undefined && raw.data in UNSUPPORTED_RECURRENT_DATA) throw new InputError('--data', `${raw.data} is not supported yet: ${UNSUPPORTED_RECURRENT_DATA[raw.data]}`);
  const data = choice('--data', raw.data, RECURRENT_DATA_NAMES);
  const model = choice('--model', raw.model, RECURRENT_MODEL_NAMES);
  const epochs = integer('--epochs', raw.epochs, 1);
  if (epochs === undefined) throw new InputError('--epochs', 'missing; expected a positive integer');
  const units = integer('--units', raw.units, 1) ?? RECURRENT_DEFAULTS.units;
  const seed = integer('--seed', raw.seed, 0) ?? 0;
  const batch = integer('--batch', raw.batch, 1) ?? RECURRENT_DEFAULTS.batch;
  const lr = positive('--lr', raw.lr, false) ?? (data === 'seq-mnist' ? RECURRENT_DEFAULTS.pixelLr : RECURRENT_DEFAULTS.lr);
  const optimizer = raw.optimizer === undefined ? RECURRENT_DEFAULTS.optimizer : choice<RecurrentOptimizerName>('--optimizer', raw.optimizer, ['rmsprop', 'adam']);
  const clip = positive('--clip', raw.clip, true) ?? RECURRENT_DEFAULTS.clip;
  const checkpointEvery = integer('--checkpoint-every', raw.checkpointEvery, 0) ?? (data === 'seq-mnist' ? PIXEL_CHECKPOINT_EVERY : 0);
  return {
    data,
    model,
    units,
    epochs,
    seed,
    batch,
    lr,
    optimizer,
    clip,
    checkpointEvery,
    limitTrain: integer('--limit-train', raw.limitTrain, 1),
    limitTest: integer('--limit-test', raw.limitTest, 1),
    out: raw.out ?? `out/train-recurrent/${data}-${model}-u${units}-seed${seed}`,
    resume: raw.resume === true,
  };
}
