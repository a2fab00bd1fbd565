/**
 * Speed of the steady-state MNIST trainers in several checkouts of this repository, in one process,
 * in alternating rounds timed by this process's CPU time, so that all see the same machine load
 * (the before/after figures of the README's steady-state rows):
 *
 *     git archive <commit> src | tar -x -C /tmp/old   # then link node_modules, copy build/ (npm run build:kernels)
 *     npx tsx bench/compare-steady-state.ts <rounds> <checkout> [<checkout> …]
 *
 * 784-500-500-10 on 2,000 real MNIST digits with the `npm run train` defaults (as
 * bench/steady-state-case.ts: microcircuit Adam batch 10, backprop Adam batch 32). Each round runs,
 * for every checkout and model, ≥ 1 CPU s of training, then ≥ 0.5 CPU s of inference. Prints one
 * JSON line: per checkout and model the medians of samples per CPU second.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseTrainOptions } from '../src/training/train-options.ts';
import { loadTrainingData } from '../src/training/training-data.ts';
import { CLASS_TARGETS, resolveSetup } from '../src/training/training-setup.ts';

interface Learner {
  trainBatch(inputs: Float64Array, targets: Float64Array, n: number): number;
  predict(inputs: Float64Array, n: number, out: Float64Array): void;
}
type CreateLearner = (options: unknown, setup: unknown) => Learner;

const MODELS = ['microcircuit', 'backprop'] as const;
const TRAIN = 2000;
const [roundsArg, ...roots] = process.argv.slice(2);
if (roundsArg === undefined || roots.length === 0 || !(Number(roundsArg) >= 1)) {
  process.stderr.write('usage: npx tsx bench/compare-steady-state.ts <rounds> <checkout> [<checkout> …]\n');
  process.exit(2);
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Samples per CPU second of `run` (which handles `samples` samples) over ≥ `min` CPU s. */
function rate(run: () => void, samples: number, min: number): number {
  const start = cpuSeconds();
  let runs = 0;
  let elapsed = 0;
  do {
    run();
    runs++;
    elapsed = cpuSeconds() - start;
  } while (elapsed < min);
  return (runs * samples) / elapsed;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const data = loadTrainingData(parseTrainOptions({ data: 'mnist', model: 'microcircuit', epochs: '1' }).data, 0, { train: TRAIN, test: 1000 }, CLASS_TARGETS);
const { inputSize: nIn, outputSize: nOut } = data;
const outputs = new Float64Array(data.test.n * nOut);

interface Case {
  label: string;
  train: () => void;
  trainSamples: number;
  infer: () => void;
  train_: number[];
  infer_: number[];
}
const cases: Case[] = [];
for (const root of roots) {
  const { createLearner } = (await import(pathToFileURL(resolve(root, 'src/training/create-learner.ts')).href)) as { createLearner: CreateLearner };
  for (const model of MODELS) {
    const options = parseTrainOptions({ data: 'mnist', model, epochs: '1' });
    const setup = resolveSetup(options, nIn, nOut);
    const learner = createLearner(options, setup);
    const b = setup.batch;
    const batches = 20;
    let first = 0;
    cases.push({
      label: `${root} ${model}`,
      train: () => {
        for (let k = 0; k < batches; k++) {
          if (first + b > TRAIN) first = 0;
          learner.trainBatch(data.train.inputs.subarray(first * nIn, (first + b) * nIn), data.train.targets.subarray(first * nOut, (first + b) * nOut), b);
          first += b;
        }
      },
      trainSamples: batches * b,
      infer: () => learner.predict(data.test.inputs, data.test.n, outputs),
      train_: [],
      infer_: [],
    });
  }
}
// warm-up: let V8 optimise every checkout's kernels
for (const c of cases) {
  rate(c.train, c.trainSamples, 0.5);
  rate(c.infer, data.test.n, 0.2);
}
for (let r = 0; r < Number(roundsArg); r++) {
  for (const c of cases) {
    c.train_.push(rate(c.train, c.trainSamples, 1));
    c.infer_.push(rate(c.infer, data.test.n, 0.5));
  }
}
process.stdout.write(
  `${JSON.stringify(
    cases.map((c) => ({ case: c.label, trainSamplesPerCpuSecond: Math.round(median(c.train_)), inferenceSamplesPerCpuSecond: Math.round(median(c.infer_)), trainRounds: c.train_.map(Math.round) })),
  )}\n`,
);
