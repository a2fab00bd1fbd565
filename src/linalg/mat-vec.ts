/**
 * Dense matrix–vector products on flat row-major arrays addressed by (array, offset), so a kernel
 * can read a weight matrix that lives inside a larger state vector without creating a view.
 */

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
  for (let i = 0; i < rows; i++) {
    const row = wOff + i * cols;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    // Two accumulators let the CPU overlap consecutive multiply–adds.
    for (; j + 1 < cols; j += 2) {
      s0 += w[row + j] * x[xOff + j];
      s1 += w[row + j + 1] * x[xOff + j + 1];
    }
    if (j < cols) s0 += w[row + j] * x[xOff + j];
    out[outOff + i] = s0 + s1;
  }
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
  for (let i = 0; i < rows; i++) {
    const row = wOff + i * cols;
    let s0 = 0;
    let s1 = 0;
    let j = 0;
    for (; j + 1 < cols; j += 2) {
      s0 += w[row + j] * x[xOff + j];
      s1 += w[row + j + 1] * x[xOff + j + 1];
    }
    if (j < cols) s0 += w[row + j] * x[xOff + j];
    out[outOff + i] += s0 + s1;
  }
}
