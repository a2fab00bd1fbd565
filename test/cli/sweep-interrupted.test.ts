import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/sweeps/expand-sweep.ts';
import { LocalPool } from '../../src/sweeps/local-pool.ts';
import { runSweep } from '../../src/sweeps/run-sweep.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';

/** `npm run sweep` killed with SIGKILL (its worker threads die with it), then resumed. */
const dir = mkdtempSync(join(tmpdir(), 'sweep-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run sweep, interrupted', () => {
  it('kill -9 of the coordinator mid-sweep, then a rerun: only the points without a result run', async () => {
    const slow = tinyExperiment();
    slow.protocol.tPattern = 1000; // about 0.3 s per point
    const file = join(dir, 'killed.json');
    writeFileSync(file, JSON.stringify({ base: slow, axes: { '/seed': { range: [1, 8] } }, metrics: { out0: '/outputs/2/0' } }));
    const out = join(dir, 'killed');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/sweep.ts', file, '--out', out, '--workers', '1'], { stdio: 'ignore', env: { ...process.env, NO_PROGRESS: '1' } });
    const resultsDir = join(out, 'points');
    const count = () => (existsSync(resultsDir) ? readdirSync(resultsDir).filter((f) => /^[0-9a-f]{16}\.json$/.test(f)).length : 0);
    const deadline = performance.now() + 60_000;
    while (count() < 2 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const doneBefore = count();
    expect(doneBefore).toBeGreaterThanOrEqual(2);
    expect(doneBefore).toBeLessThan(8);

    const pool = new LocalPool(2);
    try {
      const report = await runSweep(loadSweep(file), { out, runner: pool, figures: false });
      expect(report).toMatchObject({ ran: 8 - doneBefore, reused: doneBefore, failed: 0 });
      expect(readFileSync(join(out, 'points.ndjson'), 'utf8').trim().split('\n')).toHaveLength(8);
    } finally {
      await pool.close();
    }
  });
});
