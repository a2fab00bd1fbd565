import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import example from '../../src/experiments/similarity.ts';
import { COMPARISONS, METRICS } from '../../src/experiments/similarity-seed.ts';

const outDir = mkdtempSync(join(tmpdir(), 'similarity-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** Valid range of each metric: CKA and the Procrustes score in [0, 1], the DSA angle in [0, π]. */
const RANGE = { cka: [0, 1], procrustes: [0, 1], dsa: [0, Math.PI] } as const;
const inRange = (m: keyof typeof RANGE) => (x: number) => Number.isFinite(x) && x >= RANGE[m][0] - 1e-12 && x <= RANGE[m][1] + 1e-12;

describe('similarity experiment (quick)', () => {
  it('writes result.json with every comparison at every checkpoint, the figures, and finite headline numbers', async () => {
    const headline = await example.run({ outDir, seeds: [1], quick: true });
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.variant).toBe('tuned');
    const checkpoints: number[] = result.checkpoints;
    expect(checkpoints[0]).toBe(0);
    expect(checkpoints[checkpoints.length - 1]).toBe(result.analysis.patterns);
    const [seed] = result.seeds;
    for (const m of METRICS) {
      for (const c of COMPARISONS) {
        const values: number[] = seed.scores[m][c];
        expect(values.length).toBe(checkpoints.length);
        expect(values.every(inRange(m)), `${m} ${c}: ${values}`).toBe(true);
        expect(result.curves[m][c].mean).toEqual(values);
        expect((headline as Record<string, unknown>)[`${m}${c[0].toUpperCase()}${c.slice(1)}`]).toBe(values[values.length - 1]);
      }
      // Against its own initial state, each learner starts identical.
      expect(seed.scores[m].microVsInitial[0]).toBeCloseTo(m === 'dsa' ? 0 : 1, 6);
      expect(seed.scores[m].backpropVsInitial[0]).toBeCloseTo(m === 'dsa' ? 0 : 1, 6);
    }
    // Backprop's leaky dynamics are one fixed linear filter: DSA to its start stays at zero.
    expect(Math.max(...seed.scores.dsa.backpropVsInitial)).toBeLessThan(1e-6);
    for (const l of ['micro', 'backprop'] as const) {
      expect(seed.validationMse[l].every((x: number) => Number.isFinite(x) && x >= 0)).toBe(true);
    }
    expect(result.dsaGrid.length).toBe(result.analysis.dsaGrid.length);
    for (const name of ['cka', 'procrustes', 'dsa', 'mse']) expect(existsSync(join(outDir, `similarity-${name}.svg`))).toBe(true);
    for (const [key, value] of Object.entries(headline)) if (typeof value === 'number') expect(Number.isFinite(value), key).toBe(true);
  });
});
