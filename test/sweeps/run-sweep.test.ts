import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment } from '../../src/experiment-file/run-experiment.ts';
import { parseSweep, type Sweep } from '../../src/sweeps/expand-sweep.ts';
import { LocalPool } from '../../src/sweeps/local-pool.ts';
import type { PointRecord } from '../../src/sweeps/point-record.ts';
import { runSweep } from '../../src/sweeps/run-sweep.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-run-'));
const pool = new LocalPool(2);
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

const metrics = { out0: '/outputs/2/0', mean: { pointer: '/outputs', reduce: 'mean' }, upRms: { pointer: '/weights/up/1', reduce: 'rms' } };

/** Metrics computed here, independently of the sweep code, from a direct run of the experiment. */
function direct(experiment: unknown): Record<string, number> {
  const { result } = runExperiment(parseExperiment(experiment, dir));
  const all = result.outputs.flat();
  const up = result.weights.up[1].flat();
  return { out0: result.outputs[2][0], mean: all.reduce((a, b) => a + b, 0) / all.length, upRms: Math.sqrt(up.reduce((a, b) => a + b * b, 0) / up.length) };
}

const readNdjson = (out: string) => readFileSync(join(out, 'points.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as PointRecord);

describe('a local sweep, end to end', () => {
  const out = join(dir, 'out');
  let sweep: Sweep;
  beforeAll(() => {
    sweep = parseSweep({ base: tinyExperiment(), axes: { '/neuron/noise': [0.05, 0.2], '/seed': [1, 2] }, metrics }, dir);
  });

  it('runs 4 points on 2 threads with the metrics of direct runs, and writes every file', async () => {
    const report = await runSweep(sweep, { out, runner: pool });
    expect(report).toMatchObject({ ran: 4, reused: 0, failed: 0 });
    const lines = readNdjson(out);
    expect(lines.map((r) => r.index)).toEqual([0, 1, 2, 3]);
    for (const [i, point] of sweep.points.entries()) {
      expect(lines[i]).toMatchObject({ hash: point.hash, params: point.params, status: 'done', error: null });
      expect(lines[i].metrics).toEqual(direct(point.experiment));
      expect(lines[i].wallMs).toBeGreaterThan(0);
      const stored = JSON.parse(readFileSync(join(out, 'points', `${point.hash}.json`), 'utf8'));
      expect(stored.experiment.neuron.noise).toBe(point.params['/neuron/noise']);
    }
    // Noise changes the outputs; seeds of the same noise differ too.
    expect(lines[0].metrics!.out0).not.toBe(lines[1].metrics!.out0);
    expect(lines[0].metrics!.out0).not.toBe(lines[2].metrics!.out0);

    const csv = readFileSync(join(out, 'summary.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('index,hash,/neuron/noise,/seed,status,out0,mean,upRms,wall_ms,error');
    expect(csv[1].split(',').slice(0, 6)).toEqual(['0', sweep.points[0].hash, '0.05', '1', 'done', String(lines[0].metrics!.out0)]);
    expect(readdirSync(join(out, 'figures')).sort()).toEqual(['mean--neuron-noise.svg', 'out0--neuron-noise.svg', 'upRms--neuron-noise.svg']);
    expect(readFileSync(join(out, 'figures', 'mean--neuron-noise.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('a rerun skips the points whose intact result is there, and reruns a missing or damaged one', async () => {
    const before = readNdjson(out);
    const again = await runSweep(sweep, { out, runner: pool, figures: false });
    expect(again).toMatchObject({ ran: 0, reused: 4, failed: 0 });
    expect(readNdjson(out).map((r) => r.metrics)).toEqual(before.map((r) => r.metrics));

    rmSync(join(out, 'points', `${sweep.points[1].hash}.json`));
    const damaged = join(out, 'points', `${sweep.points[3].hash}.json`);
    writeFileSync(damaged, readFileSync(damaged, 'utf8').replace('"seed":2', '"seed":9'));
    const repaired = await runSweep(sweep, { out, runner: pool, figures: false });
    expect(repaired).toMatchObject({ ran: 2, reused: 2, failed: 0 });
    const after = readNdjson(out);
    expect(after).toHaveLength(4);
    expect(after.map((r) => r.metrics)).toEqual(before.map((r) => r.metrics));
  });

  it('a coordinator killed mid-sweep (ndjson with a torn line, some results) loses nothing done', async () => {
    const killed = join(dir, 'killed');
    await runSweep(parseSweep({ base: tinyExperiment(), axes: { '/neuron/noise': [0.05, 0.2], '/seed': [1] }, metrics }, dir), { out: killed, runner: pool, figures: false });
    writeFileSync(join(killed, 'points.ndjson'), `${readFileSync(join(killed, 'points.ndjson'), 'utf8')}{"index":3,"ha`);
    const report = await runSweep(sweep, { out: killed, runner: pool, figures: false });
    expect(report).toMatchObject({ ran: 2, reused: 2, failed: 0 });
    expect(readNdjson(killed).map((r) => r.index)).toEqual([0, 1, 2, 3]);
  });

  it('a point with an invalid value fails with the field named; the others complete', async () => {
    const bad = parseSweep({ base: tinyExperiment(), axes: { '/integrator/dt': [0.1, -0.1, 0.05] }, metrics }, dir);
    const failing = join(dir, 'failing');
    const report = await runSweep(bad, { out: failing, runner: pool, figures: false });
    expect(report).toMatchObject({ ran: 3, failed: 1 });
    const lines = readNdjson(failing);
    expect(lines.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(lines[1]).toMatchObject({ metrics: null, error: { kind: 'input', message: 'integrator.dt: expected a number > 0, got -0.1' } });
    expect(lines[2].metrics).toEqual(direct(bad.points[2].experiment));
    expect(existsSync(join(failing, 'points', `${bad.points[1].hash}.json`))).toBe(false);
    expect(readFileSync(join(failing, 'summary.csv'), 'utf8')).toContain(',failed,,,,');
  });

  it('a run that diverges fails as non-finite; a metric addressing nothing fails its point; both recorded', async () => {
    const unstable = tinyExperiment();
    unstable.protocol.tPattern = 100;
    // Learning rates of 1e30 drive the weights, then the potentials, to infinity within a pattern.
    const sweepDiv = parseSweep({ base: unstable, axes: { '/plasticity/eta/up/0': [0.05, 1e30] }, metrics: { t: '/stats/simulatedMs' } }, dir);
    const out2 = join(dir, 'diverge');
    const report = await runSweep(sweepDiv, { out: out2, runner: pool, figures: false });
    expect(report.records.map((r) => r.status)).toEqual(['done', 'failed']);
    expect(report.records[0].metrics).toEqual({ t: 300 });
    expect(report.records[1].error!.kind).toBe('non-finite');
    expect(report.records[1].error!.message).toMatch(/^state became non-finite at t = /);

    const missing = parseSweep({ base: unstable, axes: { '/integrator/dt': [0.1] }, metrics: { nope: '/stats/nothing' } }, dir);
    const r = await runSweep(missing, { out: out2, runner: pool, figures: false });
    expect(r).toMatchObject({ ran: 0, reused: 1, failed: 1 });
    expect(r.records[0].error).toEqual({ kind: 'input', message: 'metrics.nope: /stats/nothing addresses nothing: no field "nothing" under /stats' });
  });
});
