import { describe, expect, it } from 'vitest';
import { clipGlobalNorm } from '../../src/recurrent/clip.ts';

describe('clipGlobalNorm', () => {
  it('scales a gradient of norm 5 down to norm 1 and leaves a small one alone', () => {
    const g = Float64Array.from([3, -4]);
    expect(clipGlobalNorm(g, 1)).toBe(5);
    expect(g[0]).toBeCloseTo(0.6, 15);
    expect(g[1]).toBeCloseTo(-0.8, 15);
    const small = Float64Array.from([0.3, 0.4]);
    expect(clipGlobalNorm(small, 1)).toBeCloseTo(0.5, 15);
    expect(Array.from(small)).toEqual([0.3, 0.4]);
  });
});
