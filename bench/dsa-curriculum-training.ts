/**
 * Cost of the curriculum test case's training (src/experiments/dsa-curriculum-training.ts) at the
 * `masked` settings: `npx tsx bench/dsa-curriculum-training.ts [batches] [rounds]` trains a fresh
 * 32-unit leaky relu RNN on `batches` batches of 64 Delay-Anti windows of 400 steps, then scores
 * 128 trials, `rounds` times, and prints the median seconds per batch (training and scoring).
 */
import { dsaCurriculumSettings } from '../src/experiments/dsa-curriculum-settings.ts';
import { curriculumNetwork, trainTasks } from '../src/experiments/dsa-curriculum-training.ts';
import { Random } from '../src/random/random.ts';

const batches = Number(process.argv[2] ?? 10);
const rounds = Number(process.argv[3] ?? 3);
const settings = dsaCurriculumSettings(false, 'masked');
const times: number[] = [];
for (let r = 0; r < rounds; r++) {
  const net = curriculumNetwork({ cell: settings.cell, hidden: settings.hidden, activation: settings.activation, seed: 1 });
  const start = performance.now();
  trainTasks(net, { ...settings, tasks: ['delay-anti'], trainable: 'all', batchesPerEpoch: batches, maxEpochs: 1 }, new Random(1, 'bench'));
  times.push((performance.now() - start) / 1000 / batches);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({ bench: 'dsa-curriculum-training', hidden: settings.hidden, batchSize: settings.batchSize, windowSteps: settings.windowSteps, batches, rounds, secondsPerBatch: times[Math.floor(rounds / 2)], all: times }));
