import type { RecurrentPrecision } from '../layer-float32.ts';
import { InputError } from '../../core/input-error.ts';
import { choiceOption, integerOption, positiveOption } from '../../core/option-values.ts';

/**
 * The sequence tasks of `npm run train`: sequential MNIST pixel by pixel (784 × 1) or row by row
 * (28 × 28), and word-level language modelling on the Brown corpus.
 */
export type RecurrentDataName = 'seq-mnist' | 'row-mnist' | 'brown';
export const RECURRENT_DATA_NAMES: readonly RecurrentDataName[] = ['seq-mnist', 'row-mnist', 'brown'];
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

/**
 * Defaults of `--data brown`, the Penn Treebank setup of Zaremba et al. 2014 and PyTorch's
 * word_language_model that Costa et al. 2017 follow for size and truncation: 2 layers, batch 20,
 * truncated BPTT of 35 steps, embedding size = units, no dropout (the sizes 10–200 here are far
 * below the 650–1500 units where Zaremba et al. needed it). Optimiser as for MNIST (RMSProp with
 * momentum, clip 1), at lr 1e-3. A sealed checkpoint every 100 windows (70,000 words).
 */
export const LANGUAGE_MODEL_DEFAULTS = { layers: 2, batch: 20, bptt: 35, lr: 1e-3, checkpointEvery: 100 } as const;

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
  /** Training samples used (brown: the first n tokens of the training stream). */
  readonly limitTrain?: number;
  /** Test samples used (brown: the first n tokens of the validation and of the test stream). */
  readonly limitTest?: number;
  /** Stacked recurrent layers (1 for MNIST; default 2 for brown). */
  readonly layers: number;
  /** brown: truncated-BPTT window (steps); 0 for MNIST (whole sequences). */
  readonly bptt: number;
  /** brown: word-embedding size (default = units); 0 for MNIST. */
  readonly embedding: number;
  /** Default out/train-recurrent/<data>-<model>-u<units>-seed<s> (apart from out/train, whose result files classification-table.ts reads). */
  readonly out: string;
  readonly resume: boolean;
  /** Arithmetic of the recurrent layers and readout (lstm, sublstm and fix-sublstm may use 'float32'); default 'float64'. */
  readonly precision?: RecurrentPrecision;
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
  layers?: string;
  bptt?: string;
  embedding?: string;
  limitTrain?: string;
  limitTest?: string;
  out?: string;
  resume?: boolean;
  precision?: string;
}

/** Whether `--data` names a sequence task (trained by the recurrent trainer). */
export function isRecurrentData(data: string | undefined): boolean {
  return data !== undefined && (RECURRENT_DATA_NAMES as readonly string[]).includes(data);
}

/** Checks the command line of a recurrent run; every problem is an InputError naming the flag. */
export function parseRecurrentTrainOptions(raw: RawRecurrentTrainOptions): RecurrentTrainOptions {
  const data = choiceOption('--data', raw.data, RECURRENT_DATA_NAMES);
  const brown = data === 'brown';
  if (!brown) {
    for (const [key, flag] of [['layers', '--layers'], ['bptt', '--bptt'], ['embedding', '--embedding']] as const) {
      if (raw[key] !== undefined) throw new InputError(flag, `an option of --data brown only (sequential MNIST uses one layer over whole sequences)`);
    }
  }
  const model = choiceOption('--model', raw.model, RECURRENT_MODEL_NAMES);
  const epochs = integerOption('--epochs', raw.epochs, 1);
  if (epochs === undefined) throw new InputError('--epochs', 'missing; expected a positive integer');
  const units = integerOption('--units', raw.units, 1) ?? RECURRENT_DEFAULTS.units;
  const seed = integerOption('--seed', raw.seed, 0) ?? 0;
  const batch = integerOption('--batch', raw.batch, 1) ?? (brown ? LANGUAGE_MODEL_DEFAULTS.batch : RECURRENT_DEFAULTS.batch);
  const lr = positiveOption('--lr', raw.lr, false) ?? (data === 'seq-mnist' ? RECURRENT_DEFAULTS.pixelLr : brown ? LANGUAGE_MODEL_DEFAULTS.lr : RECURRENT_DEFAULTS.lr);
  const optimizer = raw.optimizer === undefined ? RECURRENT_DEFAULTS.optimizer : choiceOption<RecurrentOptimizerName>('--optimizer', raw.optimizer, ['rmsprop', 'adam']);
  const clip = positiveOption('--clip', raw.clip, true) ?? RECURRENT_DEFAULTS.clip;
  const checkpointEvery = integerOption('--checkpoint-every', raw.checkpointEvery, 0) ?? (data === 'seq-mnist' ? PIXEL_CHECKPOINT_EVERY : brown ? LANGUAGE_MODEL_DEFAULTS.checkpointEvery : 0);
  const layers = integerOption('--layers', raw.layers, 1) ?? (brown ? LANGUAGE_MODEL_DEFAULTS.layers : 1);
  const bptt = brown ? (integerOption('--bptt', raw.bptt, 1) ?? LANGUAGE_MODEL_DEFAULTS.bptt) : 0;
  const embedding = brown ? (integerOption('--embedding', raw.embedding, 1) ?? units) : 0;
  const precision = raw.precision === undefined ? 'float64' : choiceOption<RecurrentPrecision>('--precision', raw.precision, ['float64', 'float32']);
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
    layers,
    bptt,
    embedding,
    limitTrain: integerOption('--limit-train', raw.limitTrain, 1),
    limitTest: integerOption('--limit-test', raw.limitTest, 1),
    out: raw.out ?? `out/train-recurrent/${data}-${model}-u${units}${layers > 1 ? `x${layers}` : ''}${precision === 'float32' ? '-f32' : ''}-seed${seed}`,
    resume: raw.resume === true,
    precision,
  };
}
