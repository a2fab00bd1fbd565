import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import example from '../../src/experiments/dsa-lorenz.ts';
import { METRICS } from '../../src/experiments/dsa-lorenz-metrics.ts';

const outDir = mkdtempSync(join(tmpdir(), 'dsa-lorenz-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('dsa-lorenz experiment (quick)', () => {
  it('writes result.json, the figures and finite headline numbers; the mixing construction separates model3 for DSA', async () => {
    const headline = await example.run({ outDir, seeds: [1], quick: true });
    for (const [key, value] of Object.entries(headline)) if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
    for (const name of ['matrix-dsa', 'matrix-cka', 'matrix-procrustes', 'mixing-dsa', 'mixing-cka', 'mixing-procrustes', 'mixing']) {
      expect(existsSync(join(outDir, `dsa-lorenz-${name}.svg`)), name).toBe(true);
    }
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.settings.dsa).toMatchObject({ nDelays: 33, delayInterval: 6, rank: 6 });
    expect(result.systems).toEqual([0.25, 0.5, 0.75, 5, 10, 15, 30, 40, 50]);
    expect(result.familyPairs.length).toBe(36);
    for (const m of METRICS) {
      const d: number[][] = result.matrices[m];
      const top = m === 'dsa' ? Math.PI : 1;
      for (let i = 0; i < 9; i++) {
        expect(d[i][i]).toBe(0);
        for (let j = 0; j < 9; j++) {
          expect(d[i][j]).toBe(d[j][i]);
          if (i !== j) expect(d[i][j] > 0 && d[i][j] <= top, `${m} ${i} ${j}: ${d[i][j]}`).toBe(true);
        }
      }
      expect(result.separation[m].within.length).toBe(9);
      expect(result.separation[m].between.length).toBe(27);
      expect(headline[`${m}Within`]).toBe(result.separation[m].meanWithin);
    }
    // Every pair at m = 1: model2 and model3 differ by B's whole excursion, model1 and model2 only
    // by noise of scale 0.004, so DSA puts model3 several times farther (measured: 0.01 vs 0.3+).
    expect(result.mixingResults.length).toBe(3);
    for (const pair of result.mixingResults) {
      expect(pair.model1VsModel2.dsa.length).toBe(3);
      expect(pair.model2VsModel3.dsa[0]).toBeGreaterThan(3 * pair.model1VsModel2.dsa[0]);
    }
    expect(result.mixing.model3Farther.dsa[0]).toBe(1);
  }, 60_000);

  it('refuses an unknown variant', async () => {
    await expect(example.run({ outDir, seeds: [1], quick: true, variant: 'sgd' })).rejects.toThrow(/--variant/);
  });
});
