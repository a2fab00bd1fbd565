import { describe, expect, it } from 'vitest';
import { fitHavokDmd } from '../../src/analysis/havok-dmd.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { eigenvalues, frobenius, simulateLinear, stableMatrix } from './fixtures.ts';
import type { Mat } from './fixtures.ts';

const asRows = (m: { rows: number; cols: number; data: Float64Array }): Mat =>
  Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));

describe('fitHavokDmd', () => {
  it('recovers a noise-free linear system exactly, up to the similarity transform of the V coordinates', () => {
    // With one delay and full rank, V = H U Σ⁻¹, so A_V = Σ⁻¹ Uᵀ A U Σ: same eigenvalues as A.
    const rng = new Random(1, 'dmd-exact');
    const a = stableMatrix(rng, 3, 0.95);
    const data = simulateLinear(a, rng, 4, 30, 0);
    const fit = fitHavokDmd(data);
    expect(fit.rank).toBe(3);
    const got = eigenvalues(asRows(fit.A));
    const want = eigenvalues(a);
    for (let i = 0; i < 3; i++) {
      expect(got[i][0]).toBeCloseTo(want[i][0], 9);
      expect(Math.abs(got[i][1])).toBeCloseTo(Math.abs(want[i][1]), 9);
    }
  });

  it('estimates the spectrum of a noisy system from stacked trials', () => {
    const rng = new Random(2, 'dmd-noisy');
    const a = stableMatrix(rng, 4, 0.9);
    const fit = fitHavokDmd(simulateLinear(a, rng, 20, 250, 1), { rank: 4 });
    const got = eigenvalues(asRows(fit.A));
    const want = eigenvalues(a);
    // About 5000 transitions: eigenvalue errors of order 1/√5000 ≈ 0.014.
    for (let i = 0; i < 4; i++) expect(Math.hypot(got[i][0] - want[i][0], Math.abs(got[i][1]) - Math.abs(want[i][1]))).toBeLessThan(0.05);
    expect(fit.singularValues[0]).toBeGreaterThanOrEqual(fit.singularValues[3]);
  });

  it('uses delays to find the order of a scalar autoregression', () => {
    // x(t+1) = 1.6 x(t) − 0.8 x(t−1) + noise: roots 0.8 ± 0.4i, visible only with 2 delays.
    const rng = new Random(3, 'dmd-ar2');
    const trials = Array.from({ length: 10 }, () => {
      const x = [rng.normal(), rng.normal()];
      for (let t = 2; t < 300; t++) x.push(1.6 * x[t - 1] - 0.8 * x[t - 2] + 0.1 * rng.normal());
      return x.map((v) => [v]);
    });
    const fit = fitHavokDmd(trials, { nDelays: 2 });
    const [e1, e2] = eigenvalues(asRows(fit.A));
    expect(e1[0]).toBeCloseTo(0.8, 2);
    expect(e2[0]).toBeCloseTo(0.8, 2);
    expect(Math.abs(e1[1])).toBeCloseTo(0.4, 2);
  });

  it('shrinks the operator with the ridge penalty', () => {
    const rng = new Random(4, 'dmd-ridge');
    const data = simulateLinear(stableMatrix(rng, 3, 0.9), rng, 5, 100, 1);
    // V has orthonormal columns, so V⁻ᵀV⁻ ≈ I and λ = 1 roughly halves A.
    const norms = [0, 0.1, 1, 10].map((lambda) => frobenius(asRows(fitHavokDmd(data, { lambda }).A)));
    expect(norms[1]).toBeLessThan(norms[0]);
    expect(norms[2]).toBeLessThan(0.6 * norms[0]);
    expect(norms[3]).toBeLessThan(0.1 * norms[0]);
  });

  it('rejects ranks beyond the embedding or its numerical rank, and negative ridge', () => {
    const rng = new Random(5, 'dmd-errors');
    const data = simulateLinear(stableMatrix(rng, 2, 0.9), rng, 2, 50, 1);
    expect(() => fitHavokDmd(data, { rank: 5, nDelays: 2 })).toThrow(new InputError('rank', '5 exceeds the embedding dimension 4 (units × nDelays)'));
    expect(() => fitHavokDmd(data, { rank: 0 })).toThrow('rank: expected an integer ≥ 1, got 0');
    expect(() => fitHavokDmd(data, { lambda: -1 })).toThrow('lambda: expected a finite number ≥ 0, got -1');
    // A single unit copied into two columns has numerical rank 1.
    const copied = data.map((trial) => trial.map(([v]) => [v, 2 * v]));
    expect(() => fitHavokDmd(copied, { rank: 2 })).toThrow('rank: 2 exceeds the numerical rank 1 of the 100 × 2 embedding; lower rank or add delays/data');
    expect(fitHavokDmd(copied).rank).toBe(1);
    expect(() => fitHavokDmd([[0], [0], [0]])).toThrow('data: is all zeros after delay embedding');
  });
});
