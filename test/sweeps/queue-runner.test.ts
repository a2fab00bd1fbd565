import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment } from '../../src/experiment-file/run-experiment.ts';
import { parseSweep } from '../../src/sweeps/expand-sweep.ts';
import type { PointRecord } from '../../src/sweeps/point-record.ts';
import { QueueRunner } from '../../src/sweeps/queue-runner.ts';
import type { PointJob } from '../../src/sweeps/run-point.ts';
import { runSweep } from '../../src/sweeps/run-sweep.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';

/**
 * The distributed path with real components: a redis-server of our own on a free loopback port,
 * two `npm run sweep-worker` processes (started as plain node processes so that a kill reaches the
 * worker itself), and the coordinator's QueueRunner in this process.
 */
const ROOT = resolve(__dirname, '../..');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('queue-runner.test.ts: skipped, redis-server is not installed (apt-get install -y redis-server; .ci/run installs it)');

const freePort = () =>
  new Promise<number>((done) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });

/** A worker process and the JSON events it has printed so far. */
interface WorkerProcess {
  child: ChildProcess;
  events: { kind: string; hash?: string; message?: string }[];
  waitFor(pred: (e: { kind: string; hash?: string }) => boolean): Promise<void>;
}

function startWorker(url: string, queueName: string): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sweep-worker.ts', '--queue', url, '--queue-name', queueName, '--lock-ms', '1000'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  const events: WorkerProcess['events'] = [];
  const waiters: { pred: (e: { kind: string }) => boolean; done: () => void }[] = [];
  let buffer = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const event = JSON.parse(buffer.slice(0, nl));
      buffer = buffer.slice(nl + 1);
      events.push(event);
      for (const w of waiters.splice(0)) if (w.pred(event)) w.done();
      else waiters.push(w);
    }
  });
  return {
    child,
    events,
    waitFor: (pred) => new Promise((done) => (events.some(pred) ? done() : waiters.push({ pred, done }))),
  };
}

