import { describe, expect, it } from 'vitest';
import { logSpacedCheckpoints } from '../../src/experiments/log-spaced-checkpoints.ts';

describe('logSpacedCheckpoints', () => {
  it('starts at 0, spaces evenly in log from `first` and ends at the total', () => {
    expect(logSpacedCheckpoints(1000, 4)).toEqual([0, 10, 100, 1000]);
    const c = logSpacedCheckpoints(5000, 10);
    expect(c.length).toBe(10);
    expect(c[0]).toBe(0);
    expect(c[1]).toBe(10);
    expect(c[9]).toBe(5000);
    const ratios = c.slice(2).map((x, i) => x / c[i + 1]);
    ratios.forEach((r) => expect(r).toBeCloseTo(500 ** (1 / 8), 1));
  });

  it('drops duplicates of short runs and rejects bad sizes', () => {
    expect(logSpacedCheckpoints(12, 6)).toEqual([0, 10, 11, 12]);
    expect(logSpacedCheckpoints(5, 3)).toEqual([0, 5]);
    expect(logSpacedCheckpoints(20, 2)).toEqual([0, 20]);
    expect(() => logSpacedCheckpoints(0, 3)).toThrow(/total/);
    expect(() => logSpacedCheckpoints(10, 1)).toThrow(/count/);
  });
});
