import { setUpRegressionTask } from './regression-task.ts';
import { existsSync } from 'node:fs';
import { FeedforwardNetwork, type LearningRule } from '../baselines/feedforward-network.ts';
import { sgd, type Optimizer } from '../core/optimizer.ts';
import { lateralMismatch } from '../circuits/lateral-mismatch.ts';
import { teacherPatterns } from '../data/teacher-student.ts';
import { readCheckpoint, writeCheckpoint } from '../io/checkpoint-file.ts';
import { InputError } from '../core/input-error.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import { Random } from '../random/random.ts';
import { captureSimulation, restoreSimulation } from '../simulation/simulation-checkpoint.ts';
import { FrozenEvaluator } from '../simulation/frozen-evaluation.ts';
import type { RegressionSettings } from './regression-settings.ts';

export const LEARNERS = ['microcircuit', 'backprop', 'feedback alignment', 'shallow'] as const;
export type RegressionLearner = (typeof LEARNERS)[number];

export interface RegressionSeedResult {
  seed: number;
  /** Patterns seen at each evaluation (0 = before training). */
  patterns: number[];
  /** Validation MSE of output potentials per learner at each evaluation. */
  mse: Record<RegressionLearner, number[]>;
  /** Angle (degrees) between W^up_2 and (W^down_1)ᵀ of the microcircuit. */
  angle: number[];
  /** ‖W^PI + W^down‖/‖W^down‖ and ‖W^IP − c·W^up_2‖/‖c·W^up_2‖ of the microcircuit. */
  piRatio: number[];
  ipRatio: number[];
  /** MSE of predicting each output's validation mean: the level of a learner that ignores the input. */
  meanPredictorMse: number;
  wallSeconds: number;
}

/** Angle between vec(A) and vec(Bᵀ), in degrees. */
function angleToTranspose(a: DenseMatrix, b: DenseMatrix): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let j = 0; j < a.cols; j++) {
      const x = a.data[i * a.cols + j];
      const y = b.data[j * b.cols + i];
      ab += x * y;
      aa += x * x;
      bb += y * y;
    }
  }
  return (Math.acos(Math.max(-1, Math.min(1, ab / Math.sqrt(aa * bb)))) * 180) / Math.PI;
}

function meanPredictorMse(targets: Float64Array, n: number, width: number): number {
  const mean = new Float64Array(width);
  for (let p = 0; p < n; p++) for (let i = 0; i < width; i++) mean[i] += targets[p * width + i] / n;
  let s = 0;
  for (let p = 0; p < n; p++) for (let i = 0; i < width; i++) s += (targets[p * width + i] - mean[i]) ** 2;
  return s / (n * width);
}

/**
 * One seed of the regression experiment: a teacher, a training stream and a validation set from
 * the seed; the microcircuit learns online in continuous time while the three baselines of the
 * same architecture, starting from the microcircuit's initial W^up, take one online-SGD step on
 * each of the same patterns. Every `evalEvery` patterns all four are scored on the validation set
 * (the microcircuit through a frozen, noiseless copy).
 */
export interface RegressionSeedInput {
  readonly settings: RegressionSettings;
  readonly seed: number;
  /** Save the whole seed (circuit, baselines, curves so far) to `path` every `every` patterns; resume from it. */
  readonly checkpoint?: { readonly path: string; readonly every: number; readonly resume: boolean };
}

