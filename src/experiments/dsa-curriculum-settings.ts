/**
 * Settings of the curriculum test case of Guilhot, Wójcik, Achterberg & Ponte Costa (2024, arXiv
 * 2410.24070), from the authors' code (qglht/RepAL config.yaml `PDM.groups`, `dsa`; main/train.py;
 * main/representation.py; src/toolkit.py), and the subset this 2-core machine runs.
 *
 * Groups (each compared with Master at the same configuration; A Pro, B Anti, C Delay, M Delay-Anti):
 *
 *   master          M from scratch, every weight trained
 *   master-frozen   M from scratch, W_in alone trained
 *   untrained       no training
 *   partial-<X>     pretrain on X (every weight), then M with W_in alone; the authors run X = A, B,
 *                   C, AB, AC, BC; `partial` below lists the ones run here
 *   full            pretrain on A, B, C (every weight), then M with W_in alone
 *   full-unfrozen   the same pretraining, then M with every weight
 *
 * Measurement (`time`, the default): hidden states on `measureTrials` test trials of M (fixed
 * timing: fixation 500 ms, stimulus 4000 ms = 200 steps), over the stimulus period; the group's
 * and Master's states are projected on their common 20-component PCA (src/analysis/common-pca.ts),
 * then DSA (33 delays, interval 6, rank 50), arccos(CKA)/(π/2) and Procrustes angle/(π/2) on the
 * projections. The authors' measurements (`+authors`, `+authors-pca`): `MeasurementSettings`.
 *
 * Where we differ from the authors (and why):
 * - Scale: the authors' grid is 384 configurations (leaky RNN and GRU, four activations, 128/256
 *   units, two learning rates, two batch sizes, seeds), epochs of 10000 pregenerated trials per
 *   task (8000 training windows, 2000 held out for the accuracy), up to 50 epochs. Here: the
 *   leaky RNN, relu, `hidden` units, `batchSize`, lr 1e-2 (the larger of theirs), an epoch of
 *   `batchesPerEpoch` 400-step windows per task, at most `maxEpochs` epochs, Partial only for
 *   `partial`, and the seeds of the command line.
 * - Loss: `masked` weights the decision period by the mask the authors' data carry (their line
 *   applying it is commented out); with their plain mean, batches of 16–32 and a few hundred
 *   batches, no Master learned M (accuracy at chance: the network answers one side whatever the
 *   stimulus; the Pro task, without a delay, is learned at the same budget).
 * - Initial weights: Glorot-uniform, zero biases, a readout bias. The authors' code, whatever its
 *   `init_type`, initialises with PyTorch's default U(±1/√fan_in) for W_in, W_rec and the bias
 *   (main/model.py passes `init_type` positionally, where RNNCell expects `bias`), and its readout
 *   has no bias. Their hp `sigma_rec` and `sigma_x` are never used by the cell (no noise, as
 *   here); their `l2_weight` 1e-4 penalty on every weight norm is not applied here. In frozen
 *   phases only W_in learns, as theirs (the recurrent bias and the readout stay fixed).
 * - Initial weights: by default (`initialWeights` 'shared') every group of a configuration starts
 *   from the same weights (the configuration seed), so Untrained is Master before training. The
 *   authors' pipeline (src/toolkit.py `pipeline`) builds every group's network afresh without a
 *   torch seed, so each group — Untrained too, and Full and Full & Unfrozen each with its own
 *   pretraining — starts from independent weights; 'per-group' draws one initialisation per job
 *   (Full and Full & Unfrozen still share their pretraining here).
 * - The window: the 200 stimulus steps (measurement `time`). The authors' get_indexes subtracts a 500 ms "initial
 *   transition" from the period indexes but slices the unshifted states, so their window is steps
 *   0–199 (fixation and the first 175 stimulus steps).
 * - The authors hand DSA the (time, trials, units) array that their states come in, which DSA reads
 *   as trials × time × units, so its delays run across trials; by default (measurement `time`) we
 *   give trials × time × units, so the 33 delays at interval 6 run along time (200 − 192 = 8
 *   embedded points per trial). `--variant <training>+authors` computes what their pairwise
 *   script does (their window, 200 trials, raw states, their axes), `+authors-pca` the same on the
 *   common PCA (MEASUREMENTS below).
 * - DSA's optimiser: L-BFGS with the spectral start (as the Lorenz case's default variant,
 *   src/experiments/dsa-lorenz-settings.ts); theirs Adam, 1000 iterations at lr 1e-2.
 * - "Master reaches accuracy 1": their `find_accuracy_model` counts any run with fewer than 50
 *   epoch checkpoints as accuracy 1, and their default `num_epochs` is 10, so the filter keeps
 *   runs that stopped at the cap too. The 0.99 criterion cannot be met on these tasks as
 *   generated: a fifth of the trials have coherence 0, whose correct side cannot be inferred, so
 *   the expected ceiling is 0.9. We keep configurations whose Master's final accuracy on M is at
 *   least `keepAccuracy` and report every Master's accuracy.
 */
