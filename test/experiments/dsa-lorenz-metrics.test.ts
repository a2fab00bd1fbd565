import { describe, expect, it } from 'vitest';
import { fitHavokDmd } from '../../src/analysis/havok-dmd.ts';
import { linearCka } from '../../src/analysis/linear-cka.ts';
import { procrustesDistance } from '../../src/analysis/procrustes-distance.ts';
import { lorenzTrajectories } from '../../src/data/lorenz.ts';
import { ckaDissimilarity, dsaOperator, procrustesDissimilarity } from '../../src/experiments/dsa-lorenz-metrics.ts';
import { dsaLorenzSettings, mixingPairs } from '../../src/experiments/dsa-lorenz-settings.ts';
import { Random } from '../../src/random/random.ts';

const options = { nDelays: 33, delayInterval: 6, rank: 20 };

describe('Lorenz test-case metrics and settings', () => {
  it('fits DSA operators at rank 20, or at the numerical rank where a decaying clean system has fewer directions', () => {
    const chaotic = lorenzTrajectories({ r: 40, samples: 40 }, new Random(1, 'chaotic'));
    expect(dsaOperator(chaotic, options).rank).toBe(20);
    const decaying = lorenzTrajectories({ r: 0.25, samples: 40 }, new Random(1, 'decaying'));
    expect(() => fitHavokDmd(decaying, options)).toThrow(/numerical rank/);
    const fallback = dsaOperator(decaying, options);
    const full = fitHavokDmd(decaying, { nDelays: 33, delayInterval: 6 });
    expect(fallback.rank).toBeLessThan(20);
    expect(fallback.rank).toBe(full.rank);
    expect(Array.from(fallback.A.data)).toEqual(Array.from(full.A.data));
  });

  it('reports CKA and Procrustes as angles over π/2: 0 for a copy, the scaled arccos otherwise', () => {
    const x = lorenzTrajectories({ r: 10, samples: 10 }, new Random(2, 'x'));
    const y = lorenzTrajectories({ r: 40, samples: 10 }, new Random(2, 'y'));
    expect(ckaDissimilarity(x, x)).toBeLessThan(1e-6);
    expect(procrustesDissimilarity(x, x)).toBeLessThan(1e-6);
    expect(ckaDissimilarity(x, y)).toBeCloseTo((2 / Math.PI) * Math.acos(linearCka(x, y)), 14);
    expect(procrustesDissimilarity(x, y)).toBeCloseTo((2 / Math.PI) * procrustesDistance(x, y), 14);
  });

  it('takes the 42 ordered pairs of the seven mixing systems, or an even spread of them', () => {
    const full = mixingPairs(dsaLorenzSettings('lbfgs', false));
    expect(full.length).toBe(42);
    expect(new Set(full.map((p) => p.join('→'))).size).toBe(42);
    expect(full.every(([a, b]) => a !== b)).toBe(true);
    // Row by row: index 14 is the third pair of A = 10, index 28 the fifth of A = 30.
    expect(mixingPairs(dsaLorenzSettings('lbfgs', true))).toEqual([
      [0.5, 5],
      [10, 15],
      [30, 40],
    ]);
    expect(dsaLorenzSettings('adam', false).dsa).toMatchObject({ optimizer: 'adam', iters: 1000, lr: 1e-2, restarts: 2, nDelays: 33, delayInterval: 6, rank: 20 });
  });
});
