/**
 * out[j] = Σ_i W[i, j]·x[xOff + i] for j < n, with W rows × cols row-major and n ≤ cols (the
 * columns from n on, e.g. a bias column, are left out). Runs along W's rows, so memory is read in
 * order.
 */
export function transposedMatVec(w: Float64Array, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, n: number): void {
  out.fill(0, 0, n);
  for (let i = 0; i < rows; i++) {
    const xi = x[xOff + i];
    if (xi === 0) continue;
    const row = i * cols;
    for (let j = 0; j < n; j++) out[j] += xi * w[row + j];
  }
}

/**
 * transposedMatVec for a mini-batch: out[s·n + j] = Σ_i W[i, j]·x[s·rows + i] for j < n, s < batch
 * (x and out row-major, one sample per row). W's rows outermost, so each is read from memory once
 * per batch; every element sums over i in order, skipping zero x, so the result is bit for bit that
 * of transposedMatVec per sample.
 */
export function batchTransposedMatVec(w: Float64Array, rows: number, cols: number, x: Float64Array, batch: number, out: Float64Array, n: number): void {
  out.fill(0, 0, batch * n);
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    for (let s = 0; s < batch; s++) {
      const xi = x[s * rows + i];
      if (xi === 0) continue;
      const o = s * n;
      for (let j = 0; j < n; j++) out[o + j] += xi * w[row + j];
    }
  }
}
