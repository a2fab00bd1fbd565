import { setUpRegressionTask } from './regression-task.ts';
import { fitHavokDmd, linearCka, procrustesScore, vectorFieldProcrustes } from '../analysis/index.ts';
import type { DenseMatrix, DsaOptions } from '../analysis/index.ts';
import { FeedforwardNetwork } from '../baselines/feedforward-network.ts';
import { sgd } from '../core/optimizer.ts';
import { teacherPatterns } from '../data/teacher-student.ts';
import { Random } from '../random/random.ts';
import { probeFrozenCircuit } from './frozen-circuit-probe.ts';
import { relaxation, type HiddenProbe, type ProbeProtocol } from './hidden-probe.ts';
import { probeLeakyFeedforward } from './leaky-feedforward-probe.ts';
import { logSpacedCheckpoints } from './log-spaced-checkpoints.ts';
import type { RegressionSettings } from './regression-settings.ts';

/** How much of the similarity analysis to run (the learners' settings come from RegressionSettings). */
export interface SimilaritySize {
  /** Training patterns (the full run uses the regression settings' own count). */
  readonly patterns: number;
  /** Checkpoints, the initial state included, log-spaced over training. */
  readonly checkpoints: number;
  /** Probe inputs (held-out teacher patterns): rows of the representations, trials of the dynamics. */
  readonly probes: number;
  /** (nDelays, rank) pairs at which DSA is repeated on the final checkpoint. */
  readonly dsaGrid: readonly DsaOptions[];
}

