import { join } from 'node:path';
import { InputError } from '../../core/input-error.ts';
import { noProgress } from '../../core/progress.ts';
import { RunFailure } from '../../core/run-failure.ts';
import type { Dataset } from '../../data/dataset.ts';
import { loadMnist } from '../../data/mnist.ts';
import { SequentialMnistBatches } from '../../data/sequential-mnist.ts';
import { writeFileAtomic } from '../../io/write-file-atomic.ts';
import { lineChart } from '../../plot/line-chart.ts';
import { writeSvg } from '../../plot/render-svg.ts';
import { RecurrentNetwork } from '../network.ts';
import { classifyAtEndStep } from './classify-at-end-step.ts';
import { classifyAtEndBatch } from './network-batch.ts';
import { checkClassificationRecord, writeRecurrentCheckpoint, type RecurrentEpochRecord } from './recurrent-checkpoint.ts';
import { makeRecurrentOptimizer, recurrentOptimizerConstants } from './recurrent-optimizer.ts';
import type { RecurrentTrainOptions } from './recurrent-train-options.ts';
import { runRecurrentEpochs, type RecurrentTrainingHooks } from './recurrent-epochs.ts';
import { resumeRecurrentRun } from './resume-recurrent-run.ts';

export { StoppedForTest, type RecurrentTrainingHooks } from './recurrent-epochs.ts';
import type { RecurrentPrecision } from '../layer-float32.ts';

export type { RecurrentEpochRecord } from './recurrent-checkpoint.ts';

/** result.json of a recurrent run (and, in part, its stdout line). */
export interface RecurrentTrainingResult {
  readonly data: string;
  readonly model: string;
  readonly units: number;
  /** Arithmetic of the recurrent layer. */
  readonly precision: RecurrentPrecision;
  readonly seed: number;
  readonly epochs: number;
  readonly steps: number;
  readonly inputSize: number;
  readonly trainSize: number;
  readonly testSize: number;
  /** Training digits whose error is evaluated after each epoch (all of them, or the first 2,000 for the pixel variant). */
  readonly trainEvaluated: number;
  readonly parameters: number;
  readonly settings: { readonly batch: number; readonly lr: number; readonly optimizer: string; readonly clip: number; readonly rho?: number; readonly momentum?: number; readonly eps?: number };
  readonly history: readonly RecurrentEpochRecord[];
  readonly testAccuracy: number;
  /** Training digits per wall second, over every epoch (also across resumed segments). */
  readonly samplesPerSecond: number;
  /** Test digits per wall second of the last evaluation. */
  readonly inferenceSamplesPerSecond: number;
}

/** Above this mean cross-entropy (ln 10 ≈ 2.3 is chance) the weights have blown up. */
const LOSS_LIMIT = 1e6;

/** The project's MNIST split, each part cut to its first `limit` digits. */
function firstDigits(d: Dataset, limit: number | undefined): Dataset {
  const n = Math.min(d.n, limit ?? d.n);
  if (n === d.n) return d;
  return { ...d, n, inputs: d.inputs.subarray(0, n * d.inputSize), labels: d.labels.subarray(0, n) };
}

/** Fraction of the first `n` digits of `data` whose largest readout at the last step is not the label. */
export function classificationError(net: RecurrentNetwork, data: Dataset, n: number, variant: 'pixel' | 'row', batchSize: number): number {
  const batches = new SequentialMnistBatches(firstDigits(data, n), { variant, batchSize, shuffle: false });
  let wrong = 0;
  for (let i = 0; i < batches.batchCount; i++) {
    const { input, labels } = classifyAtEndBatch(batches.batch(0, i));
    net.forward(input);
    const last = input.steps - 1;
    for (let b = 0; b < input.batchSize; b++) {
      let best = 0;
      for (let k = 1; k < net.outputSize; k++) if (net.output(b, last, k) > net.output(b, last, best)) best = k;
      if (best !== labels[b]) wrong++;
    }
  }
  return wrong / batches.data.n;
}

/**
 * `npm run train -- --data seq-mnist|row-mnist --model lstm|sublstm|fix-sublstm`: trains one
 * recurrent network (one layer of `units`, a linear readout of the last step, softmax
 * cross-entropy) on sequential MNIST, with the project's 8,000/2,000 split of `loadMnist(seed)`.
 * Each epoch visits the digits in the seeded order of SequentialMnistBatches; gradients are
 * clipped to global norm `clip` and applied by RMSProp with momentum or Adam. After each epoch:
 * train and test error and a sealed checkpoint (also every `checkpointEvery` batches); at the end
 * result.json and learning-curve.svg. With `resume`, the checkpoint in the folder is continued to
 * the same result, bit for bit, as an uninterrupted run.
 */
