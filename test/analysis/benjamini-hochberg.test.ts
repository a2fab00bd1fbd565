import { describe, expect, it } from 'vitest';
import { benjaminiHochberg, benjaminiHochbergRejects } from '../../src/analysis/benjamini-hochberg.ts';
import { InputError } from '../../src/core/input-error.ts';

describe('Benjamini–Hochberg', () => {
  it('matches a hand computation, in the input order', () => {
    // Sorted: 0.005, 0.01, 0.03, 0.04, 0.20; m·p/k = 0.025, 0.025, 0.05, 0.05, 0.20; running minima
    // from the largest down leave them as they are.
    const p = [0.01, 0.04, 0.03, 0.005, 0.2];
    const q = benjaminiHochberg(p);
    [0.025, 0.05, 0.05, 0.025, 0.2].forEach((v, i) => expect(q[i]).toBeCloseTo(v, 14));
    expect(benjaminiHochbergRejects(p, 0.05)).toEqual([true, true, true, true, false]);
    expect(benjaminiHochbergRejects(p, 0.04)).toEqual([true, false, false, true, false]);
  });

  it('steps up: a larger p-value under its threshold carries the smaller ones with it', () => {
    // m·p/k = 0.03, 0.03, 0.021; the minimum from the top makes all three 0.021, so at α = 0.025
    // every hypothesis is rejected although 3·0.01/1 = 0.03 > α (Bonferroni-Holm would stop).
    expect(benjaminiHochberg([0.021, 0.01, 0.02]).map((v) => +v.toFixed(12))).toEqual([0.021, 0.021, 0.021]);
    expect(benjaminiHochbergRejects([0.021, 0.01, 0.02], 0.025)).toEqual([true, true, true]);
  });

  it('caps at 1, leaves a single p-value alone, and refuses values outside [0, 1]', () => {
    expect(benjaminiHochberg([0.9, 0.8])).toEqual([0.9, 0.9]);
    expect(benjaminiHochberg([0.3])).toEqual([0.3]);
    expect(benjaminiHochberg([])).toEqual([]);
    expect(() => benjaminiHochberg([0.1, 1.2])).toThrow(InputError);
    expect(() => benjaminiHochberg([Number.NaN])).toThrow(InputError);
  });
});