import type { DsaOptions } from '../analysis/dsa.ts';
import { InputError } from '../core/input-error.ts';
import type { PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import type { RateActivation } from '../recurrent/cells/cell.ts';
import { DSA_OPTIMIZERS } from './dsa-lorenz-settings.ts';

/** Pretraining sets of the Partial group, by the authors' letters. */
export const PARTIAL_SETS: Record<string, readonly PerceptualTask[]> = {
  A: ['pro'],
  B: ['anti'],
  C: ['delay'],
  AB: ['pro', 'anti'],
  AC: ['pro', 'delay'],
  BC: ['anti', 'delay'],
};

/** Group names in plot order; Partial variants are `partial-<letters>`. */
export const GROUP_ORDER = ['untrained', 'master-frozen', 'partial', 'full', 'full-unfrozen'] as const;
export type GroupFamily = (typeof GROUP_ORDER)[number];

export interface DsaCurriculumSettings {
  /** Names the configuration in file names and tables ('' when a run has one). */
  readonly label: string;
  /** The leaky rate RNN, or the authors' leaky GRU (src/recurrent/cells/rate-gru.ts). */
  readonly cell: CurriculumCell;
  readonly activation: RateActivation;
  readonly hidden: number;
  readonly learningRate: number;
  readonly batchSize: number;
  readonly windowSteps: number;
  readonly batchesPerEpoch: number;
  /** Epoch cap of phases that train every weight (Master, pretraining, Full & Unfrozen). */
  readonly maxEpochs: number;
  /** Epoch cap of phases that train W_in alone (the frozen groups' M phase). */
  readonly frozenMaxEpochs: number;
  readonly targetAccuracy: number;
  /** The accuracy the stopping rule and `keepAccuracy` read: all trials, or coherent ones (coherence > 0). */
  readonly stopOn: 'all' | 'coherent';
  /** Weight the loss by the authors' decision-period mask (src/experiments/dsa-curriculum-training.ts). */
  readonly decisionMask: boolean;
  /** One initialisation for all groups of a configuration, or one per training job (the authors'). */
  readonly initialWeights: 'shared' | 'per-group';
  readonly evalTrials: number;
  /** Configurations whose Master's accuracy on M is below this are left out of the summary. */
  readonly keepAccuracy: number;
  /** Partial variants run (keys of PARTIAL_SETS). */
  readonly partial: readonly string[];
  readonly measureTrials: number;
  /** Which states the metrics compare and how DSA reads them (MEASUREMENTS). */
  readonly measurement: MeasurementSettings;
  readonly pcaComponents: number;
  readonly dsa: DsaOptions & { readonly nDelays: number; readonly delayInterval: number; readonly rank: number };
}

/**
 * What the metrics compare (src/experiments/dsa-curriculum-states.ts):
 *
 *   time         ours: the 200 stimulus steps of 32 trials, projected on the common PCA; DSA's
 *                delays along time (8 embedded points per trial)
 *   authors      what the authors' pairwise script computes (qglht/RepAL
 *                src/dissimilarity_pairwise.py, whose output data/dissimilarities/ the group box
 *                plots of notebooks/analysis_rnn_3_after_learning.ipynb read): steps 0–199 of 200
 *                test trials (their test split: a fifth of 1000), the raw hidden states (the
 *                script computes the common PCA but hands the metrics `curve_i`, `curve_j`), the
 *                (time, trials, units) array handed to DSA as is, so its delays run across trials
 *   authors-pca  the same window, trials and axes, on the common 20-component PCA (their
 *                src/toolkit.py `dissimilarity_over_learning`)
 */
export interface MeasurementSettings {
  readonly name: (typeof DSA_CURRICULUM_MEASUREMENTS)[number];
  readonly window: 'stimulus' | 'authors';
  readonly dsaAxes: 'time' | 'authors';
  readonly projection: 'common-pca' | 'none';
}

export const DSA_CURRICULUM_MEASUREMENTS = ['time', 'authors', 'authors-pca'] as const;

const MEASUREMENTS: Record<MeasurementSettings['name'], MeasurementSettings> = {
  time: { name: 'time', window: 'stimulus', dsaAxes: 'time', projection: 'common-pca' },
  authors: { name: 'authors', window: 'authors', dsaAxes: 'authors', projection: 'none' },
  'authors-pca': { name: 'authors-pca', window: 'authors', dsaAxes: 'authors', projection: 'common-pca' },
};

/** The authors' measured trials: the test split of their 1000 pregenerated test trials (main/dataset.py, 0.8 train split). */
export const AUTHORS_MEASURE_TRIALS = 200;

/** Splits `--variant` into its training variant and measurement: `masked`, `masked+authors`, …; undefined if either is unknown. */
export function parseCurriculumVariant(variant: string): { training: (typeof DSA_CURRICULUM_VARIANTS)[number]; measurement: MeasurementSettings['name'] } | undefined {
  const [training, measurement = 'time', ...rest] = variant.split('+');
  if (rest.length > 0 || !(DSA_CURRICULUM_VARIANTS as readonly string[]).includes(training) || !(DSA_CURRICULUM_MEASUREMENTS as readonly string[]).includes(measurement)) return undefined;
  return { training: training as (typeof DSA_CURRICULUM_VARIANTS)[number], measurement: measurement as MeasurementSettings['name'] };
}

/** The authors' DSA settings (config.yaml `dsa`). */
export const AUTHORS_DSA = { nDelays: 33, delayInterval: 6, rank: 50 } as const;

/** The cells of the curriculum networks: the authors' `leaky_rnn` and `leaky_gru`. */
export type CurriculumCell = 'rnn' | 'rate-gru';

/** Named subsets (see `dsaCurriculumConfigurations`); `masked` is the default. */
export const DSA_CURRICULUM_VARIANTS = ['masked', 'masked-per-group', 'masked-softplus', 'masked-gru', 'masked-partials', 'grid', 'subset', 'small'] as const;

/**
 * `masked` (default), the subset whose Masters learn M: 32 units, batches of 64, lr 1e-2, the
 * authors' decision-period mask on the loss, an epoch of 50 batches per task; phases that train
 * every weight stop when every task's coherent-trial accuracy (training timing) exceeds 0.9 or
 * after 20 epochs (1000 batches per task), the frozen M phases after 4 epochs (W_in alone, which
 * leaves the recurrent dynamics that DSA compares as the pretraining left them); only
 * configurations whose Master exceeds 0.9 are kept; Partial B only; one initialisation shared by
 * all groups. `masked-per-group`: the same with one initialisation per training job, as the
 * authors' pipeline has it.
 *
 * `subset` and `small` are the authors' unmasked loss and stopping rule (every task's accuracy
 * over all trials > 0.99, every configuration kept) at budgets in which the Masters never learned
 * M: `subset` 64 units, Partial B and C, 10 epochs of 20 batches of 32 per task; `small` 32 units,
 * batches of 16, at most 5 epochs.
 *
 * Quick: 8 units, 2 batches of 4 per epoch, 1 epoch, 4 measured trials, 6 components, DSA rank 6
 * — the same code path (with the `masked` loss) in seconds.
 */
export function dsaCurriculumSettings(quick: boolean, fullVariant: string = 'masked'): DsaCurriculumSettings {
  const configurations = dsaCurriculumConfigurations(quick, fullVariant);
  if (configurations.length !== 1) throw new RangeError(`variant ${fullVariant} has ${configurations.length} configurations; use dsaCurriculumConfigurations`);
  return configurations[0];
}

/**
 * The network configurations a variant runs, each with its settings (seeds come from the command
 * line). Beside the single-configuration variants above:
 *
 *   masked-softplus  `masked` with φ = softplus
 *   masked-gru       `masked` with the authors' leaky GRU (relu; no reset gate, rate-gru.ts)
 *   masked-partials  `masked` with all six Partial sets (A, B, C, AB, AC, BC)
 *   grid             the leaky RNN with relu and with softplus at 32 units, `masked` settings
 *                    (Partial B): both activations × one size × the seeds given
 */
export function dsaCurriculumConfigurations(quick: boolean, fullVariant: string = 'masked'): DsaCurriculumSettings[] {
  const parsed = parseCurriculumVariant(fullVariant);
  if (parsed === undefined) throw new InputError('--variant', `expected <training>[+<measurement>] with training one of ${DSA_CURRICULUM_VARIANTS.join(', ')} and measurement one of ${DSA_CURRICULUM_MEASUREMENTS.join(', ')}, got "${fullVariant}"`);
  const base = baseSettings(quick, parsed.training === 'masked-per-group' || parsed.training === 'subset' || parsed.training === 'small' ? parsed.training : 'masked', MEASUREMENTS[parsed.measurement]);
  switch (parsed.training) {
    case 'masked-softplus':
      return [{ ...base, activation: 'softplus' }];
    case 'masked-gru':
      return [{ ...base, cell: 'rate-gru' }];
    case 'masked-partials':
      return [{ ...base, partial: Object.keys(PARTIAL_SETS) }];
    case 'grid':
      return (['relu', 'softplus'] as const).map((activation) => ({ ...base, activation, label: `${base.cell}-${activation}-${base.hidden}` }));
    default:
      return [base];
  }
}

function baseSettings(quick: boolean, variant: 'masked' | 'masked-per-group' | 'subset' | 'small', measurement: MeasurementSettings): DsaCurriculumSettings {
  const authorsTrials = measurement.window === 'authors';
  const masked = variant === 'masked' || variant === 'masked-per-group';
  const small = variant === 'small';
  const maxEpochs = quick ? 1 : masked ? 20 : small ? 5 : 10;
  return {
    label: '',
    cell: 'rnn',
    activation: 'relu',
    hidden: quick ? 8 : masked || small ? 32 : 64,
    learningRate: 1e-2,
    batchSize: quick ? 4 : masked ? 64 : small ? 16 : 32,
    windowSteps: quick ? 100 : 400,
    batchesPerEpoch: quick ? 2 : masked ? 50 : 20,
    maxEpochs,
    frozenMaxEpochs: masked && !quick ? 4 : maxEpochs,
    targetAccuracy: masked || quick ? 0.9 : 0.99,
    stopOn: masked || quick ? 'coherent' : 'all',
    decisionMask: masked || quick,
    initialWeights: variant === 'masked-per-group' ? 'per-group' : 'shared',
    evalTrials: quick ? 4 : masked ? 128 : 64,
    keepAccuracy: masked && !quick ? 0.9 : 0,
    partial: quick || masked ? ['B'] : ['B', 'C'],
    // across trials, the delay embedding spans 193 of them (33 delays 6 apart), quick runs too
    measureTrials: authorsTrials ? AUTHORS_MEASURE_TRIALS : quick ? 4 : 32,
    measurement,
    pcaComponents: quick ? 6 : 20,
    dsa: { ...AUTHORS_DSA, ...DSA_OPTIMIZERS.lbfgs, ...(quick ? { rank: 6 } : {}) },
  };
}

/** Networks trained and measured per configuration: Master, Master-Frozen, Untrained, the Partials, Full, Full & Unfrozen. */
export function curriculumNetworks(settings: DsaCurriculumSettings): number {
  return 5 + settings.partial.length;
}

/** The family a group belongs to (the Partial variants pool into one box). */
export function groupFamily(group: string): GroupFamily {
  return group.startsWith('partial-') ? 'partial' : (group as GroupFamily);
}

/**
 * The authors' medians of dissimilarity to Master (their figure, as the issue quotes it): DSA per
 * group; CKA and Procrustes ranges over all groups.
 */
export const AUTHORS = {
  dsaMedian: { untrained: 0.68, partial: 0.3, 'full-unfrozen': 0.28, full: 0.27 },
  ckaRange: [0.4, 0.45],
  procrustesRange: [0.39, 0.46],
} as const;

/**
 * The settings that decide how each job's networks are trained: everything but the name, the
 * measurement, the keeping rule and the list of Partial sets (which says which Partial jobs run,
 * not how any job trains), so `masked-partials` can reuse a `masked` run's jobs.
 */
export function trainingSettings(settings: DsaCurriculumSettings): Record<string, unknown> {
  const { label: _l, partial: _s, measureTrials: _t, measurement: _m, pcaComponents: _p, dsa: _d, keepAccuracy: _k, ...training } = settings;
  return training;
}

/**
 * The settings that decide what a dissimilarity to Master means: the measurement (window, DSA
 * axes, projection), the PCA's size, DSA's settings, the measured trials and the keeping rule.
 * Runs pooled into one report must share them (src/cli/dsa-curriculum-pool.ts).
 */
export function measurementSettings(settings: DsaCurriculumSettings): Pick<DsaCurriculumSettings, 'measurement' | 'pcaComponents' | 'dsa' | 'measureTrials' | 'keepAccuracy'> {
  const { measurement, pcaComponents, dsa, measureTrials, keepAccuracy } = settings;
  return { measurement, pcaComponents, dsa, measureTrials, keepAccuracy };
}
