import { describe, expect, it } from 'vitest';
import { delayEmbed } from '../../src/analysis/delay-embedding.ts';
import { InputError } from '../../src/core/input-error.ts';

describe('delayEmbed', () => {
  // Two trials, 5 steps, 2 units: unit values encode (trial, time, unit) as 100k + 10t + i.
  const x = [0, 1].map((k) => Array.from({ length: 5 }, (_, t) => [100 * k + 10 * t, 100 * k + 10 * t + 1]));

  it('stacks newest-first delays, τ steps apart, without crossing trials', () => {
    const e = delayEmbed(x, 2, 2);
    expect([e.trials, e.rowsPerTrial, e.matrix.rows, e.matrix.cols]).toEqual([2, 3, 6, 4]);
    const rows = Array.from({ length: 6 }, (_, r) => Array.from(e.matrix.data.subarray(r * 4, r * 4 + 4)));
    expect(rows).toEqual([
      [20, 21, 0, 1],
      [30, 31, 10, 11],
      [40, 41, 20, 21],
      [120, 121, 100, 101],
      [130, 131, 110, 111],
      [140, 141, 120, 121],
    ]);
  });

  it('is the data itself for one delay', () => {
    const e = delayEmbed(x, 1, 1);
    expect(Array.from(e.matrix.data)).toEqual(x.flat(2));
    expect(e.rowsPerTrial).toBe(5);
  });

  it('rejects delays below 1, non-integers and spans that leave fewer than 2 rows', () => {
    expect(() => delayEmbed(x, 0, 1)).toThrow(new InputError('nDelays', 'expected an integer ≥ 1, got 0'));
    expect(() => delayEmbed(x, 2.5, 1)).toThrow('nDelays: expected an integer ≥ 1, got 2.5');
    expect(() => delayEmbed(x, 2, 0)).toThrow('delayInterval: expected an integer ≥ 1, got 0');
    expect(() => delayEmbed(x, 3, 2)).toThrow('nDelays: 3 delays 2 step(s) apart span 5 steps, which leaves fewer than 2 embedded rows in trials of 5 steps');
    expect(delayEmbed(x, 4, 1).rowsPerTrial).toBe(2);
    expect(() => delayEmbed([[1], [NaN]], 1, 1, 'X')).toThrow('X[1][0]: expected a finite number, got NaN');
  });
});
