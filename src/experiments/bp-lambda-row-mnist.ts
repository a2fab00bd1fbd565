import { adam } from '../core/optimizer.ts';
import type { Dataset } from '../data/dataset.ts';
import { loadMnist } from '../data/mnist.ts';
import { SequentialMnistBatches } from '../data/sequential-mnist.ts';
import { clipGlobalNorm } from '../recurrent/clip.ts';
import { RecurrentNetwork } from '../recurrent/network.ts';
import { runSequence } from '../recurrent/online/online-learner.ts';
import { classificationError } from '../recurrent/training/run-recurrent-training.ts';
import { makeLearner } from './bp-lambda-methods.ts';

/**
 * Settings of the row-MNIST comparison of BP(λ) (Pemberton & Ponte Costa, TMLR 2024, sequential
 * MNIST row by row). The authors' values (neuralml/bp_lambda, scripts/configs/*_seqmnist.yaml and
 * src/training/optimizer.py): LSTM of 30 units, batch 50, Adam with betas (0.9, 0.98) and eps 1e-9
 * at 3e-4 for the network, readout and synthesiser alike, γ (synth_gamma) 0.9, w_sg 0.1, 50 epochs
 * of 48,000 digits. Their configs say `clip: 1.0`, but the trainer's parameter is `grad_clip`
 * (default 0), so the value never reaches it and no clipping happens; we do not clip either
 * (`clip` Infinity).
 */
export interface RowMnistSettings {
  readonly tables: readonly RowMnistTable[];
  readonly batch: number;
  readonly networkRate: number;
  readonly synthesiserRate: number;
  readonly gamma: number;
  readonly syntheticWeight: number;
  /** Global-norm clip of the network's gradient; Infinity for none (the authors' code). */
  readonly clip: number;
  /** Training digits used (the first of the project's 8,000), and test digits scored (of 2,000). */
  readonly trainDigits: number;
  readonly testDigits: number;
}

/** One table of the comparison: a network size, its methods and the digits (over epochs) at which test accuracy is measured, ascending (the last is the budget). */
export interface RowMnistTable {
  readonly units: number;
  readonly methods: readonly string[];
  readonly checkpoints: readonly number[];
}

/**
 * The comparison and its `--quick` form: every method on the issue's LSTM of 30 units (s = [h; c]
 * of 60). BP(λ > 0)'s trace costs S³·min(t, S + 1) multiply–adds per step and sequence at step t
 * (linear-synthesiser.ts; t < 28 here). The budget (16,000 digits, two epochs of the 8,000) is what
 * fitted in an hour of a 2-core machine shared with other jobs; the paper trains 50 epochs of 48,000.
 */
export function rowMnistSettings(quick: boolean): RowMnistSettings {
  const truncations = [1, 2, 3, 4, 5];
  const methods = ['BPTT', ...truncations.map((n) => `BPTT n=${n}`), ...truncations.map((n) => `BPTT+SG n=${n}`), 'BP(0)', 'BP(0.5)', 'BP(1)'];
  return {
    tables: quick
      ? [{ units: 30, methods: ['BPTT', 'BPTT n=1', 'BPTT+SG n=1', 'BP(0)', 'BP(0.5)', 'BP(1)'], checkpoints: [100, 400] }]
      : [{ units: 30, methods, checkpoints: [2000, 4000, 8000, 16000] }],
    batch: 50,
    networkRate: 3e-4,
    synthesiserRate: 3e-4,
    gamma: 0.9,
    syntheticWeight: 0.1,
    clip: Infinity,
    trainDigits: quick ? 400 : 8000,
    testDigits: quick ? 250 : 2000,
  };
}

/** One method's run: test accuracy at each checkpoint it reached. */
export interface RowMnistRun {
  readonly units: number;
  readonly method: string;
  readonly seed: number;
  readonly points: { digits: number; testAccuracy: number; trainLoss: number }[];
  /** CPU-bound wall seconds of the training (evaluations included). */
  readonly seconds: number;
  /** Sequence steps per wall second of the training alone. */
  readonly stepsPerSecond: number;
}

function firstDigits(d: Dataset, n: number): Dataset {
  return n >= d.n ? d : { ...d, n, inputs: d.inputs.subarray(0, n * d.inputSize), labels: d.labels.subarray(0, n) };
}

/**
 * Trains an LSTM on row-MNIST with one online learner on the project's 8,000/2,000 split of
 * `loadMnist(seed)`, digits in the seeded order of SequentialMnistBatches (batches of the last,
 * partial one skipped), Adam on the network; returns test accuracy (over `testDigits`) at each
 * checkpoint, with the mean training loss of the batches since the previous one.
 */
export function rowMnistRun(seed: number, units: number, method: string, checkpoints: readonly number[], s: RowMnistSettings): RowMnistRun {
  const split = loadMnist(seed);
  const train = firstDigits(split.train, s.trainDigits);
  const batches = new SequentialMnistBatches(train, { variant: 'row', batchSize: s.batch, seed, dropLast: true });
  const net = new RecurrentNetwork({ cell: 'lstm', inputSize: batches.inputSize, hidden: [units], outputSize: 10, seed });
  const learner = makeLearner(method, net, { syntheticWeight: s.syntheticWeight, gamma: s.gamma, synthesiserOptimizer: () => adam(s.synthesiserRate, undefined, 0.9, 0.98, 1e-9) });
  const optimizer = adam(s.networkRate, undefined, 0.9, 0.98, 1e-9);
  const budget = checkpoints[checkpoints.length - 1];
  const started = performance.now();
  let trainingMs = 0;
  let steps = 0;
  const points: { digits: number; testAccuracy: number; trainLoss: number }[] = [];
  let digits = 0;
  let lossSum = 0;
  let lossBatches = 0;
  let next = 0;
  for (let epoch = 0; digits < budget; epoch++) {
    for (let i = 0; i < batches.batchCount && digits < budget; i++) {
      const batch = batches.batch(epoch, i);
      const t0 = performance.now();
      const loss = runSequence(learner, batch);
      if (Number.isFinite(s.clip)) clipGlobalNorm(net.gradients, s.clip);
      optimizer.step(net.parameters, net.gradients, 0);
      trainingMs += performance.now() - t0;
      steps += batch.batch * batch.steps;
      digits += batch.batch;
      lossSum += Number.isFinite(loss) ? loss : Infinity;
      lossBatches++;
      while (next < checkpoints.length && checkpoints[next] <= digits) {
        const error = classificationError(net, split.test, s.testDigits, 'row', 250);
        points.push({ digits: checkpoints[next], testAccuracy: 1 - error, trainLoss: lossSum / lossBatches });
        lossSum = 0;
        lossBatches = 0;
        next++;
      }
    }
  }
  return { units, method, seed, points, seconds: (performance.now() - started) / 1000, stepsPerSecond: steps / (trainingMs / 1000) };
}
