import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { extractMetrics } from '../../src/sweeps/metrics.ts';

describe('metrics of a result', () => {
  const result = { outputs: [[1, -2], [3, 4]], stats: { steps: 600 }, experiment: { seed: 1 } };

  it('reads numbers by pointer and reduces every number under one', () => {
    expect(
      extractMetrics(result, {
        steps: '/stats/steps',
        last: '/outputs/1/0',
        mean: { pointer: '/outputs', reduce: 'mean' },
        min: { pointer: '/outputs', reduce: 'min' },
        max: { pointer: '/outputs/0', reduce: 'max' },
        rms: { pointer: '/outputs', reduce: 'rms' },
      }),
    ).toEqual({ steps: 600, last: 3, mean: 1.5, min: -2, max: 1, rms: Math.sqrt((1 + 4 + 9 + 16) / 4) });
  });

  it('a pointer to nothing or to a non-number is an error naming the metric', () => {
    expect(() => extractMetrics(result, { m: '/outputs/2/0' })).toThrow(new InputError('metrics.m', '/outputs/2/0 addresses nothing: /outputs has 2 entries, no entry "2"'));
    expect(() => extractMetrics(result, { m: '/outputs' })).toThrow(new InputError('metrics.m', '/outputs is an array, not a number; add "reduce" to summarise it'));
    expect(() => extractMetrics(result, { m: { pointer: '/experiment/missing', reduce: 'mean' } })).toThrow(/^metrics\.m: \/experiment\/missing addresses nothing/);
  });
});
