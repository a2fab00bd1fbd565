/**
 * Push throughput and memory of the replay buffer against rxjs ReplaySubject.
 *
 *   npx tsx bench/replay-buffer.ts
 *
 * ReplayBuffer: 1e6 pushes into capacity 1e5 (every push after the first 1e5 overwrites the
 * oldest), alone and with a prioritised sampler keeping its sum and min trees in step; then 1e6
 * prioritised draws with importance weights from the full buffer.
 * ReplaySubject(1e5): trims its array with splice(0, 1) on every push once full (O(n) per push),
 * so it is filled to 1e5 and then timed for 1e5 trimming pushes only; the rate is reported.
 * Heap is measured after a full GC before and after the pushes; the garbage collections that ran
 * during the loop are counted (none means the loop allocated next to nothing). Typed-array
 * storage lives outside the JS heap and shows under arrayBuffers (cumulative over the runs). Prints a table and writes bench/replay-buffer-results.json.
 */
import { writeFileSync } from 'node:fs';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ReplaySubject } from 'rxjs';
import { Random } from '../src/random/random.ts';
import { PrioritisedSampler } from '../src/replay/prioritised-sampler.ts';
import { ReplayBuffer } from '../src/replay/replay-buffer.ts';

const CAPACITY = 100_000;
const PUSHES = 1_000_000;
const INPUT_SIZE = 16;
const TARGET_SIZE = 4;

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Row {
  name: string;
  operations: number;
  seconds: number;
  perSecond: number;
  heapUsedBeforeMB: number;
  gcsDuringLoop: number;
  heapUsedAfterMB: number;
  arrayBuffersAfterMB: number;
}

const MB = 2 ** 20;

/** Heap used after a full collection. */
function settledHeap(): NodeJS.MemoryUsage {
  gc();
  gc();
  return process.memoryUsage();
}

/** Start times (performance.now() ms) of every garbage collection. */
const gcStarts: number[] = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcStarts.push(entry.startTime);
}).observe({ entryTypes: ['gc'] });

/** Times `run(count)`; heap used before and after (settled by GC) and the collections during it. */
async function measure(name: string, count: number, run: (count: number) => void): Promise<Row> {
  const before = settledHeap();
  const start = performance.now();
  run(count);
  const end = performance.now();
  const after = settledHeap();
  await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
  const seconds = (end - start) / 1e3;
  return {
    name,
    operations: count,
    seconds,
    perSecond: count / seconds,
    gcsDuringLoop: gcStarts.filter((t) => t >= start && t <= end).length,
    heapUsedBeforeMB: before.heapUsed / MB,
    heapUsedAfterMB: after.heapUsed / MB,
    arrayBuffersAfterMB: after.arrayBuffers / MB,
  };
}

const input = new Float64Array(INPUT_SIZE);
const target = new Float64Array(TARGET_SIZE);
const record = { input, target };
/** Fills the reused input and target with values depending on t. */
function fill(t: number): void {
  for (let i = 0; i < INPUT_SIZE; i++) input[i] = t + i;
  for (let i = 0; i < TARGET_SIZE; i++) target[i] = -t - i;
}

const rows: Row[] = [];

const plain = new ReplayBuffer({ capacity: CAPACITY, inputSize: INPUT_SIZE, targetSize: TARGET_SIZE });
rows.push(
  await measure('ReplayBuffer', PUSHES, (count) => {
    for (let t = 0; t < count; t++) {
      fill(t);
      plain.push(record);
    }
  }),
);

const prioritisedRecord = { input, target, priority: 1 };
const prioritised = new ReplayBuffer({ capacity: CAPACITY, inputSize: INPUT_SIZE, targetSize: TARGET_SIZE });
const sampler = new PrioritisedSampler(prioritised, new Random(1, 'bench'), { alpha: 0.6, beta: 0.4, epsilon: 0.01 });
rows.push(
  await measure('ReplayBuffer + PrioritisedSampler', PUSHES, (count) => {
    for (let t = 0; t < count; t++) {
      fill(t);
      prioritisedRecord.priority = (t % 100) + 1;
      prioritised.push(prioritisedRecord);
    }
  }),
);

const BATCH = 1000;
const indices = new Int32Array(BATCH);
const weights = new Float64Array(BATCH);
rows.push(
  await measure('PrioritisedSampler.sample (draws, batches of 1e3)', PUSHES, (count) => {
    for (let drawn = 0; drawn < count; drawn += BATCH) sampler.sample(BATCH, indices, weights);
  }),
);

// ReplaySubject keeps references, so each push stores fresh copies, as a recording must.
const subject = new ReplaySubject<{ input: Float64Array; target: Float64Array }>(CAPACITY);
const pushCopy = (t: number): void => {
  fill(t);
  subject.next({ input: input.slice(), target: target.slice() });
};
rows.push(
  await measure('ReplaySubject(1e5), filling (no trim)', CAPACITY, (count) => {
    for (let t = 0; t < count; t++) pushCopy(t);
  }),
);
rows.push(
  await measure('ReplaySubject(1e5), full (splice per push)', CAPACITY, (count) => {
    for (let t = 0; t < count; t++) pushCopy(CAPACITY + t);
  }),
);

// Sanity: both hold the most recent CAPACITY experiences.
const newest = plain.inputView(plain.slotAt(plain.size - 1))[0];
if (plain.size !== CAPACITY || newest !== PUSHES - 1) throw new Error(`ReplayBuffer holds ${plain.size}, newest ${newest}`);
let subjectSize = 0;
subject.subscribe(() => subjectSize++).unsubscribe();
if (subjectSize !== CAPACITY) throw new Error(`ReplaySubject holds ${subjectSize}`);

const fixed = (x: number, digits: number): string => x.toFixed(digits);
console.log(`node ${process.version}, input ${INPUT_SIZE} + target ${TARGET_SIZE} doubles per experience, capacity ${CAPACITY}`);
console.table(
  rows.map((r) => ({
    run: r.name,
    operations: r.operations,
    's': fixed(r.seconds, 3),
    'per s': Math.round(r.perSecond).toLocaleString('en'),
    'GCs in loop': r.gcsDuringLoop,
    'heap before MB': fixed(r.heapUsedBeforeMB, 1),
    'heap after MB': fixed(r.heapUsedAfterMB, 1),
    'arrayBuffers MB': fixed(r.arrayBuffersAfterMB, 1),
  })),
);
const trimming = rows[rows.length - 1];
console.log(`ReplaySubject at capacity: ${fixed(PUSHES / trimming.perSecond, 1)} s projected for ${PUSHES} pushes at the measured rate`);

const results = {
  date: new Date().toISOString(),
  node: process.version,
  capacity: CAPACITY,
  inputSize: INPUT_SIZE,
  targetSize: TARGET_SIZE,
  rows,
};
writeFileSync(new URL('./replay-buffer-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
