/**
 * The float32 softmax rows of the readout's `precision: 'float32'` path (readout-float32.ts), in
 * plain JavaScript: the reference and bit-identical twins of rowMaxF32, expShiftSumF32 and scaleF32
 * of assembly/recurrent-kernels.ts. Every operation is the double operation rounded by Math.fround
 * (exact float32 arithmetic, see float32-kernels.ts), in the kernels' order. No function allocates.
 */
import { gateExpF32 } from './float32-kernels.ts';

const fr = Math.fround;

/** The largest of x[off … off + n − 1] (NaN if any is NaN, as f32x4.max; −∞ for n = 0). */
export function rowMaxF32(n: number, x: Float32Array, off: number): number {
  let m = -Infinity;
  for (let j = 0; j < n; j++) m = Math.max(m, x[off + j]);
  return m;
}

/**
 * y[j] = e^{x[j] − shift} (float32, gateExpF32) for j < n, and returns their float32 sum in the
 * kernel's order: four lane sums over j = 0, 4, 8, … (lane l takes j ≡ l mod 4 below n rounded down
 * to 4), combined as (s0 + s1) + (s2 + s3), then the remaining j in order.
 */
export function expShiftSumF32(n: number, x: Float32Array, xOff: number, shift: number, y: Float32Array, yOff: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const e0 = gateExpF32(fr(x[xOff + j] - shift));
    const e1 = gateExpF32(fr(x[xOff + j + 1] - shift));
    const e2 = gateExpF32(fr(x[xOff + j + 2] - shift));
    const e3 = gateExpF32(fr(x[xOff + j + 3] - shift));
    y[yOff + j] = e0;
    y[yOff + j + 1] = e1;
    y[yOff + j + 2] = e2;
    y[yOff + j + 3] = e3;
    s0 = fr(s0 + e0);
    s1 = fr(s1 + e1);
    s2 = fr(s2 + e2);
    s3 = fr(s3 + e3);
  }
  let s = fr(fr(s0 + s1) + fr(s2 + s3));
  for (; j < n; j++) {
    const e = gateExpF32(fr(x[xOff + j] - shift));
    y[yOff + j] = e;
    s = fr(s + e);
  }
  return s;
}

/** x[j] ← x[j]·factor (float32) for j < n. */
export function scaleF32(n: number, x: Float32Array, off: number, factor: number): void {
  for (let j = 0; j < n; j++) x[off + j] *= factor;
}