export const COMPARISONS = ['microVsBackprop', 'microVsInitial', 'backpropVsInitial'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const METRICS = ['cka', 'procrustes', 'dsa'] as const;
export type Metric = (typeof METRICS)[number];
export type Scores = Record<Comparison, number>;

/**
 * DSA of the relaxations after input switches: 2 delays, because the relaxation mixes two time
 * constants (τ_0 = 3 ms of the input filter, τ ≈ 0.5 ms of the soma), and rank 10 of the 100
 * embedded columns. Backprop's relaxation is one fixed linear filter seen through c·W, so its
 * angle to its own initial state is zero up to rounding, a check of the pipeline. Rank 10 keeps
 * the slow modes that carry most of the variance; at rank 20 the angle jumps between ≈ 0 and
 * 0.28–0.40 rad as one or two fast modes (eigenvalue ≈ 0.12 per ms, the soma's τ) of the trained
 * microcircuit enter or leave the kept subspace (measured on the tuned and paper runs), and near
 * the data's rank (30 with 5 delays) the fit turns ill-conditioned and even the check fails. The
 * final checkpoint is rechecked on a grid (SimilaritySize.dsaGrid).
 */
export const DSA: DsaOptions = { nDelays: 2, rank: 10 };

/** Probe timing: the training timing, forward Euler at 0.1 ms, 20 ms of trajectory (≈ 7 τ_0) per switch. */
export function probeProtocol(settings: RegressionSettings): ProbeProtocol {
  return { ...settings.timing, dt: 0.1, trialLength: 20 };
}

export interface SimilaritySeedResult {
  readonly seed: number;
  /** Patterns seen at each checkpoint (0 = the initial state). */
  readonly checkpoints: number[];
  /** Per metric and comparison, one value per checkpoint (CKA, Procrustes score, DSA angle in rad). */
  readonly scores: Record<Metric, Record<Comparison, number[]>>;
  /** Validation MSE of the output potentials on the probe set, per checkpoint. */
  readonly validationMse: { readonly micro: number[]; readonly backprop: number[] };
  /** DSA angles at the final checkpoint for each entry of the size's dsaGrid. */
  readonly dsaGrid: Scores[];
  readonly wallSeconds: number;
}

/** Something of each learner: its probes at a checkpoint, or the DSA operators fitted to them. */
interface Both<T> {
  readonly micro: T;
  readonly backprop: T;
}

/** The three comparisons of a checkpoint: the learners with each other, each with its own start. */
function pairs<T>(now: Both<T>, initial: Both<T>): Record<Comparison, [T, T]> {
  return { microVsBackprop: [now.micro, now.backprop], microVsInitial: [now.micro, initial.micro], backpropVsInitial: [now.backprop, initial.backprop] };
}

function byComparison(f: (c: Comparison) => number): Scores {
  return Object.fromEntries(COMPARISONS.map((c) => [c, f(c)])) as Scores;
}

/** DSA's operators of both learners, fitted to the relaxations after each input switch. */
function operators(s: Both<HiddenProbe>, options: DsaOptions): Both<DenseMatrix> {
  return { micro: fitHavokDmd(relaxation(s.micro), options).A, backprop: fitHavokDmd(relaxation(s.backprop), options).A };
}

/** DSA angle of each comparison: dsaDistance, with each operator fitted once. */
function dsaScores(now: Both<DenseMatrix>, initial: Both<DenseMatrix>, options: DsaOptions): Scores {
  const p = pairs(now, initial);
  return byComparison((c) => vectorFieldProcrustes(p[c][0], p[c][1], options).distance);
}

function mse(outputs: Float64Array, targets: Float64Array): number {
  let s = 0;
  for (let i = 0; i < outputs.length; i++) s += (outputs[i] - targets[i]) ** 2;
  return s / outputs.length;
}

/**
 * One seed of the similarity experiment (a parallelMap task). The learners are those of the
 * regression experiment (regression-seed.ts), on the same teacher and training stream, so the
 * same seed and settings give the same runs: the microcircuit learns online in continuous time;
 * a backprop network from its initial W^up takes one SGD step per pattern. At each checkpoint
 * both are probed frozen on a fixed probe set (hidden-probe.ts) — the microcircuit as simulated,
 * backprop through leaky somata with the microcircuit's hidden time constant
 * τ = 1/(g_lk + g_B + g_A) and τ_0 — and compared with each other and with their initial state.
 */
export default function runSimilaritySeed(
  input: { settings: RegressionSettings; size: SimilaritySize; seed: number },
  report: (patternsDone: number) => void,
): SimilaritySeedResult {
  const { settings: s, size, seed } = input;
  const start = performance.now();
  const { teacher, train, shape, weights, circuit, sim, attenuation } = setUpRegressionTask(s, seed, size.patterns);
  const probes = teacherPatterns(teacher, size.probes, new Random(seed, 'similarity/probes'));
  const backprop = new FeedforwardNetwork({ dims: s.studentDims, phi: s.neuron.phi, attenuation, rule: 'backprop' }, weights.up);
  const optimizer = sgd(s.baselineLr);
  const protocol = probeProtocol(s);
  const leaky = { tau: 1 / (s.neuron.gl + s.neuron.gb + s.neuron.ga), tau0: circuit.tau0 };

  const checkpoints = logSpacedCheckpoints(size.patterns, size.checkpoints);
  const perCheckpoint = () => Object.fromEntries(COMPARISONS.map((c) => [c, [] as number[]])) as Record<Comparison, number[]>;
  const scores = { cka: perCheckpoint(), procrustes: perCheckpoint(), dsa: perCheckpoint() };
  const validationMse = { micro: [] as number[], backprop: [] as number[] };
  type State = { probes: Both<HiddenProbe>; operators: Both<DenseMatrix> };
  let initial: State | null = null;
  let last: State | null = null;
  const nIn = shape.inputSize;
  const nOut = shape.outputSize;
  let p = 0;
  for (const count of checkpoints) {
    for (; p < count; p++) {
      const x = train.inputs.subarray(p * nIn, (p + 1) * nIn);
      const y = train.targets.subarray(p * nOut, (p + 1) * nOut);
      if (p === 0) circuit.setFilteredInput(x, y);
      sim.present({ input: x, target: y }, s.timing);
      backprop.trainBatch(x, y, 1, optimizer);
      if ((p + 1) % 50 === 0) report(p + 1);
    }
    const now: Both<HiddenProbe> = {
      micro: probeFrozenCircuit(circuit, probes.inputs, protocol),
      backprop: probeLeakyFeedforward(backprop, probes.inputs, protocol, leaky),
    };
    last = { probes: now, operators: operators(now, DSA) };
    initial ??= last;
    const representations = pairs(now, initial.probes);
    const angles = dsaScores(last.operators, initial.operators, DSA);
    for (const c of COMPARISONS) {
      const [a, b] = representations[c];
      scores.cka[c].push(linearCka(a.representation, b.representation));
      scores.procrustes[c].push(procrustesScore(a.representation, b.representation));
      scores.dsa[c].push(angles[c]);
    }
    validationMse.micro.push(mse(now.micro.outputs, probes.targets));
    validationMse.backprop.push(mse(now.backprop.outputs, probes.targets));
    report(count);
  }
  const [first, end] = [initial!.probes, last!.probes];
  const dsaGrid = size.dsaGrid.map((o) => dsaScores(operators(end, o), operators(first, o), o));
  return { seed, checkpoints, scores, validationMse, dsaGrid, wallSeconds: (performance.now() - start) / 1000 };
}