/** Resolves once `cond` holds (polled every 50 ms), or rejects after `ms`. */
async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const end = performance.now() + ms;
  while (!cond()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const metrics = { out0: '/outputs/2/0', mean: { pointer: '/outputs', reduce: 'mean' } } as const;

describe.skipIf(!hasRedis)('sweeps through BullMQ on a real Redis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sweep-queue-'));
  const queueName = `test-${process.pid}`;
  let redis: ChildProcess;
  let url: string;
  let runner: QueueRunner;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    const port = await freePort();
    url = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => redis.stdout!.on('data', (c: Buffer) => c.toString().includes('Ready to accept connections') && ready()));
    workers.push(startWorker(url, queueName), startWorker(url, queueName));
    await Promise.all(workers.map((w) => w.waitFor((e) => e.kind === 'ready')));
    runner = new QueueRunner(url, { queueName });
  }, 60_000);

  afterAll(async () => {
    await runner?.close();
    for (const w of workers) w.child.kill('SIGKILL');
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('2 workers run a 4-point sweep with the metrics of direct runs, each point once', async () => {
    const sweep = parseSweep({ base: tinyExperiment(), axes: { '/neuron/noise': [0.05, 0.2], '/seed': [1, 2] }, metrics }, dir);
    const report = await runSweep(sweep, { out: join(dir, 'out'), runner, figures: false });
    expect(report).toMatchObject({ ran: 4, failed: 0 });
    for (const [i, point] of sweep.points.entries()) {
      const { result } = runExperiment(parseExperiment(point.experiment, dir));
      const all = result.outputs.flat();
      expect(report.records[i].metrics).toEqual({ out0: result.outputs[2][0], mean: all.reduce((a, b) => a + b, 0) / all.length });
    }
    // A worker prints its 'completed' line after Redis has the result, so the line may come later.
    const completedHashes = () => workers.flatMap((w) => w.events.filter((e) => e.kind === 'completed').map((e) => e.hash!));
    await until(() => completedHashes().length >= 4, 10_000, 'the workers\' completed lines');
    const completed = completedHashes().sort();
    expect(completed).toEqual(sweep.points.map((p) => p.hash).sort());
    const lines = readFileSync(join(dir, 'out', 'points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PointRecord);
    expect(lines.map((r) => r.hash)).toEqual(sweep.points.map((p) => p.hash));
  });

  it('a worker killed mid-job of a 12-point sweep: the other finishes its job (stalled-job recovery) and every point is recorded once', async () => {
    const slow = tinyExperiment();
    slow.protocol.tPattern = 1500; // about half a second per point
    slow.neuron.noise = 0.1;
    const sweep = parseSweep({ base: slow, axes: { '/neuron/noise': [0.05, 0.1, 0.2], '/seed': { range: [11, 14] } }, metrics }, dir);
    const hashes = new Set(sweep.points.map((p) => p.hash));
    const started = performance.now();
    const running = runSweep(sweep, { out: join(dir, 'killed'), runner, figures: false });

    const firstActive = await Promise.race(workers.map((w) => w.waitFor((e) => e.kind === 'active' && hashes.has(e.hash!)).then(() => w)));
    const victimHash = firstActive.events.find((e) => e.kind === 'active' && hashes.has(e.hash!))!.hash!;
    firstActive.child.kill('SIGKILL');
    const survivor = workers.find((w) => w !== firstActive)!;

    const report = await running;
    const seconds = (performance.now() - started) / 1000;
    expect(report).toMatchObject({ ran: 12, failed: 0 });
    expect(seconds).toBeLessThan(45);
    // The killed worker never finished its job; the survivor did, and ran every point exactly once.
    expect(firstActive.events.some((e) => e.kind === 'completed' && e.hash === victimHash)).toBe(false);
    await until(() => survivor.events.filter((e) => e.kind === 'completed' && hashes.has(e.hash!)).length >= 12 - firstActive.events.filter((e) => e.kind === 'completed' && hashes.has(e.hash!)).length, 10_000, 'the survivor\'s completed lines');
    const survivorDone = survivor.events.filter((e) => e.kind === 'completed' && hashes.has(e.hash!)).map((e) => e.hash);
    expect(survivorDone).toContain(victimHash);
    expect(new Set(survivorDone).size).toBe(survivorDone.length);
    const lines = readFileSync(join(dir, 'killed', 'points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PointRecord);
    expect(lines.map((r) => r.hash)).toEqual(sweep.points.map((p) => p.hash));
    const victim = sweep.points.find((p) => p.hash === victimHash)!;
    const { result } = runExperiment(parseExperiment(victim.experiment, dir));
    expect(lines[victim.index].metrics!.out0).toBe(result.outputs[2][0]);
  }, 90_000);

  it('a worker refuses a job whose payload is not a sweep point; the coordinator records the failure', async () => {
    const outcome = await runner.run({ hash: 'not-a-hash', experiment: {}, baseDir: '.' } as PointJob);
    expect(outcome.status).toBe('failed');
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/^refused job not-a-hash: its payload is not a sweep point/);
  });

  it('Redis lost mid-sweep: retries are reported, then the sweep stops with an error, never a hang', async () => {
    const port = await freePort();
    const own = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => own.stdout!.on('data', (c: Buffer) => c.toString().includes('Ready to accept connections') && ready()));
    const retries: number[] = [];
    // No worker listens on this Redis: the points wait in the queue until Redis goes away.
    const lonely = new QueueRunner(`redis://127.0.0.1:${port}`, { queueName, giveUpAfterMs: 1000, onRetry: (attempt) => retries.push(attempt) });
    const sweep = parseSweep({ base: tinyExperiment(), axes: { '/seed': [1, 2] } }, dir);
    const running = runSweep(sweep, { out: join(dir, 'lost'), runner: lonely, figures: false });
    await new Promise((r) => setTimeout(r, 500)); // the points are enqueued and waiting
    expect(retries).toEqual([]);
    const killedAt = performance.now();
    own.kill('SIGKILL');
    await expect(running).rejects.toThrow(`Redis at redis://127.0.0.1:${port} unreachable for 1 s; rerun the sweep to continue`);
    expect((performance.now() - killedAt) / 1000).toBeLessThan(10);
    expect(retries.length).toBeGreaterThan(0);
    await lonely.close();
  });
});
