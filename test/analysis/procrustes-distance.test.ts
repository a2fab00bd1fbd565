import { describe, expect, it } from 'vitest';
import { procrustesDistance, procrustesScore } from '../../src/analysis/procrustes-distance.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { gaussian, haarOrthogonal, matmul } from './fixtures.ts';

describe('procrustesDistance', () => {
  it('is arccos|corr| for one column each (hand-computed π/3) and π/2 for orthogonal shapes', () => {
    expect(procrustesDistance([[1], [2], [3]], [[1], [3], [2]])).toBeCloseTo(Math.PI / 3, 14);
    expect(procrustesDistance([[1], [-1], [0], [0]], [[0], [0], [1], [-1]])).toBeCloseTo(Math.PI / 2, 14);
    expect(procrustesScore([[1], [-1], [0], [0]], [[0], [0], [1], [-1]])).toBeCloseTo(0, 14);
  });

  it('is 0 under rotation or reflection, translation, isotropic scaling and zero-padding', () => {
    const rng = new Random(1, 'procrustes-invariance');
    const x = gaussian(rng, 40, 6);
    for (const det of [1, -1] as const) {
      const q = haarOrthogonal(rng, 6, det);
      const y = matmul(x, q).map((row) => row.map((v, j) => 2.5 * v + (j - 3) * 7));
      // arccos is √-sensitive at 1: a rounding error ε in the nuclear norm moves θ by √(2ε) ≈ 2e-8.
      expect(procrustesDistance(x, y)).toBeLessThan(1e-6);
      expect(procrustesScore(x, y)).toBeGreaterThan(1 - 1e-6);
      expect(procrustesDistance(x, y.map((row) => [...row, 0, 0]))).toBeLessThan(1e-6);
    }
  });

  it('is symmetric', () => {
    const rng = new Random(2, 'procrustes-symmetry');
    const x = gaussian(rng, 30, 4);
    const y = matmul(x, gaussian(rng, 4, 7)).map((row) => row.map((v) => v + rng.normal()));
    const d = procrustesDistance(x, y);
    expect(d).toBeGreaterThan(0.1);
    expect(Math.abs(d - procrustesDistance(y, x))).toBeLessThan(1e-13);
  });

  it('satisfies the triangle inequality on random triples of mixed widths', () => {
    // Y and Z are noisy linear maps of X so that the three sides range widely below π/2.
    const rng = new Random(3, 'procrustes-triangle');
    let tightest = Infinity;
    for (let trial = 0; trial < 60; trial++) {
      const n = 25;
      const [p, q, r] = [2 + rng.integer(5), 2 + rng.integer(5), 2 + rng.integer(5)];
      const x = gaussian(rng, n, p);
      const noise = [0.1, 0.5, 2][trial % 3];
      const y = matmul(x, gaussian(rng, p, q)).map((row) => row.map((v) => v + noise * rng.normal()));
      const z = matmul(y, gaussian(rng, q, r)).map((row) => row.map((v) => v + noise * rng.normal()));
      const [dxy, dyz, dxz] = [procrustesDistance(x, y), procrustesDistance(y, z), procrustesDistance(x, z)];
      for (const [a, b, c] of [
        [dxz, dxy, dyz],
        [dxy, dxz, dyz],
        [dyz, dxy, dxz],
      ]) {
        expect(a).toBeLessThanOrEqual(b + c + 1e-12);
        tightest = Math.min(tightest, b + c - a);
      }
    }
    // Some triples come close to equality, so the check is not vacuous.
    expect(tightest).toBeLessThan(0.05);
  });

  it('rejects mismatched sample counts and constant data', () => {
    expect(() => procrustesDistance([[1], [2]], [[1], [2], [3]])).toThrow(new InputError('Y', 'expected 2 samples (rows) like X, got 3'));
    expect(() => procrustesDistance([[1], [2]], [[5], [5]])).toThrow('Y: every column is constant, so its shape is undefined');
  });
});