export default function runRegressionSeed(input: RegressionSeedInput, report: (patternsDone: number) => void): RegressionSeedResult {
  const { settings: s, seed, checkpoint } = input;
  const start = performance.now();
  const { teacher, train, shape, weights, circuit, sim, attenuation } = setUpRegressionTask(s, seed, s.patterns);
  const val = teacherPatterns(teacher, s.validationPatterns, new Random(seed, 'regression/validation'));
  const evaluator = new FrozenEvaluator(shape, s.neuron, s.timing, { initialWeights: weights });
  const baseline = (rule: LearningRule) =>
    new FeedforwardNetwork({ dims: s.studentDims, phi: s.neuron.phi, attenuation, rule, feedback: weights.down }, weights.up);
  const nets: [RegressionLearner, FeedforwardNetwork, Optimizer][] = [
    ['backprop', baseline('backprop'), sgd(s.baselineLr)],
    ['feedback alignment', baseline('feedback-alignment'), sgd(s.baselineLr)],
    ['shallow', baseline('shallow'), sgd(s.baselineLr)],
  ];
  const nIn = shape.inputSize;
  const nOut = shape.outputSize;
  const out = new Float64Array(nOut);
  const netMse = (net: FeedforwardNetwork) => {
    let sum = 0;
    for (let p = 0; p < s.validationPatterns; p++) {
      net.forward(val.inputs.subarray(p * nIn, (p + 1) * nIn), out);
      for (let i = 0; i < nOut; i++) sum += (out[i] - val.targets[p * nOut + i]) ** 2;
    }
    return sum / (s.validationPatterns * nOut);
  };

  const result: RegressionSeedResult = {
    seed,
    patterns: [],
    mse: { microcircuit: [], backprop: [], 'feedback alignment': [], shallow: [] },
    angle: [],
    piRatio: [],
    ipRatio: [],
    meanPredictorMse: meanPredictorMse(val.targets, s.validationPatterns, nOut),
    wallSeconds: 0,
  };
  const evaluate = (p: number) => {
    const w = circuit.weights();
    result.patterns.push(p);
    result.mse.microcircuit.push(evaluator.mse(w, val.inputs, val.targets, s.validationPatterns));
    for (const [name, net] of nets) result.mse[name].push(netMse(net));
    result.angle.push(angleToTranspose(w.up[1], w.down[0]));
    const lateral = lateralMismatch(shape, w, s.neuron);
    result.piRatio.push(lateral.pi[0]);
    result.ipRatio.push(lateral.ip[0]);
  };

  const save = () => {
    const blocks: Record<string, Float64Array> = {};
    nets.forEach(([name, net]) => net.weights.forEach((m, k) => (blocks[`${name}/W${k}`] = Float64Array.from(m.data))));
    writeCheckpoint(checkpoint!.path, captureSimulation(sim, { regression: result, settings: s.name, seed }, blocks));
  };
  let first = 0;
  if (checkpoint?.resume && existsSync(checkpoint.path)) {
    const { extras, blocks } = restoreSimulation(sim, readCheckpoint(checkpoint.path), checkpoint.path);
    if (extras.settings !== s.name || extras.seed !== seed) throw new InputError(checkpoint.path, `checkpoint of settings ${String(extras.settings)} seed ${String(extras.seed)}, not ${s.name} seed ${seed}`);
    Object.assign(result, extras.regression as RegressionSeedResult);
    nets.forEach(([name, net]) => net.weights.forEach((m, k) => m.data.set(blocks[`${name}/W${k}`])));
    first = sim.patternCount;
    report(first);
  } else {
    evaluate(0);
  }
  const resumedWall = result.wallSeconds;
  for (let p = first; p < s.patterns; p++) {
    const x = train.inputs.subarray(p * nIn, (p + 1) * nIn);
    const y = train.targets.subarray(p * nOut, (p + 1) * nOut);
    if (p === 0) circuit.setFilteredInput(x, y);
    sim.present({ input: x, target: y }, s.timing);
    for (const [, net, optimizer] of nets) net.trainBatch(x, y, 1, optimizer);
    if ((p + 1) % s.evalEvery === 0 || p + 1 === s.patterns) {
      evaluate(p + 1);
      report(p + 1);
    }
    if (checkpoint !== undefined && checkpoint.every > 0 && (p + 1) % checkpoint.every === 0 && p + 1 < s.patterns) {
      result.wallSeconds = resumedWall + (performance.now() - start) / 1000;
      save();
    }
  }
  result.wallSeconds = resumedWall + (performance.now() - start) / 1000;
  return result;
}
