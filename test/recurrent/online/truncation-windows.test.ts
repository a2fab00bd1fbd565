import { describe, expect, it } from 'vitest';
import { endsWindow } from '../../../src/recurrent/online/truncation-windows.ts';

const ends = (T: number, n: number) => Array.from({ length: T }, (_, t) => t).filter((t) => endsWindow(t, T, n));

describe('endsWindow', () => {
  it('cuts T = 28 with n = 5 into 3, 5, 5, 5, 5, 5 steps (the remainder first)', () => {
    expect(ends(28, 5)).toEqual([2, 7, 12, 17, 22, 27]);
  });
  it('cuts evenly when n divides T, every step with n = 1, once with n = Infinity or n ≥ T', () => {
    expect(ends(6, 2)).toEqual([1, 3, 5]);
    expect(ends(4, 1)).toEqual([0, 1, 2, 3]);
    expect(ends(4, Infinity)).toEqual([3]);
    expect(ends(4, 9)).toEqual([3]);
  });
});
