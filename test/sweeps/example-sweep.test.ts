import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadSweep } from '../../src/sweeps/expand-sweep.ts';
import { LocalPool } from '../../src/sweeps/local-pool.ts';
import { runSweep } from '../../src/sweeps/run-sweep.ts';

const ROOT = resolve(__dirname, '../..');
const EXAMPLE = resolve(ROOT, 'examples/sweeps/noise-by-seed.json');
const dir = mkdtempSync(join(tmpdir(), 'sweep-example-'));
const pool = new LocalPool(2);
afterAll(async () => {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the README\'s sweep example', () => {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Sweeps'), readme.indexOf('### Many machines'));

  it('shows examples/sweeps/noise-by-seed.json as it is', () => {
    const block = section.match(/```json\n([\s\S]*?)```/)![1];
    expect(JSON.parse(block)).toEqual(JSON.parse(readFileSync(EXAMPLE, 'utf8')));
  });

  it('its table holds the output_rms the sweep gives, to 4 decimals', async () => {
    const report = await runSweep(loadSweep(EXAMPLE), { out: dir, runner: pool, figures: false });
    expect(report.failed).toBe(0);
    const rows = [...section.matchAll(/^\| ([\d.]+) \| (\d) \| ([\d.]+) \| \| ([\d.]+) \| (\d) \| ([\d.]+) \|$/gm)];
    const shown = rows.flatMap((r) => [[r[1], r[2], r[3]], [r[4], r[5], r[6]]]).map(([noise, seed, rms]) => ({ noise: Number(noise), seed: Number(seed), rms }));
    expect(shown).toHaveLength(12);
    for (const { noise, seed, rms } of shown) {
      const rec = report.records.find((r) => r.params['/neuron/noise'] === noise && r.params['/seed'] === seed)!;
      expect(rec.metrics!.output_rms.toFixed(4)).toBe(rms);
    }
  });
});
