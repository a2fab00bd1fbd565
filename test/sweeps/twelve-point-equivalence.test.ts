import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSweep } from '../../src/sweeps/expand-sweep.ts';
import type { PointRecord } from '../../src/sweeps/point-record.ts';

/**
 * Issue 18's equivalence check at its stated size: 3 noise levels × 4 seeds of a learning 30-50-10
 * circuit, 300 ms simulated each, run (a) by `npm run sweep` on the local pool, (b) by
 * `npm run sweep --queue` with two `npm run sweep-worker` processes on a redis-server of the
 * test's own, and (c) as 12 separate `npm run simulate` runs. Every point's outputs, weights and
 * metrics must be equal bit for bit across the three.
 */
const ROOT = resolve(__dirname, '../..');
const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis) console.warn('twelve-point-equivalence.test.ts: the queue half is skipped, redis-server is not installed (.ci/run installs it)');
const dir = mkdtempSync(join(tmpdir(), 'sweep-twelve-'));

const base = JSON.parse(readFileSync(join(ROOT, 'examples/experiments/learning-30-50-10.json'), 'utf8'));
base.protocol.patterns = base.protocol.patterns.slice(0, 3);
base.neuron = { noise: 0.1 };
const sweepDoc = {
  base,
  axes: { '/neuron/noise': [0.05, 0.1, 0.2], '/seed': { range: [1, 4] } },
  metrics: { out0: '/outputs/2/0', rms: { pointer: '/outputs', reduce: 'rms' } },
};
const sweepFile = join(dir, 'sweep.json');
writeFileSync(sweepFile, JSON.stringify(sweepDoc));
const points = parseSweep(sweepDoc, dir).points;

/** Runs `src/cli/<script>` to its end; resolves with its exit code and output. */
function cli(script: string, args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], { cwd: ROOT, env: { ...process.env, NO_PROGRESS: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

/** Runs `jobs` with at most `limit` at once. */
async function limited<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return results;
}

interface RunFile {
  outputs: number[][];
  weights: unknown;
}
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const records = (out: string) => readFileSync(join(out, 'points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PointRecord);

describe('12 sweep points (3 noise levels × 4 seeds, 30-50-10 learning) against 12 npm run simulate runs', () => {
  let direct: RunFile[];
  let redis: ChildProcess | undefined;
  const workers: ChildProcess[] = [];
  let url = '';

  beforeAll(async () => {
    direct = await limited(
      points.map((p) => async () => {
        const expFile = join(dir, `point-${p.index}.json`);
        const resultFile = join(dir, `point-${p.index}-result.json`);
        writeFileSync(expFile, JSON.stringify(p.experiment));
        const r = await cli('simulate.ts', [expFile, '--out', resultFile]);
        if (r.status !== 0) throw new Error(`simulate of point ${p.index} exited ${r.status}: ${r.stderr}`);
        return readJson<RunFile>(resultFile);
      }),
      3,
    );
  }, 120_000);

  afterAll(() => {
    for (const w of workers) w.kill('SIGKILL');
    redis?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each point's result file and metrics from a finished sweep folder equal the direct run's. */
  function expectEqualToDirect(out: string): void {
    const lines = records(out);
    expect(lines.map((r) => r.hash)).toEqual(points.map((p) => p.hash));
    for (const p of points) {
      const swept = readJson<RunFile>(join(out, 'points', `${p.hash}.json`));
      const mine = direct[p.index];
      expect(swept.outputs).toEqual(mine.outputs);
      expect(swept.weights).toEqual(mine.weights);
      const flat = mine.outputs.flat();
      expect(lines[p.index].metrics).toEqual({ out0: mine.outputs[2][0], rms: Math.sqrt(flat.reduce((a, v) => a + v * v, 0) / flat.length) });
    }
  }

  it('the direct runs differ between points (the comparison has something to tell apart)', () => {
    const firstOutputs = new Set(direct.map((r) => r.outputs[2][0]));
    expect(firstOutputs.size).toBe(12);
  });

  it('the local pool (2 threads) gives every point bit for bit', async () => {
    const out = join(dir, 'local');
    const r = await cli('sweep.ts', [sweepFile, '--out', out, '--workers', '2', '--no-figures']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ points: 12, ran: 12, failed: 0 });
    expectEqualToDirect(out);
  }, 60_000);

  it.skipIf(!hasRedis)('two BullMQ workers on Redis give every point bit for bit', async () => {
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    url = `redis://127.0.0.1:${port}`;
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((ready) => redis!.stdout!.on('data', (c: Buffer) => c.toString().includes('Ready to accept connections') && ready()));
    const queueName = `twelve-${process.pid}`;
    for (let i = 0; i < 2; i++) {
      workers.push(spawn(process.execPath, ['--import', 'tsx', 'src/cli/sweep-worker.ts', '--queue', url, '--queue-name', queueName, '--concurrency', '1'], { cwd: ROOT, stdio: 'ignore' }));
    }
    const out = join(dir, 'queue');
    const r = await cli('sweep.ts', [sweepFile, '--out', out, '--queue', url, '--queue-name', queueName, '--no-figures']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ points: 12, ran: 12, failed: 0 });
    expectEqualToDirect(out);
  }, 90_000);
});
