import { noProgress, type ProgressFactory } from '../core/progress.ts';
import { join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { RunFailure } from '../core/run-failure.ts';
import { NonFiniteStateError } from '../circuits/non-finite-state-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { Random } from '../random/random.ts';
import { readTrainingCheckpoint, writeTrainingCheckpoint } from './checkpoint.ts';
import type { EpochRecord } from './epoch-record.ts';
import { createLearner } from './create-learner.ts';
import type { Learner } from './learner.ts';
import type { TrainOptions } from './train-options.ts';
import { loadTrainingData, type TrainingData, type TrainingSet } from './training-data.ts';
import { CLASS_TARGETS, resolveSetup, type TrainingSetup } from './training-setup.ts';

export type { EpochRecord } from './epoch-record.ts';

/** The result file of a run (result.json) and, in part, its stdout line. */
export interface TrainingResult {
  readonly data: string;
  readonly model: string;
  readonly mode: string;
  readonly seed: number;
  readonly epochs: number;
  readonly trainSize: number;
  readonly testSize: number;
  /** Training samples evaluated for trainError/trainMse each epoch. */
  readonly trainEvaluated: number;
  readonly setup: TrainingSetup;
  readonly history: readonly EpochRecord[];
  readonly testAccuracy: number | null;
  readonly testMse: number;
  /** Training samples per wall second, over every epoch (also across resumed segments). */
  readonly samplesPerSecond: number;
  /** Test samples per wall second of the last evaluation (inference only). */
  readonly inferenceSamplesPerSecond: number;
}

/** What must match for --resume to continue a checkpoint: everything but the number of epochs and where output goes. */
function runIdentity(options: TrainOptions, setup: TrainingSetup): string {
  const { data, model, mode, seed, limitTrain, limitTest } = options;
  return JSON.stringify({ data, model, mode, seed, limitTrain: limitTrain ?? null, limitTest: limitTest ?? null, setup });
}

/**
 * The largest loss (½‖u_N − target‖² of a sample) a working run can have: targets and output
 * potentials of every task here are of order 1 to 10, so a loss of 1e10 means outputs of order
 * 1e5 — the learning rate has blown the weights up, and the run stops (exit 3) instead of
 * finishing with a meaningless result.
 */
const LOSS_LIMIT = 1e10;

/** Fraction of rows whose largest output is not the label (classification), and the MSE per entry. */
function evaluate(learner: Learner, set: TrainingSet, n: number, nOut: number, out: Float64Array): { error: number | null; mse: number } {
  learner.predict(set.inputs, n, out);
  let wrong = 0;
  let squares = 0;
  for (let s = 0; s < n; s++) {
    let best = 0;
    for (let i = 0; i < nOut; i++) {
      const v = out[s * nOut + i];
      squares += (v - set.targets[s * nOut + i]) ** 2;
      if (v > out[s * nOut + best]) best = i;
    }
    if (set.labels !== null && best !== set.labels[s]) wrong++;
  }
  return { error: set.labels === null ? null : wrong / n, mse: squares / (n * nOut) };
}

/**
 * `npm run train`: trains one learner for `options.epochs` epochs (shuffled each epoch by a seeded
 * stream), evaluates train and test error after each, checkpoints each epoch into the output folder,
 * and at the end writes result.json and learning-curve.svg there. With `resume`, a checkpoint in
 * the folder is continued — to the same result, bit for bit, as a run that was never interrupted.
 */
export async function runTraining(options: TrainOptions, createProgress: ProgressFactory = noProgress): Promise<TrainingResult> {
  const data: TrainingData = loadTrainingData(options.data, options.seed, { train: options.limitTrain, test: options.limitTest }, CLASS_TARGETS);
  const setup = resolveSetup(options, data.inputSize, data.outputSize);
  const learner = createLearner(options, setup);
  const order = new Random(options.seed, 'train/order');
  const nIn = data.inputSize;
  const nOut = data.outputSize;
  const nTrain = data.train.n;
  const nTest = data.test.n;
  // The continuous-time runs take ~1,000 Euler steps per sample, so they check training error on a subset.
  const trainEvaluated = options.mode === 'full' ? Math.min(nTrain, nTest) : nTrain;
  const identity = runIdentity(options, setup);

  let history: EpochRecord[] = [];
  let startEpoch = 0;
  const checkpoint = options.resume ? readTrainingCheckpoint(options.out, { identity, epochs: options.epochs, classification: data.task === 'classification' }) : null;
  if (options.resume && checkpoint === null) process.stderr.write(`train: no checkpoint in ${options.out}, starting from epoch 1\n`);
  if (checkpoint !== null) {
    learner.loadState(checkpoint.learner, checkpoint.source);
    startEpoch = checkpoint.epoch;
    history = [...checkpoint.history];
    order.setState(checkpoint.order);
  }

  const batch = setup.batch;
  // A batch given on the command line must fit the data; a default larger than a small data set is one short batch.
  if (options.batch !== undefined && options.batch > nTrain) throw new InputError('--batch', `expected at most ${nTrain} (the training samples), got ${options.batch}`);
  const batchInputs = new Float64Array(Math.min(batch, nTrain) * nIn);
  const batchTargets = new Float64Array(Math.min(batch, nTrain) * nOut);
  const outputs = new Float64Array(Math.max(nTest, trainEvaluated) * nOut);
  // The continuous-time runs evaluate by simulating each sample as they train, which takes as long:
  // their bar counts those samples too, and moves within a sample (Learner.watchSamples).
  const evaluatedPerEpoch = options.mode === 'full' ? trainEvaluated + nTest : 0;
  const perEpoch = nTrain + evaluatedPerEpoch;
  const progress = createProgress({
    label: `train ${data.name} ${options.model}${options.mode === 'full' ? ' (full dynamics)' : ''}`,
    total: Math.max((options.epochs - startEpoch) * perEpoch, 1),
    unit: 'samples',
  });
  const extra: { epoch: number; loss: number; stage?: string } = options.mode === 'full' ? { epoch: startEpoch + 1, loss: 0, stage: 'training' } : { epoch: startEpoch + 1, loss: 0 };
  /** Samples done before the learner's current trainBatch or predict call. */
  let doneBefore = 0;
  learner.watchSamples?.((samplesDone) => progress.update(doneBefore + samplesDone, extra));
  let inferenceSamplesPerSecond = 0;
  for (let epoch = startEpoch + 1; epoch <= options.epochs; epoch++) {
    const epochStart = (epoch - startEpoch - 1) * perEpoch;
    if (extra.stage !== undefined) extra.stage = 'training';
    const perm = Int32Array.from({ length: nTrain }, (_, i) => i);
    order.shuffle(perm);
    extra.epoch = epoch;
    learner.scaleLearningRate(setup.lrDecay ** (epoch - 1));
    let lossSum = 0;
    const start = performance.now();
    for (let first = 0; first < nTrain; first += batch) {
      const n = Math.min(batch, nTrain - first);
      for (let s = 0; s < n; s++) {
        const p = perm[first + s];
        for (let i = 0; i < nIn; i++) batchInputs[s * nIn + i] = data.train.inputs[p * nIn + i];
        for (let i = 0; i < nOut; i++) batchTargets[s * nOut + i] = data.train.targets[p * nOut + i];
      }
      const samples = n > 1 ? `samples ${first + 1}–${first + n}` : `sample ${first + 1}`;
      doneBefore = epochStart + first;
      let loss: number;
      try {
        loss = learner.trainBatch(batchInputs, batchTargets, n);
      } catch (e) {
        if (!(e instanceof NonFiniteStateError)) throw e;
        throw new RunFailure(`training diverged in epoch ${epoch} at ${samples} of ${nTrain}: the ${e.message}`);
      }
      if (!(Math.abs(loss) <= LOSS_LIMIT)) {
        throw new RunFailure(`training diverged in epoch ${epoch} at ${samples} of ${nTrain}: loss ${Number(loss.toPrecision(3))}${Number.isFinite(loss) ? ` above ${LOSS_LIMIT.toExponential(0)}` : ''}; use a smaller learning rate (--lr)`);
      }
      lossSum += loss * n;
      // the epoch's mean so far: the bar ends on the figure the history records for the epoch
      extra.loss = lossSum / (first + n);
      progress.update(epochStart + first + n, extra);
    }
    const trainSeconds = (performance.now() - start) / 1000;
    if (extra.stage !== undefined) extra.stage = 'evaluating';
    doneBefore = epochStart + nTrain;
    const train = evaluate(learner, data.train, trainEvaluated, nOut, outputs);
    doneBefore += trainEvaluated;
    const testStart = performance.now();
    const test = evaluate(learner, data.test, nTest, nOut, outputs);
    if (evaluatedPerEpoch > 0) progress.update(epochStart + perEpoch, extra);
    if (!(train.mse <= LOSS_LIMIT && test.mse <= LOSS_LIMIT)) {
      throw new RunFailure(`training diverged in epoch ${epoch}: the trained network's outputs are ${Number.isFinite(train.mse) && Number.isFinite(test.mse) ? 'exploding' : 'not finite'} (train MSE ${Number(train.mse.toPrecision(3))}, test MSE ${Number(test.mse.toPrecision(3))}); use a smaller learning rate (--lr)`);
    }
    inferenceSamplesPerSecond = nTest / ((performance.now() - testStart) / 1000);
    history.push({ epoch, trainLoss: lossSum / nTrain, trainError: train.error, testError: test.error, trainMse: train.mse, testMse: test.mse, trainSeconds });
    const state = learner.saveState();
    writeTrainingCheckpoint(options.out, { identity, epoch, history, order: order.getState(), learner: state });
  }
  progress.finish();

  const last = history[history.length - 1];
  const seconds = history.reduce((s, h) => s + h.trainSeconds, 0);
  const result: TrainingResult = {
    data: data.name,
    model: options.model,
    mode: options.mode,
    seed: options.seed,
    epochs: options.epochs,
    trainSize: nTrain,
    testSize: nTest,
    trainEvaluated,
    setup,
    history,
    testAccuracy: last.testError === null ? null : 1 - last.testError,
    testMse: last.testMse,
    samplesPerSecond: (history.length * nTrain) / seconds,
    inferenceSamplesPerSecond,
  };
  writeFileAtomic(join(options.out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  const classification = data.task === 'classification';
  const metric = (h: EpochRecord, split: 'train' | 'test') => (classification ? 100 * (h[`${split}Error`] as number) : h[`${split}Mse`]);
  const epochs = history.map((h) => h.epoch);
  await writeSvg(
    join(options.out, 'learning-curve.svg'),
    lineChart({
      title: `${data.name}, ${options.model}${options.model === 'microcircuit' ? ` (${options.mode})` : ''}, seed ${options.seed}`,
      x: { label: 'epoch' },
      y: { label: classification ? 'error (%)' : 'MSE of output potentials', scale: classification ? 'linear' : 'log' },
      series: [
        { name: 'train', x: epochs, y: history.map((h) => metric(h, 'train')) },
        { name: 'test', x: epochs, y: history.map((h) => metric(h, 'test')) },
      ],
    }),
  );
  return result;
}
