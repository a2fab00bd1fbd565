import { describe, expect, it } from 'vitest';
import { sequenceLoss } from '../../src/recurrent/losses.ts';

// two sequences, two steps, two outputs; time-major y: row (t, b)
const y = Float64Array.from([
  1, 2, // t0 b0
  0.5, -1, // t0 b1
  3, 0, // t1 b0
  -2, 2, // t1 b1
]);
const dY = new Float64Array(8);

describe('sequence losses by hand', () => {
  it('cross-entropy at the last valid step, mean over sequences', () => {
    // b0 has length 2 (row t1 b0 = [3, 0], target 1); b1 length 1 (row t0 b1 = [0.5, −1], target 0)
    const l = sequenceLoss(y, 2, 2, 2, Int32Array.from([2, 1]), { kind: 'cross-entropy', at: 'last', targets: Int32Array.from([1, 0]) }, dY);
    const ce = (a: number, b: number, k: number) => Math.log(Math.exp(a) + Math.exp(b)) - (k === 0 ? a : b);
    expect(l).toBeCloseTo((ce(3, 0, 1) + ce(0.5, -1, 0)) / 2, 14);
    const p = Math.exp(3) / (Math.exp(3) + 1);
    expect(dY[4]).toBeCloseTo(p / 2, 15);
    expect(dY[5]).toBeCloseTo((1 - p - 1) / 2, 15);
    expect(Array.from(dY.subarray(0, 2))).toEqual([0, 0]);
    expect(Array.from(dY.subarray(6, 8))).toEqual([0, 0]);
  });

  it('cross-entropy at every step skips negative targets', () => {
    const l = sequenceLoss(y, 2, 2, 2, null, { kind: 'cross-entropy', at: 'every', targets: Int32Array.from([0, -1, 1, 1]) }, dY);
    const ce = (a: number, b: number, k: number) => Math.log(Math.exp(a) + Math.exp(b)) - (k === 0 ? a : b);
    expect(l).toBeCloseTo((ce(1, 2, 0) + ce(0.5, -1, 1) + ce(-2, 2, 1)) / 3, 14);
    expect(Array.from(dY.subarray(4, 6))).toEqual([0, 0]);
  });

  it('weighted cross-entropy is Σ w·ℓ / Σ w over scored steps, its dY matches central differences, and unit weights give the mean', () => {
    const targets = Int32Array.from([0, -1, 1, 1]);
    const weights = Float64Array.from([2, 7, 1, 3]); // the 7 sits on a skipped target and must not count
    const spec = { kind: 'cross-entropy' as const, at: 'every' as const, targets, weights };
    const l = sequenceLoss(y, 2, 2, 2, null, spec, dY);
    const ce = (a: number, b: number, k: number) => Math.log(Math.exp(a) + Math.exp(b)) - (k === 0 ? a : b);
    // time-major rows: (t0,b0) [1,2], (t0,b1) [0.5,−1], (t1,b0) [3,0], (t1,b1) [−2,2]; targets batch-first
    expect(l).toBeCloseTo((2 * ce(1, 2, 0) + 1 * ce(0.5, -1, 1) + 3 * ce(-2, 2, 1)) / 6, 14);
    const analytic = Float64Array.from(dY);
    const scratch = new Float64Array(dY.length);
    const eps = 1e-6;
    for (let k = 0; k < y.length; k++) {
      const yp = Float64Array.from(y);
      yp[k] += eps;
      const up = sequenceLoss(yp, 2, 2, 2, null, spec, scratch);
      yp[k] -= 2 * eps;
      const down = sequenceLoss(yp, 2, 2, 2, null, spec, scratch);
      expect(analytic[k]).toBeCloseTo((up - down) / (2 * eps), 8);
    }
    const plain = sequenceLoss(y, 2, 2, 2, null, { kind: 'cross-entropy', at: 'every', targets }, dY);
    expect(sequenceLoss(y, 2, 2, 2, null, { ...spec, weights: new Float64Array(4).fill(1) }, scratch)).toBeCloseTo(plain, 15);
    expect(() => sequenceLoss(y, 2, 2, 2, null, { ...spec, weights: Float64Array.from([1, 1, -1, 1]) }, dY)).toThrow(/weight -1 at index 2/);
    expect(() => sequenceLoss(y, 2, 2, 2, null, { ...spec, weights: new Float64Array(3) }, dY)).toThrow(/need 4 entries/);
  });

  it('mse is the mean over scored steps and outputs; bce-with-logits is stable at large logits', () => {
    const targets = Float64Array.from([0, 1, 1, 1, 0, 0, 1, 0]); // batch-first (b, t, k)
    const l = sequenceLoss(y, 2, 2, 2, null, { kind: 'mse', at: 'every', targets }, dY);
    // rows: (b0,t0) [1,2]−[0,1], (b0,t1) [3,0]−[1,1], (b1,t0) [0.5,−1]−[0,0], (b1,t1) [−2,2]−[1,0]
    expect(l).toBeCloseTo((1 + 1 + 4 + 1 + 0.25 + 1 + 9 + 4) / 8, 14);
    expect(dY[0]).toBeCloseTo((2 * 1) / 8, 15);
    const big = Float64Array.from([800, -800]);
    const d = new Float64Array(2);
    const b = sequenceLoss(big, 1, 1, 2, null, { kind: 'bce-logits', at: 'last', targets: Float64Array.from([0, 0]) }, d);
    expect(b).toBeCloseTo(800 / 2, 10);
    expect(d[0]).toBeCloseTo(0.5, 15);
    const small = sequenceLoss(Float64Array.from([0.3]), 1, 1, 1, null, { kind: 'bce-logits', at: 'last', targets: Float64Array.from([0.25]) }, d);
    const s = 1 / (1 + Math.exp(-0.3));
    expect(small).toBeCloseTo(-(0.25 * Math.log(s) + 0.75 * Math.log(1 - s)), 14);
  });

  it('refuses targets of the wrong shape or class', () => {
    expect(() => sequenceLoss(y, 2, 2, 2, null, { kind: 'cross-entropy', at: 'every', targets: Int32Array.from([0, 1]) }, dY)).toThrow('needs 4 targets');
    expect(() => sequenceLoss(y, 2, 2, 2, null, { kind: 'cross-entropy', at: 'last', targets: Int32Array.from([0, 2]) }, dY)).toThrow('≥ output size');
  });
});