export async function runRecurrentTraining(options: RecurrentTrainOptions, hooks: RecurrentTrainingHooks = {}): Promise<RecurrentTrainingResult> {
  if (options.data === 'brown') throw new InputError('--data', 'brown is a language-modelling task: train it with runLanguageModelTraining');
  const variant = options.data === 'seq-mnist' ? 'pixel' : 'row';
  const split = loadMnist(options.seed);
  const train = firstDigits(split.train, options.limitTrain);
  const test = firstDigits(split.test, options.limitTest);
  if (options.batch > train.n) throw new InputError('--batch', `expected at most ${train.n} (the training digits), got ${options.batch}`);
  const batches = new SequentialMnistBatches(train, { variant, batchSize: options.batch, seed: options.seed });
  const precision = options.precision ?? 'float64';
  const net = new RecurrentNetwork({ cell: options.model, inputSize: batches.inputSize, hidden: [options.units], outputSize: 10, seed: options.seed, precision });
  const optimizer = makeRecurrentOptimizer(options);
  // The 784-step variant checks training error on as many digits as the test set has: the full pass costs a third of an epoch.
  const trainEvaluated = variant === 'pixel' ? Math.min(train.n, test.n) : train.n;
  const evalBatch = variant === 'pixel' ? options.batch : Math.max(options.batch, 250);
  const { data, model, units, seed, batch, lr, clip, limitTrain, limitTest } = options;
  // float64 runs keep the identity they had before precision existed (their checkpoints still resume)
  const identity = JSON.stringify({ data, model, units, seed, batch, lr, optimizer: options.optimizer, clip, limitTrain: limitTrain ?? null, limitTest: limitTest ?? null, ...(precision === 'float32' ? { precision } : {}) });

  const resumed = resumeRecurrentRun(options, { identity, batchCount: batches.batchCount, parameters: net.parameters, optimizer }, checkClassificationRecord);
  const { history, epoch: startEpoch, batches: startBatch } = resumed;
  let lossSum = resumed.lossSum;

  const save = (epoch: number, done: number, partialSeconds: number) =>
    writeRecurrentCheckpoint(options.out, { identity, epoch, batches: done, lossSum: done === 0 ? 0 : lossSum, history, parameters: net.parameters, optimizer: optimizer.saveState(), partialSeconds });
  const total = (options.epochs - startEpoch + 1) * train.n - Math.min(startBatch * batch, train.n);
  const progress = (hooks.progress ?? noProgress)({ label: `train ${data} ${model} ${units}`, total: Math.max(total, 1), unit: 'digits' });
  // Shown on the progress line: the epoch, the last batch's loss and, once known, the last epoch's test error.
  const extra: { epoch: number; loss: number; lastTestError?: string } = { epoch: startEpoch, loss: 0 };
  if (history.length > 0) extra.lastTestError = `${(100 * history[history.length - 1].testError).toFixed(2)}%`;
  let doneDigits = 0;
  let inferenceSamplesPerSecond = 0;
  runRecurrentEpochs(resumed, { epochs: options.epochs, batchCount: batches.batchCount, checkpointEvery: options.checkpointEvery, unit: 'batch' }, {
    beginEpoch(epoch, first) {
      extra.epoch = epoch;
      if (first === 0) lossSum = 0;
    },
    trainBatch(epoch, i) {
      const batch = classifyAtEndBatch(batches.batch(epoch, i));
      const loss = classifyAtEndStep(net, batch, optimizer, clip, (l) => {
        if (!(l <= LOSS_LIMIT)) {
          throw new RunFailure(`training diverged in epoch ${epoch} at batch ${i + 1} of ${batches.batchCount}: loss ${Number(l.toPrecision(3))}; use a smaller learning rate (--lr) or clip the gradient (--clip)`);
        }
      });
      lossSum += loss * batch.input.batchSize;
      doneDigits += batch.input.batchSize;
      extra.loss = loss;
      progress.update(doneDigits, extra);
    },
    endEpoch(epoch, trainSeconds) {
      const trainError = classificationError(net, train, trainEvaluated, variant, evalBatch);
      const testStart = performance.now();
      const testError = classificationError(net, test, test.n, variant, evalBatch);
      inferenceSamplesPerSecond = test.n / ((performance.now() - testStart) / 1000);
      if (!net.parameters.every(Number.isFinite)) throw new RunFailure(`training diverged in epoch ${epoch}: the weights are not finite; use a smaller learning rate (--lr)`);
      history.push({ epoch, trainLoss: lossSum / train.n, trainError, testError, trainSeconds });
      extra.lastTestError = `${(100 * testError).toFixed(2)}%`;
    },
    save,
  }, hooks);
  progress.finish();

  const last = history[history.length - 1];
  const seconds = history.reduce((s, h) => s + h.trainSeconds, 0);
  const settings = { batch, lr, optimizer: options.optimizer, clip, ...recurrentOptimizerConstants(options) };
  const result: RecurrentTrainingResult = {
    data,
    model,
    units,
    precision,
    seed,
    epochs: options.epochs,
    steps: batches.steps,
    inputSize: batches.inputSize,
    trainSize: train.n,
    testSize: test.n,
    trainEvaluated,
    parameters: net.parameters.length,
    settings,
    history,
    testAccuracy: 1 - last.testError,
    samplesPerSecond: (history.length * train.n) / seconds,
    inferenceSamplesPerSecond,
  };
  writeFileAtomic(join(options.out, 'result.json'), `${JSON.stringify(result, null, 1)}\n`);
  const epochs = history.map((h) => h.epoch);
  await writeSvg(
    join(options.out, 'learning-curve.svg'),
    lineChart({
      title: `${data}, ${model} ${units} units, seed ${seed}`,
      x: { label: 'epoch' },
      y: { label: 'error (%)' },
      series: [
        { name: 'train', x: epochs, y: history.map((h) => 100 * h.trainError) },
        { name: 'test', x: epochs, y: history.map((h) => 100 * h.testError) },
      ],
    }),
  );
  return result;
}
