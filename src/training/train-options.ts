import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { choiceOption, integerOption, positiveOption } from '../core/option-values.ts';
import type { Precision } from '../circuits/microcircuit.ts';

/** Where the samples come from: the built-in sets, a teacher network, or an MNIST-style IDX folder. */
export type DataSpec = { readonly kind: 'mnist' } | { readonly kind: 'yinyang' } | { readonly kind: 'teacher' } | { readonly kind: 'idx'; readonly path: string };
/** The built-in data sets of the feed-forward trainer (besides `idx:PATH`, a folder of IDX files). */
export const DATA_NAMES = ['mnist', 'yinyang', 'teacher'] as const;
export type ModelName = 'microcircuit' | 'backprop' | 'fa' | 'shallow';
export const MODEL_NAMES: readonly ModelName[] = ['microcircuit', 'backprop', 'fa', 'shallow'];
/** `steady`: the two-pass steady-state approximation (or the feed-forward map); `full`: the ODEs. */
export type Mode = 'steady' | 'full';
export type OptimizerName = 'sgd' | 'adam';

/** The options of `npm run train`, checked. Absent hyper-parameters take the defaults of training-setup.ts. */
export interface TrainOptions {
  readonly data: DataSpec;
  readonly model: ModelName;
  readonly mode: Mode;
  readonly epochs: number;
  readonly seed: number;
  readonly batch?: number;
  readonly lr?: number;
  /** The learning rate of epoch e is lr·lrDecay^(e−1). */
  readonly lrDecay: number;
  /** Learning-rate multiplier of W^up_k per layer k = 1…N (absent: the data set's default). */
  readonly upLrScale?: readonly number[];
  readonly optimizer?: OptimizerName;
  readonly out: string;
  readonly resume: boolean;
  readonly limitTrain?: number;
  readonly limitTest?: number;
  /** --mode full: storage of weights and traces (absent: float64; src/kernels/float32-storage.ts). */
  readonly precision?: Precision;
}

/** The command line's strings, as commander hands them over. */
export interface RawTrainOptions {
  data?: string;
  model?: string;
  mode?: string;
  epochs?: string;
  seed?: string;
  batch?: string;
  lr?: string;
  lrDecay?: string;
  upLrScale?: string;
  optimizer?: string;
  out?: string;
  resume?: boolean;
  limitTrain?: string;
  limitTest?: string;
  precision?: string;
}

/** Parses `--data`: one of DATA_NAMES, or idx:PATH. */
export function parseDataSpec(text: string | undefined): DataSpec {
  const expected = `expected ${DATA_NAMES.join(', ')} or idx:PATH`;
  if (text === undefined) throw new InputError('--data', `missing; ${expected}`);
  const named = DATA_NAMES.find((name) => name === text);
  if (named !== undefined) return { kind: named };
  if (text.startsWith('idx:') && text.length > 4) return { kind: 'idx', path: text.slice(4) };
  throw new InputError('--data', `unknown data set ${excerpt(text)}; ${expected}`);
}

export function parseTrainOptions(raw: RawTrainOptions): TrainOptions {
  const data = parseDataSpec(raw.data);
  const model = choiceOption('--model', raw.model, MODEL_NAMES);
  const mode = choiceOption<Mode>('--mode', raw.mode, ['steady', 'full'], 'steady');
  if (mode === 'full' && model !== 'microcircuit') throw new InputError('--mode', `full dynamics exist only for --model microcircuit, not ${model}`);
  const epochs = integerOption('--epochs', raw.epochs, 1);
  if (epochs === undefined) throw new InputError('--epochs', 'missing; expected a positive integer');
  const seed = integerOption('--seed', raw.seed, 0) ?? 0;
  const lr = positiveOption('--lr', raw.lr, false);
  let lrDecay = 1;
  if (raw.lrDecay !== undefined) {
    lrDecay = Number(raw.lrDecay);
    if (raw.lrDecay.trim() === '' || !(lrDecay > 0 && lrDecay <= 1)) throw new InputError('--lr-decay', `expected a number in (0, 1], got ${excerpt(raw.lrDecay)}`);
  }
  let upLrScale: number[] | undefined;
  if (raw.upLrScale !== undefined) {
    upLrScale = raw.upLrScale.split(',').map(Number);
    if (raw.upLrScale.trim() === '' || upLrScale.some((x) => !(x > 0) || !Number.isFinite(x))) {
      throw new InputError('--up-lr-scale', `expected positive numbers separated by commas, one per layer (e.g. 30,1), got ${excerpt(raw.upLrScale)}`);
    }
  }
  const optimizer = raw.optimizer === undefined ? undefined : choiceOption<OptimizerName>('--optimizer', raw.optimizer, ['sgd', 'adam']);
  if (mode === 'full') {
    // The continuous-time circuit learns online with its own η per matrix: these would be ignored.
    const ignored = [['--batch', raw.batch], ['--optimizer', raw.optimizer], ['--up-lr-scale', raw.upLrScale]].find(([, value]) => value !== undefined);
    if (ignored !== undefined) throw new InputError(ignored[0]!, 'not an option of --mode full, which learns online, one pattern at a time, with its own η per matrix (scale them all with --lr); drop it');
  }
  const precision = raw.precision === undefined ? undefined : choiceOption<Precision>('--precision', raw.precision, ['float64', 'float32']);
  if (precision !== undefined && mode !== 'full') throw new InputError('--precision', 'only --mode full (the continuous-time circuit) has a storage precision; drop it');
  return {
    data,
    model,
    mode,
    epochs,
    seed,
    batch: integerOption('--batch', raw.batch, 1),
    lr,
    lrDecay,
    upLrScale,
    optimizer,
    out: raw.out ?? `out/train/${data.kind}-${model}-${mode}-seed${seed}`,
    resume: raw.resume === true,
    limitTrain: integerOption('--limit-train', raw.limitTrain, 1),
    limitTest: integerOption('--limit-test', raw.limitTest, 1),
    ...(precision === 'float32' ? { precision } : {}),
  };
}
