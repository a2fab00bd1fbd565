import { describe, expect, it } from 'vitest';
import { familyMatrices, familySeparation, meanSem, mixingSummary } from '../../src/experiments/dsa-lorenz-summary.ts';
import type { FamilyPairResult, MixingPairResult } from '../../src/experiments/dsa-lorenz-task.ts';

const pair = (a: number, b: number, v: number, seed = 1): FamilyPairResult => ({ kind: 'family', seed, a, b, d: { dsa: v, cka: 2 * v, procrustes: 1 - v }, ranks: [3, 3] });

describe('Lorenz test-case statistics', () => {
  it('splits within and between families, averages seeds into the matrix, and tests between > within', () => {
    // Families {1, 2} and {3, 4}: within pairs (1,2) and (3,4); four between pairs.
    const pairs = [pair(1, 2, 0.1), pair(3, 4, 0.3), pair(1, 3, 0.5), pair(1, 4, 0.6), pair(2, 3, 0.7), pair(2, 4, 0.2), pair(1, 2, 0.3, 2)];
    const m = familyMatrices(pairs, [1, 2, 3, 4]);
    expect(m.dsa[0][1]).toBeCloseTo(0.2, 14); // mean of seeds 1 and 2
    expect(m.dsa[1][0]).toBe(m.dsa[0][1]);
    expect(m.dsa[2][2]).toBe(0);
    expect(m.cka[1][3]).toBeCloseTo(0.4, 14);
    const s = familySeparation(pairs, (r) => (r <= 2 ? 'low' : 'high'));
    expect(s.dsa.within).toEqual([0.1, 0.3, 0.3]);
    expect(s.dsa.between).toEqual([0.5, 0.6, 0.7, 0.2]);
    expect(s.dsa.meanWithin).toBeCloseTo(0.7 / 3, 14);
    expect(s.dsa.meanBetween).toBeCloseTo(0.5, 14);
    expect(s.dsa.ratio).toBeCloseTo(0.5 / (0.7 / 3), 12);
    // Between values beat within ones in 3·3 + (0.2 > 0.1) = 10 of 12 comparisons.
    expect(s.dsa.auc).toBeCloseTo(10 / 12, 14);
    // Procrustes is 1 − v: the order reverses.
    expect(s.procrustes.auc).toBeCloseTo(2 / 12, 14);
    // Three p-values: BH never lowers one, and the largest keeps its value.
    const ps = [s.dsa, s.cka, s.procrustes];
    for (const x of ps) expect(x.pAdjusted).toBeGreaterThanOrEqual(x.p);
    expect(Math.max(...ps.map((x) => x.pAdjusted))).toBeCloseTo(Math.max(...ps.map((x) => x.p)), 14);
  });

  it('summarises mixing curves: means ± SEM, gaps and R² against level index and against m', () => {
    const curve = (v: number[]) => ({ dsa: v, cka: v.map((x) => 2 * x), procrustes: [0.5, 0.5, 0.5] });
    const mk = (d12: number[], d23: number[]): MixingPairResult => ({ kind: 'mixing', seed: 1, a: 0, b: 1, model1VsModel2: curve(d12), model2VsModel3: curve(d23) });
    const pairs = [mk([0.1, 0.1, 0.1], [0.9, 0.5, 0.3]), mk([0.1, 0.2, 0.1], [0.7, 0.5, 0.3])];
    const s = mixingSummary(pairs, [1, 0.5, 0.25]);
    const c = s.curves.model2VsModel3.dsa;
    expect(c.levels.map((l) => l.mean)).toEqual([0.8, 0.5, 0.3]);
    expect(c.levels[0].sem).toBeCloseTo(0.1, 14); // sd of 0.9, 0.7 is √0.02, over √2
    expect(c.gap).toBeCloseTo(0.5, 14);
    // Means 0.8, 0.5, 0.3 against 1, 2, 3: slope −0.25, residuals 1/60, −1/30, 1/60 (sum of
    // squares 0.005/3) against Syy = 0.38/3, so R² = 1 − 0.005/0.38.
    expect(c.r2VsLevel).toBeCloseTo(1 - 0.005 / 0.38, 12);
    // Against m = 1, ½, ¼: R² of a simple regression is the squared correlation.
    const mx = 1.75 / 3;
    const my = 1.6 / 3;
    const xs = [1, 0.5, 0.25];
    const ys = [0.8, 0.5, 0.3];
    const sxy = xs.reduce((t, x, i) => t + (x - mx) * (ys[i] - my), 0);
    const sxx = xs.reduce((t, x) => t + (x - mx) ** 2, 0);
    const syy = ys.reduce((t, y) => t + (y - my) ** 2, 0);
    expect(c.r2VsMixing).toBeCloseTo((sxy * sxy) / (sxx * syy), 12);
    expect(c.pairGap.mean).toBeCloseTo(0.5, 14);
    expect(c.pairGap.sem).toBeCloseTo(0.1, 14);
    expect(s.curves.model2VsModel3.procrustes.gap).toBe(0);
    expect(s.curves.model1VsModel2.dsa.levels.map((l) => l.mean)).toEqual([0.1, 0.15000000000000002, 0.1]);
    expect(s.model3Farther.dsa).toEqual([1, 1, 1]);
    expect(s.model3Farther.procrustes).toEqual([0, 0, 0]);
  });

  it('has SEM = sample sd/√n', () => {
    expect(meanSem([1, 2, 3, 4])).toEqual({ mean: 2.5, sem: Math.sqrt(5 / 3) / 2, n: 4 });
    expect(meanSem([7])).toEqual({ mean: 7, sem: 0, n: 1 });
  });
});
