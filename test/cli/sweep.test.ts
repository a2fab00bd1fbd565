import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseSweep } from '../../src/sweeps/expand-sweep.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, NO_PROGRESS: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run sweep', () => {
  const sweepDoc = { base: tinyExperiment(), axes: { '/integrator/dt': [0.1, -0.1, 0.05] }, metrics: { out0: '/outputs/2/0' } };

  it('runs the points on 2 threads, records the invalid one, exits 4; results equal npm run simulate bit for bit', () => {
    const file = join(dir, 'sweep.json');
    writeFileSync(file, JSON.stringify(sweepDoc));
    const out = join(dir, 'out');
    const r = run('src/cli/sweep.ts', file, '--out', out, '--workers', '2');
    expect(r.status).toBe(4);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ out, points: 3, ran: 3, reused: 0, failed: 1, figures: 1 });
    expect(r.stderr).toContain('sweep: 1 of 3 points failed (first: point 1, integrator.dt: expected a number > 0, got -0.1)');
    expect(readdirSync(join(out, 'figures'))).toEqual(['out0--integrator-dt.svg']);

    const points = parseSweep(sweepDoc, dir).points;
    // One of the points through `simulate` (the library path is compared for every point in test/sweeps).
    for (const p of [points[2]]) {
      const expFile = join(dir, `point-${p.index}.json`);
      writeFileSync(expFile, JSON.stringify(p.experiment));
      const resultFile = join(dir, `point-${p.index}-result.json`);
      expect(run('src/cli/simulate.ts', expFile, '--out', resultFile).status).toBe(0);
      const direct = JSON.parse(readFileSync(resultFile, 'utf8'));
      const swept = JSON.parse(readFileSync(join(out, 'points', `${p.hash}.json`), 'utf8'));
      expect(swept.outputs).toEqual(direct.outputs);
      expect(swept.weights).toEqual(direct.weights);
      expect(swept.experiment).toEqual(direct.experiment);
    }
  });

  it('a bad sweep file exits 2 with the field named', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ ...sweepDoc, axes: { '/integrator/dtt/0': [1] } }));
    const r = run('src/cli/sweep.ts', file, '--out', join(dir, 'bad'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: axes./integrator/dtt/0: /integrator/dtt addresses nothing: no field "dtt" under /integrator\n');
  });
});
