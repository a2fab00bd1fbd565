import { describe, expect, it } from 'vitest';
import { curveSpread, sampleSpread } from '../../src/experiments/sample-spread.ts';

describe('sampleSpread', () => {
  it('gives mean, sample standard deviation (n − 1) and range', () => {
    const s = sampleSpread([1, 2, 6]);
    expect(s.mean).toBe(3);
    expect(s.sd).toBeCloseTo(Math.sqrt((4 + 1 + 9) / 2), 14);
    expect([s.min, s.max]).toEqual([1, 6]);
    expect(sampleSpread([5])).toEqual({ mean: 5, sd: 0, min: 5, max: 5 });
    expect(() => sampleSpread([])).toThrow(/at least one/);
  });

  it('summarises curves point by point', () => {
    expect(curveSpread([[1, 5], [3, 2], [2, 8]])).toEqual({ mean: [2, 5], min: [1, 2], max: [3, 8] });
    expect(() => curveSpread([])).toThrow(/at least one/);
    expect(() => curveSpread([[1, 2], [3]])).toThrow(/curve 1 has 1 points/);
  });
});
