import { describe, expect, it } from 'vitest';
import { linearCka } from '../../src/analysis/linear-cka.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { gaussian, haarOrthogonal, matmul } from './fixtures.ts';

describe('linearCka', () => {
  it('equals the squared correlation for one column each (hand-computed 1/4)', () => {
    // centred x = (−1, 0, 1), y = (−1, 1, 0): corr = 1/2.
    expect(linearCka([[1], [2], [3]], [[1], [3], [2]])).toBeCloseTo(0.25, 14);
  });

  it('is 1 under an orthogonal transform, isotropic scaling and translation of one side', () => {
    const rng = new Random(1, 'cka-invariance');
    const x = gaussian(rng, 60, 8);
    const q = haarOrthogonal(rng, 8, -1);
    const y = matmul(x, q).map((row) => row.map((v, j) => -3.7 * v + 10 * j));
    expect(linearCka(x, y)).toBeCloseTo(1, 12);
    expect(linearCka(y, x)).toBeCloseTo(1, 12);
  });

  it('is symmetric and lies in [0, 1] for unrelated widths', () => {
    const rng = new Random(2, 'cka-symmetry');
    const x = gaussian(rng, 40, 5);
    const y = matmul(x, gaussian(rng, 5, 9)).map((row) => row.map((v) => v + 2 * rng.normal()));
    const xy = linearCka(x, y);
    expect(Math.abs(xy - linearCka(y, x))).toBeLessThan(1e-14);
    expect(xy).toBeGreaterThan(0.05);
    expect(xy).toBeLessThan(1);
  });

  it('is near its small expectation for independent high-dimensional noise', () => {
    // For independent Gaussian X (n × p), Y (n × q): E‖YᵀX‖² = npq and E‖XᵀX‖² = np(n + p + 1), so
    // CKA ≈ √(pq) / √((n + p + 1)(n + q + 1)), with n → n − 1 after centring. The numerator sums
    // pq squared near-Gaussian terms, so its relative spread is about √(2/(pq)) ≤ 3.2%; the
    // ±15% band is more than 4.5 spreads wide.
    const rng = new Random(3, 'cka-noise');
    for (const [n, p, q] of [
      [2000, 50, 50],
      [1000, 20, 80],
    ]) {
      const expected = Math.sqrt(p * q) / Math.sqrt((n - 1 + p + 1) * (n - 1 + q + 1));
      const cka = linearCka(gaussian(rng, n, p), gaussian(rng, n, q));
      expect(cka).toBeGreaterThan(0.85 * expected);
      expect(cka).toBeLessThan(1.15 * expected);
      expect(cka).toBeLessThan(0.045);
    }
  });

  it('accepts trials × time × units and flat arrays with a shape', () => {
    const rng = new Random(4, 'cka-shapes');
    const x = gaussian(rng, 12, 3);
    const y = gaussian(rng, 12, 4);
    const nested = [x.slice(0, 6), x.slice(6)];
    const flatY = { data: Float64Array.from(y.flat()), shape: [2, 6, 4] };
    expect(linearCka(nested, flatY)).toBeCloseTo(linearCka(x, y), 14);
  });

  it('rejects mismatched sample counts, NaN and constant data', () => {
    const rng = new Random(5, 'cka-errors');
    const x = gaussian(rng, 10, 2);
    expect(() => linearCka(x, gaussian(rng, 9, 2))).toThrow(new InputError('Y', 'expected 10 samples (rows) like X, got 9'));
    expect(() => linearCka(x, [...gaussian(rng, 9, 2), [0, NaN]])).toThrow('Y[9][1]: expected a finite number, got NaN');
    expect(() => linearCka(x.map(() => [1, 2]), x)).toThrow('X: every column is constant, so CKA is undefined');
    expect(() => linearCka([[1]], [[2]])).toThrow('X: needs at least 2 samples (rows) to centre');
  });
});
