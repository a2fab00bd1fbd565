/**
 * Dense matrix–vector products on flat row-major arrays addressed by (array, offset), so a kernel
 * can read a weight matrix that lives inside a larger state vector without creating a view.
 *
 * Each row keeps four partial sums (column index mod 4), added as (s0 + s2) + (s1 + s3) before
 * the tail: the order of the two-lane SIMD kernel (assembly/kernels.ts), so both give the same
 * bits, and four independent sums let the CPU overlap the multiply–adds.
 */

/** Σ_j w[row + j]·x[xOff + j], j < cols, in the four-lane order above. */
export function rowDot(w: Float64Array, row: number, cols: number, x: Float64Array, xOff: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    s0 += w[row + j] * x[xOff + j];
    s1 += w[row + j + 1] * x[xOff + j + 1];
    s2 += w[row + j + 2] * x[xOff + j + 2];
    s3 += w[row + j + 3] * x[xOff + j + 3];
  }
  let t = s0 + s2 + (s1 + s3);
  for (; j < cols; j++) t += w[row + j] * x[xOff + j];
  return t;
}

/** out[outOff + i] = Σ_j W[wOff + i·cols + j] · x[xOff + j]. */
export function matVec(
  w: Float64Array,
  wOff: number,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff: number,
  out: Float64Array,
  outOff: number,
): void {
  for (let i = 0; i < rows; i++) out[outOff + i] = rowDot(w, wOff + i * cols, cols, x, xOff);
}

/** out[outOff + i] += Σ_j W[wOff + i·cols + j] · x[xOff + j]. */
export function matVecAdd(
  w: Float64Array,
  wOff: number,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff: number,
  out: Float64Array,
  outOff: number,
): void {
  for (let i = 0; i < rows; i++) out[outOff + i] += rowDot(w, wOff + i * cols, cols, x, xOff);
}
