import { describe, expect, it } from 'vitest';
import { MAX_POINTS, decimate } from '../../src/plot/decimate.ts';

const range = (n: number, f: (i: number) => number = (i) => i) => Array.from({ length: n }, (_, i) => f(i));

describe('decimate', () => {
  it('keeps every point of a short series', () => {
    expect(decimate(range(5), 5)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps at most max points, the first and the last', () => {
    for (const n of [2001, 2002, 4000, 4001, 99_999, 100_000]) {
      const kept = decimate(range(n));
      expect(kept.length).toBeLessThanOrEqual(MAX_POINTS);
      expect(kept.length).toBeGreaterThan(MAX_POINTS / 2);
      expect(kept[0]).toBe(0);
      expect(kept.at(-1)).toBe(n - 1);
      expect(kept.every((i, k) => k === 0 || i > kept[k - 1])).toBe(true);
    }
  });

  it('takes every k-th point of an evenly spaced series', () => {
    expect(decimate(range(11), 6)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(decimate(range(10), 4)).toEqual([0, 3, 6, 9]);
  });

  it('gives each decade its share when positions are log x', () => {
    const x = range(100_000, (i) => i + 1);
    const kept = decimate(x.map(Math.log10), 101);
    const perDecade = [1, 10, 100, 1000, 10_000].map((lo) => kept.filter((i) => x[i] >= lo && x[i] < lo * 10).length);
    expect(perDecade[0]).toBe(9); // 1..9: fewer points than bins
    for (const count of perDecade.slice(2)) expect(count).toBeGreaterThanOrEqual(19);
  });

  it('keeps first and last when all positions are equal', () => {
    expect(decimate(range(10, () => 3), 4)).toEqual([0, 9]);
  });

  it('rejects a bound below 2', () => {
    expect(() => decimate(range(10), 1)).toThrow(RangeError);
  });
});
