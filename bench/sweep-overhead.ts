/**
 * Sweep costs (run by `npm run bench`, or alone: `npx tsx bench/sweep-overhead.ts`):
 * - throughput: 8 equal points (a 30-50-10 circuit, 3 × 10 s simulated, about 1 s of wall time) on a warm local pool of 1
 *   and of 2 threads, medians of 5 alternating rounds, and the speed-up;
 * - per-point overhead: 40 trivial points (a 1-1-1 circuit, one 0.1 ms step) through runSweep,
 *   one at a time, on the local pool and through BullMQ on a redis-server of its own (skipped
 *   when redis-server is not installed). The time per point minus the run's own time in its worker
 *   is the cost of dispatch, transfer and the result files.
 * Printed as a table; written to bench/sweep-results.json.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSweep } from '../src/sweeps/expand-sweep.ts';
import { LocalPool } from '../src/sweeps/local-pool.ts';
import type { PointRunner } from '../src/sweeps/point-runner.ts';
import { QueueRunner } from '../src/sweeps/queue-runner.ts';
import { startQueueWorker } from '../src/sweeps/queue-worker.ts';
import { runSweep } from '../src/sweeps/run-sweep.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-bench-'));
let runs = 0;

const pattern = (n: number, v: number) => new Array<number>(n).fill(v);
const equalPoint = {
  dims: [30, 50, 10],
  weights: { init: { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, selfPredicting: true },
  protocol: { tPattern: 10000, outputLag: 30, patterns: [0.2, 0.5, 0.8].map((v) => ({ input: pattern(30, v) })) },
};
const trivialPoint = { dims: [1, 1, 1], integrator: { method: 'euler', dt: 0.1 }, protocol: { tPattern: 0.1, patterns: [{ input: [0.5] }] } };

/** Wall time of a sweep on `runner`, s; and the summed wall time of its runs inside the workers, s. */
async function timeSweep(runner: PointRunner, base: unknown, seeds: number): Promise<{ wall: number; inWorkers: number }> {
  const sweep = parseSweep({ base, axes: { '/seed': { range: [1, seeds] } } }, dir);
  const start = performance.now();
  const report = await runSweep(sweep, { out: join(dir, `run-${runs++}`), runner, figures: false });
  const wall = (performance.now() - start) / 1000;
  if (report.failed > 0) throw new Error(`bench sweep: ${report.failed} points failed`);
  return { wall, inWorkers: report.records.reduce((a, r) => a + r.wallMs, 0) / 1000 };
}

/** A pool of `threads` with every thread started and its modules loaded. */
async function warmPool(threads: number): Promise<LocalPool> {
  const pool = new LocalPool(threads);
  await timeSweep(pool, { ...trivialPoint, seed: 1000 + threads }, threads * 2);
  return pool;
}

// Both pools warm, then alternating rounds: the median of each is robust to the machine's own
// variation, which on a shared VM is larger than the difference between rounds.
const one = await warmPool(1);
const two = await warmPool(2);
await timeSweep(one, equalPoint, 2);
await timeSweep(two, equalPoint, 2);
const ROUNDS = 5;
const oneWorker: number[] = [];
const twoWorkers: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  oneWorker.push((await timeSweep(one, equalPoint, 8)).wall);
  twoWorkers.push((await timeSweep(two, equalPoint, 8)).wall);
}
await two.close();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const t1 = { wall: median(oneWorker) };
const t2 = { wall: median(twoWorkers) };

const N = 40;
const local = await timeSweep(one, { ...trivialPoint, seed: 0 }, N);
await one.close();
const rows: Record<string, number | string> = {
  eightPoints1WorkerS: t1.wall,
  eightPoints2WorkersS: t2.wall,
  speedup: t1.wall / t2.wall,
  localOverheadMsPerPoint: ((local.wall - local.inWorkers) / N) * 1000,
};

if (spawnSync('redis-server', ['--version']).status === 0) {
  const port = await new Promise<number>((done) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => done(p));
    });
  });
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((ready) => redis.stdout!.on('data', (c: Buffer) => c.toString().includes('Ready to accept connections') && ready()));
  const url = `redis://127.0.0.1:${port}`;
  const worker = await startQueueWorker(url, { concurrency: 1 });
  // One at a time, like the local row: a queue runner that keeps one point in flight.
  const queue = new QueueRunner(url);
  const serial: PointRunner = { concurrency: 1, run: (job) => queue.run(job), close: () => queue.close() };
  await timeSweep(serial, { ...trivialPoint, seed: 2000 }, 4);
  const viaRedis = await timeSweep(serial, { ...trivialPoint, seed: 0 }, N);
  rows.redisOverheadMsPerPoint = ((viaRedis.wall - viaRedis.inWorkers) / N) * 1000;
  await serial.close();
  await worker.close();
  redis.kill();
} else {
  rows.redisOverheadMsPerPoint = 'skipped: no redis-server';
}
rmSync(dir, { recursive: true, force: true });

const fmt = (v: number | string, digits: number) => (typeof v === 'number' ? v.toFixed(digits) : v);
process.stdout.write('| sweep case | value |\n|---|---:|\n');
process.stdout.write(`| 8 equal points (30-50-10, 30 s simulated each), 1 worker (median of 5) | ${fmt(rows.eightPoints1WorkerS, 2)} s |\n`);
process.stdout.write(`| the same, 2 workers | ${fmt(rows.eightPoints2WorkersS, 2)} s (speed-up ${fmt(rows.speedup, 2)}×) |\n`);
process.stdout.write(`| per-point overhead, trivial point, local pool | ${fmt(rows.localOverheadMsPerPoint, 1)} ms |\n`);
process.stdout.write(`| per-point overhead, trivial point, BullMQ on Redis | ${fmt(rows.redisOverheadMsPerPoint, 1)} ms |\n`);
writeFileSync('bench/sweep-results.json', `${JSON.stringify({ date: new Date().toISOString(), ...rows }, null, 1)}\n`);
