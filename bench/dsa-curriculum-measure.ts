/**
 * Cost of measuring one configuration of the curriculum test case: `npx tsx
 * bench/dsa-curriculum-measure.ts <run folder> [variant] [rounds] [trials]` reads the
 * states-seed1-<group>.npy of a run (the first `trials` trials; all if absent) and, alternating in
 * one process, measures every group against Master three ways — each pair fitting Master's DSA
 * operator afresh, in this thread (`refit`); in this thread with Master's operator fitted once where
 * the measurement allows it (`measureConfiguration`); and one worker-thread task per pair
 * (`measureAll`) — and prints the median seconds of each.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { npyToFloat64, readNpy } from '../src/io/npy.ts';
import { measureAll } from '../src/experiments/dsa-curriculum.ts';
import { measureConfiguration, measurePair } from '../src/experiments/dsa-curriculum-measure.ts';
import { dsaCurriculumSettings } from '../src/experiments/dsa-curriculum-settings.ts';
import type { JobResult } from '../src/experiments/dsa-curriculum-task.ts';

const [dir, variant = 'masked', roundsArg = '3', trialsArg] = process.argv.slice(2);
if (dir === undefined) throw new Error('usage: bench/dsa-curriculum-measure.ts <run folder> [variant] [rounds] [trials]');
const settings = dsaCurriculumSettings(false, variant);
const load = (file: string): { data: Float64Array; shape: [number, number, number] } => {
  const a = readNpy(join(dir, file));
  const [trials, time, units] = a.shape;
  const keep = Math.min(trials, Number(trialsArg ?? trials));
  return { data: npyToFloat64(a).subarray(0, keep * time * units), shape: [keep, time, units] };
};
const groups = readdirSync(dir)
  .filter((f) => /^states-seed1-.+\.npy$/.test(f))
  .map((f) => f.slice('states-seed1-'.length, -'.npy'.length));
const master = load('states-seed1-master.npy');
const others = groups.filter((g) => g !== 'master').map((g) => ({ group: g, states: load(`states-seed1-${g}.npy`) }));
const jobs: JobResult[] = [
  { configuration: 'seed1', seed: 1, job: 'master', groups: [{ group: 'master', phases: [], states: master }], master: { reached: true, accuracy: 1, testAccuracy: { all: 1, coherent: 1 } }, seconds: 0 },
  { configuration: 'seed1', seed: 1, job: 'untrained', groups: others.map(({ group, states }) => ({ group, phases: [], states })), seconds: 0 },
];

const times: Record<string, number[]> = { refit: [], measureConfiguration: [], measureAll: [] };
for (let r = 0; r < Number(roundsArg); r++) {
  let start = performance.now();
  for (const { states } of others) measurePair(settings, states, master);
  times.refit.push((performance.now() - start) / 1000);
  start = performance.now();
  measureConfiguration(settings, 1, jobs);
  times.measureConfiguration.push((performance.now() - start) / 1000);
  start = performance.now();
  await measureAll([settings], [1], jobs, true);
  times.measureAll.push((performance.now() - start) / 1000);
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(JSON.stringify({ bench: 'dsa-curriculum-measure', variant, pairs: others.length, shape: master.shape, medianSeconds: Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)])), times }));
