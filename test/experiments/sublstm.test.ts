import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import example, { PAPER_ACCURACY } from '../../src/experiments/sublstm.ts';
import { sublstmSettings } from '../../src/experiments/sublstm-settings.ts';

const outDir = mkdtempSync(join(tmpdir(), 'sublstm-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('sublstm experiment (quick)', () => {
  it('trains the three cells on the same digits and writes the table, the curves and result.json', async () => {
    const headline = await example.run({ outDir, seeds: [1], quick: true });
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.runs.map((r: { cell: string }) => r.cell)).toEqual(['lstm', 'sublstm', 'fix-sublstm']);
    const accuracy = headline.testAccuracy as Record<string, number>;
    for (const run of result.runs) {
      expect(run.history).toHaveLength(2);
      // 200 test digits: chance (10 %) has a binomial sd of 2.1 pp, so 25 % is 7 sd above it.
      expect(run.testAccuracy).toBeGreaterThan(0.25);
      expect(accuracy[run.cell]).toBeCloseTo(run.testAccuracy, 4);
      expect(existsSync(join(outDir, `${run.cell}-seed1`, 'checkpoint.json'))).toBe(true);
    }
    const table = readFileSync(join(outDir, 'sublstm-table.md'), 'utf8');
    for (const [cell, paper] of Object.entries(PAPER_ACCURACY)) expect(table).toMatch(new RegExp(`^\\| ${cell} \\| ${(100 * accuracy[cell]).toFixed(2)} \\|.*\\| ${paper} \\|$`, 'm'));
    expect(table).toContain('trained on 400 digits, tested on 200');
    expect(readFileSync(join(outDir, 'sublstm-learning-curves.svg'), 'utf8')).toMatch(/^<svg/);
  });

  // With one core the comparison runs in this thread too, and there would be nothing to compare.
  it.skipIf(availableParallelism() < 2)('the runs above, trained on worker threads, equal the same runs in this thread', async () => {
    const here = join(outDir, 'in-this-thread');
    await example.run({ outDir: here, seeds: [1], quick: true, inThisThread: true });
    const timeless = (r: { runs: { history: { trainSeconds: number }[] }[] }) => r.runs.map((run) => run.history.map(({ trainSeconds: _, ...h }) => h));
    const threaded = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(timeless(JSON.parse(readFileSync(join(here, 'result.json'), 'utf8')))).toEqual(timeless(threaded));
  });

  it('continuous variant: Euler at dt = τ scores exactly the trained discrete network; table, curve and result written', async () => {
    const dir = join(outDir, 'continuous');
    const headline = await example.run({ outDir: dir, seeds: [1], quick: true, variant: 'continuous' });
    const result = JSON.parse(readFileSync(join(dir, 'continuous-result.json'), 'utf8'));
    expect(result.settings.testSize).toBe(60);
    for (const d of result.discrete) {
      const atTau = result.points.find((p: { cell: string; method: string; stepsPerFrame: number }) => p.cell === d.cell && p.method === 'euler' && p.stepsPerFrame === 1);
      // the same digits right: equal counts (the trainer reports 1 − error, hence the rounding)
      expect(Math.round(atTau.accuracy * 60)).toBe(Math.round(d.accuracy * 60));
    }
    // Euler at 1, 2, 4 steps and RK4 at 1, 2, per cell
    expect(result.points).toHaveLength(10);
    expect(headline.discreteAccuracy).toEqual(Object.fromEntries(result.discrete.map((d: { cell: string; accuracy: number }) => [d.cell, Number(d.accuracy.toFixed(4))])));
    expect(readFileSync(join(dir, 'continuous-table.md'), 'utf8')).toMatch(/^\| 1 \(discrete cell\) \| [\d.]+ \| [\d.]+ \| [\d.]+ \| [\d.]+ \|$/m);
    expect(readFileSync(join(dir, 'continuous-accuracy.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('offers the row and the two pixel variants at the paper\'s 100 units, and refuses others', () => {
    expect(sublstmSettings('row', false)).toMatchObject({ data: 'row-mnist', units: 100, batch: 50, lr: 1e-3, precision: 'float64', epochs: 20 });
    expect(sublstmSettings('pixel', false)).toMatchObject({ data: 'seq-mnist', units: 100, batch: 50, lr: 1e-4, precision: 'float32', epochs: 15 });
    expect(sublstmSettings('pixel-lr1e-3', false)).toEqual({ ...sublstmSettings('pixel', false), lr: 1e-3 });
    expect(() => sublstmSettings('brown', false)).toThrow(InputError);
  });
});
