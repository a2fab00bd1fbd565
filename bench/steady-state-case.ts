/**
 * Steady-state MNIST speed in a fresh process (so peak RSS is the case's own):
 *   node --import tsx bench/steady-state-case.ts <microcircuit|backprop>
 * 784-500-500-10 on real MNIST digits with the `npm run train` defaults (microcircuit: two-pass
 * steady state, Adam, mini-batch 10; backprop: Adam, mini-batch 32). Prints one JSON line: training
 * and inference samples per wall second and per CPU second of this process (median of 3 timed
 * passes after a warm-up; on a shared machine the CPU-time rates are the comparable ones), peak
 * RSS, and the heap growth and garbage collections over the timed passes.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { createLearner } from '../src/training/create-learner.ts';
import { parseTrainOptions } from '../src/training/train-options.ts';
import { loadTrainingData } from '../src/training/training-data.ts';
import { CLASS_TARGETS, resolveSetup } from '../src/training/training-setup.ts';

const model = process.argv[2] ?? 'microcircuit';
const TRAIN = 2000;
const TEST = 2000;
const options = parseTrainOptions({ data: 'mnist', model, epochs: '1' });
const data = loadTrainingData(options.data, 0, { train: TRAIN, test: TEST }, CLASS_TARGETS);
const setup = resolveSetup(options, data.inputSize, data.outputSize);
const learner = createLearner(options, setup);
const { inputSize: nIn, outputSize: nOut } = data;
const batch = setup.batch;
const outputs = new Float64Array(TEST * nOut);

/** One pass over the training samples in mini-batches (subarray views: no copies). */
function trainPass(): void {
  for (let first = 0; first + batch <= TRAIN; first += batch) {
    learner.trainBatch(data.train.inputs.subarray(first * nIn, (first + batch) * nIn), data.train.targets.subarray(first * nOut, (first + batch) * nOut), batch);
  }
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
}

const cpuSeconds = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};

trainPass(); // warm-up: let V8 optimise the kernels
learner.predict(data.test.inputs, TEST, outputs);
const trainRates: number[] = [];
const inferRates: number[] = [];
const trainCpuRates: number[] = [];
const inferCpuRates: number[] = [];
const trained = Math.floor(TRAIN / batch) * batch;
let gcCount = 0;
const gcObserver = new PerformanceObserver((list) => (gcCount += list.getEntries().length));
gcObserver.observe({ entryTypes: ['gc'] });
const heapBefore = process.memoryUsage().heapUsed;
for (let rep = 0; rep < 3; rep++) {
  const [t0, c0] = [performance.now(), cpuSeconds()];
  trainPass();
  const [t1, c1] = [performance.now(), cpuSeconds()];
  learner.predict(data.test.inputs, TEST, outputs);
  const [t2, c2] = [performance.now(), cpuSeconds()];
  trainRates.push(trained / ((t1 - t0) / 1000));
  inferRates.push(TEST / ((t2 - t1) / 1000));
  trainCpuRates.push(trained / (c1 - c0));
  inferCpuRates.push(TEST / (c2 - c1));
}
const heapAfter = process.memoryUsage().heapUsed;
await new Promise((r) => setTimeout(r, 10)); // let the gc observer deliver
gcObserver.disconnect();
process.stdout.write(
  `${JSON.stringify({
    name: `784-500-500-10 MNIST steady state, ${model}, ${setup.optimizer} batch ${batch}`,
    trainSamplesPerSecond: median(trainRates),
    inferenceSamplesPerSecond: median(inferRates),
    trainSamplesPerCpuSecond: median(trainCpuRates),
    inferenceSamplesPerCpuSecond: median(inferCpuRates),
    peakRssMB: process.resourceUsage().maxRSS / 1024,
    heapGrowthKB: (heapAfter - heapBefore) / 1024,
    gcDuringTimedRuns: gcCount,
  })}\n`,
);
