import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import { expShiftSumF32, rowMaxF32, scaleF32 } from '../../src/recurrent/softmax-float32.ts';

describe('float32 softmax rows (JavaScript reference)', () => {
  const rng = new Random(5, 'softmax-float32');
  const row = (n: number) => {
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = 30 * (2 * rng.uniform() - 1);
    return x;
  };

  it('rowMaxF32 is the largest number (offset respected), −∞ for an empty row', () => {
    const x = row(10001);
    let max = -Infinity;
    for (let i = 3; i < x.length; i++) max = Math.max(max, x[i]);
    expect(rowMaxF32(x.length - 3, x, 3)).toBe(max);
    expect(rowMaxF32(0, x, 0)).toBe(-Infinity);
  });

  for (const n of [1, 6, 10001]) {
    it(`expShiftSumF32 over ${n} numbers: each e^{x − shift} within 2 float32 ulp, the sum within n·2^−23 relative of the exact sum`, () => {
      const x = row(n);
      const shift = rowMaxF32(n, x, 0);
      const y = new Float32Array(n);
      const sum = expShiftSumF32(n, x, 0, shift, y, 0);
      let exact = 0;
      for (let i = 0; i < n; i++) {
        const e = Math.exp(Math.fround(x[i] - shift));
        exact += e;
        expect(Math.abs(y[i] - e)).toBeLessThanOrEqual(2 * 2 ** (Math.floor(Math.log2(e)) - 23) + 1e-45);
      }
      expect(Math.fround(sum)).toBe(sum);
      // each of the n additions and exps errs by ≤ 2^−24 of a partial sum ≤ the exact sum
      expect(Math.abs(sum - exact) / exact).toBeLessThanOrEqual((n + 2) * 2 ** -23);
      expect(sum).toBeGreaterThanOrEqual(1 - 2 ** -22); // the largest term is e^0 = 1
    });
  }

  it('scaleF32 multiplies in float32', () => {
    const x = Float32Array.of(1, 3, -7, 0.1);
    scaleF32(2, x, 1, Math.fround(0.3));
    expect(Array.from(x)).toEqual([1, Math.fround(3 * Math.fround(0.3)), Math.fround(-7 * Math.fround(0.3)), Math.fround(0.1)]);
  });
});
