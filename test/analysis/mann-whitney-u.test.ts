import { describe, expect, it } from 'vitest';
import { mannWhitneyU, midRanks, normalUpperTail } from '../../src/analysis/mann-whitney-u.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';

/** U by counting pairs, the definition (independent of the rank-sum route of the source). */
function uByPairs(x: number[], y: number[]): number {
  let u = 0;
  for (const a of x) for (const b of y) u += a > b ? 1 : a === b ? 0.5 : 0;
  return u;
}

describe('Mann–Whitney U', () => {
  it('matches a hand computation with a tie', () => {
    // Pool 1x 2x 3y 4x 5y 6y 6y: ranks 1 2 3 4 5 6.5 6.5, R_x = 7, U = 7 − 3·4/2 = 1 (only 4 > 3).
    // μ = 6, one tie of 2: σ² = 3·4/12 · (8 − 6/42) = 55/7. One-sided 'less':
    // z = (1 − 6 + ½)/√(55/7) = −1.6053887, p = Φ(z) = 0.0542041 (math.erfc); two-sided doubles it.
    const x = [1, 2, 4];
    const y = [3, 5, 6, 6];
    const less = mannWhitneyU(x, y, 'less');
    expect(less.u).toBe(1);
    expect(less.auc).toBeCloseTo(1 / 12, 14);
    expect(less.z).toBeCloseTo(-1.6053886530285204, 10);
    expect(less.p).toBeCloseTo(0.054204149990732614, 6);
    expect(mannWhitneyU(x, y).p).toBeCloseTo(0.10840829998146523, 6);
    const greater = mannWhitneyU(y, x, 'greater');
    expect(greater.u).toBe(11);
    expect(greater.p).toBeCloseTo(0.054204149990732614, 6);
    // 'greater' for x: z = (1 − 6 − ½)/σ = −1.9621, p = P(Z > z) = 0.975127 (math.erfc).
    expect(mannWhitneyU(x, y, 'greater').p).toBeCloseTo(0.9751270046, 6);
  });

  it('has U equal to the pair count and U_x + U_y = n_x n_y on random samples with ties', () => {
    const rng = new Random(5, 'mwu');
    for (let k = 0; k < 20; k++) {
      const x = Array.from({ length: 3 + rng.integer(10) }, () => rng.integer(8));
      const y = Array.from({ length: 2 + rng.integer(10) }, () => rng.integer(8) + 1);
      const r = mannWhitneyU(x, y);
      expect(r.u).toBe(uByPairs(x, y));
      expect(r.u + mannWhitneyU(y, x).u).toBe(x.length * y.length);
      expect(r.p).toBeGreaterThan(0);
      expect(r.p).toBeLessThanOrEqual(1);
    }
  });

  it('gives the mid-ranks and tie term by hand, and p = 1 when every value is tied', () => {
    expect(midRanks([5, 1, 5, 3, 5])).toEqual({ ranks: [4, 1, 4, 2, 4], tieTerm: 24 });
    expect(mannWhitneyU([2, 2], [2, 2, 2]).p).toBe(1);
    expect(() => mannWhitneyU([], [1])).toThrow(InputError);
    expect(() => mannWhitneyU([1], [Number.NaN])).toThrow(InputError);
  });

  it('has a normal tail within 1.2e-7 relative of known values', () => {
    // Φ̄(1.959963984540054) = 0.025, Φ̄(0) = ½, Φ̄(3) = 0.0013498980316301 (tables).
    expect(normalUpperTail(1.959963984540054) / 0.025 - 1).toBeLessThan(1.2e-7);
    expect(Math.abs(normalUpperTail(0) - 0.5)).toBeLessThan(1e-7);
    expect(Math.abs(normalUpperTail(3) / 0.0013498980316301 - 1)).toBeLessThan(1.2e-7);
    expect(Math.abs(normalUpperTail(-3) - (1 - 0.0013498980316301))).toBeLessThan(1e-9);
  });
});
