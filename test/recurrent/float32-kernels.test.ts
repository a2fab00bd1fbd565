import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import { LstmCell } from '../../src/recurrent/cells/lstm.ts';
import { SubLstmCell } from '../../src/recurrent/cells/sublstm.ts';
import {
  EXP_MAX_F32,
  EXP_MIN_F32,
  FLOAT32_GRADIENT_FLOOR,
  flushTinyF32,
  gateExpF32,
  gateSigmoidF32,
  gateTanhF32,
  gemmAccumulateF32,
  lstmBackwardF32,
  lstmForwardF32,
  subLstmBackwardF32,
  subLstmForwardF32,
} from '../../src/recurrent/float32-kernels.ts';

/** Float32 ulp of |y| (the spacing of float32 numbers at y). */
function ulp32(y: number): number {
  return 2 ** (Math.floor(Math.log2(Math.abs(y))) - 23);
}

describe('float32 kernels of the recurrent layers (JavaScript reference)', () => {
  const rng = new Random(8, 'float32-kernels');

  it('gateExpF32 is within 2 float32 ulp of e^x on [−87, 88.7], returns float32 numbers, and handles the edges', () => {
    const xs = new Float64Array(100000);
    rng.fillUniformSymmetric(xs, 0, 50000, 87);
    rng.fillUniformSymmetric(xs, 50000, 50000, 4);
    let worst = 0;
    let notFloat32 = 0;
    for (const x0 of xs) {
      const x = Math.fround(x0);
      const y = gateExpF32(x);
      if (Math.fround(y) !== y) notFloat32++;
      worst = Math.max(worst, Math.abs(y - Math.exp(x)) / ulp32(Math.exp(x)));
    }
    expect(notFloat32).toBe(0);
    expect(worst).toBeLessThanOrEqual(2);
    expect(gateExpF32(0)).toBe(1);
    expect(gateExpF32(EXP_MIN_F32 - 0.01)).toBe(0);
    expect(gateExpF32(-Infinity)).toBe(0);
    expect(gateExpF32(EXP_MAX_F32 + 0.01)).toBe(Infinity);
    expect(Number.isFinite(gateExpF32(EXP_MAX_F32))).toBe(true);
    expect(gateExpF32(NaN)).toBeNaN();
  });

  it('flushTinyF32 rounds to float32 and sets magnitudes below 2^−100 to +0, keeping the floor itself and the sign above it', () => {
    expect(FLOAT32_GRADIENT_FLOOR).toBe(2 ** -100);
    expect(flushTinyF32(0.1)).toBe(Math.fround(0.1));
    expect(flushTinyF32(2 ** -100)).toBe(2 ** -100);
    expect(flushTinyF32(-(2 ** -100))).toBe(-(2 ** -100));
    expect(Object.is(flushTinyF32(-(2 ** -101)), 0)).toBe(true);
    expect(flushTinyF32(2 ** -127)).toBe(0);
    // just under the floor in float64, but rounds up to it in float32: kept
    expect(flushTinyF32(2 ** -100 * (1 - 2 ** -30))).toBe(2 ** -100);
  });

  it('gateSigmoidF32 and gateTanhF32 agree with the exact functions to 2.5e−7 absolute (a few float32 ulp of 1)', () => {
    let worst = 0;
    for (let k = 0; k < 20000; k++) {
      const x = Math.fround(-20 + (40 * k) / 20000);
      worst = Math.max(worst, Math.abs(gateSigmoidF32(x) - 1 / (1 + Math.exp(-x))), Math.abs(gateTanhF32(x) - Math.tanh(x)));
    }
    expect(worst).toBeLessThan(2.5e-7);
    expect(gateTanhF32(-3)).toBe(-gateTanhF32(3));
  });

  it('gemmAccumulateF32 computes C += A·B and C += Aᵀ·B within float32 rounding of the float64 triple loop (odd k, offsets)', () => {
    const [m, n, k] = [7, 9, 13];
    const a = new Float32Array(2 + m * (k + 1));
    const b = new Float32Array(k * n);
    const c = new Float32Array(1 + m * n);
    for (const x of [a, b, c]) for (let i = 0; i < x.length; i++) x[i] = rng.uniform() * 2 - 1;
    const c0 = Float64Array.from(c);
    gemmAccumulateF32(m, n, k, a, 2, k + 1, 1, b, 0, n, c, 1, n);
    // Aᵀ: the same numbers read as a k × m matrix with leading dimension m
    const at = new Float32Array(k * m);
    for (let i = 0; i < m; i++) for (let q = 0; q < k; q++) at[q * m + i] = a[2 + i * (k + 1) + q];
    const ct = Float32Array.from(c0.subarray(1));
    gemmAccumulateF32(m, n, k, at, 0, 1, m, b, 0, n, ct, 0, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = c0[1 + i * n + j];
        let mag = Math.abs(s);
        for (let q = 0; q < k; q++) {
          s += a[2 + i * (k + 1) + q] * b[q * n + j];
          mag += Math.abs(a[2 + i * (k + 1) + q] * b[q * n + j]);
        }
        // each of the ≤ 2k + 1 float32 roundings errs by ≤ 2^−24 of a partial sum ≤ mag
        expect(Math.abs(c[1 + i * n + j] - s)).toBeLessThanOrEqual((2 * k + 1) * 2 ** -24 * mag);
        expect(ct[i * n + j]).toBe(c[1 + i * n + j]);
      }
    }
  });

  for (const [name, cell, forward, backward] of [
    ['lstm', new LstmCell(6), lstmForwardF32, lstmBackwardF32],
    ['sublstm', new SubLstmCell(6), subLstmForwardF32, subLstmBackwardF32],
  ] as const) {
    it(`${name}: the float32 forward and backward steps agree with the float64 cell to 2e−6`, () => {
      const [rows, h] = [3, 6];
      const a32 = new Float32Array(rows * 4 * h);
      const s32 = new Float32Array(rows * 2 * h);
      const d32 = new Float32Array(rows * 2 * h);
      for (let i = 0; i < a32.length; i++) a32[i] = 4 * rng.uniform() - 2;
      for (let i = 0; i < s32.length; i++) s32[i] = 2 * rng.uniform() - 1;
      for (let i = 0; i < d32.length; i++) d32[i] = 2 * rng.uniform() - 1;
      const [a64, s64, d64] = [a32, s32, d32].map((x) => Float64Array.from(x));
      const next32 = new Float32Array(rows * 2 * h);
      const cache32 = new Float32Array(rows * 5 * h);
      const next64 = new Float64Array(rows * 2 * h);
      const cache64 = new Float64Array(rows * 5 * h);
      forward(rows, h, a32, 0, s32, 0, next32, 0, cache32, 0);
      cell.forward(rows, a64, 0, a64, 0, s64, 0, next64, 0, cache64, 0);
      const dA32 = new Float32Array(rows * 4 * h);
      const dP32 = new Float32Array(rows * 2 * h);
      const dA64 = new Float64Array(rows * 4 * h);
      const dP64 = new Float64Array(rows * 2 * h);
      backward(rows, h, d32, 0, cache32, 0, s32, 0, dA32, 0, dP32, 0);
      cell.backward(rows, d64, 0, cache64, 0, s64, 0, a64, 0, dA64, 0, dA64, 0, dP64, 0);
      for (const [x, y] of [[next32, next64], [cache32, cache64], [dA32, dA64], [dP32, dP64]] as const) {
        for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i])).toBeLessThan(2e-6);
      }
      expect(dA64.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    });
  }
});
