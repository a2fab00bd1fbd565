import type { SparseRows } from './sparse-rows.ts';

/**
 * Sums of outer products over a mini-batch, G = scale·Σ_s a_s·p_sᵀ (G: rows × cols, row-major;
 * a_s: row s of `a`, B × rows; p_s: row s of `p`, B × cols), written over G. The loop runs row by
 * row over all samples, so each row of G stays in cache while the batch is added into it, and G
 * is written once per batch instead of once per sample.
 */
export function batchOuterProduct(g: Float64Array, rows: number, cols: number, a: Float64Array, p: Float64Array, batch: number, scale: number): void {
  for (let i = 0; i < rows; i++) {
    const row = i * cols;
    g.fill(0, row, row + cols);
    let s = 0;
    // Four samples per sweep cut the loads and stores of G to a quarter.
    for (; s + 3 < batch; s += 4) {
      const c0 = scale * a[s * rows + i];
      const c1 = scale * a[(s + 1) * rows + i];
      const c2 = scale * a[(s + 2) * rows + i];
      const c3 = scale * a[(s + 3) * rows + i];
      const p0 = s * cols;
      const p1 = p0 + cols;
      const p2 = p1 + cols;
      const p3 = p2 + cols;
      for (let j = 0; j < cols; j++) g[row + j] += c0 * p[p0 + j] + c1 * p[p1 + j] + c2 * p[p2 + j] + c3 * p[p3 + j];
    }
    for (; s < batch; s++) {
      const c0 = scale * a[s * rows + i];
      const p0 = s * cols;
      for (let j = 0; j < cols; j++) g[row + j] += c0 * p[p0 + j];
    }
  }
}

/**
 * The same with sparse pre-synaptic rows: only the columns of stored entries receive anything.
 * Four rows of G at a time, so each stored index and value is loaded once per four rows.
 */
export function batchOuterProductSparse(g: Float64Array, rows: number, cols: number, a: Float64Array, p: SparseRows, batch: number, scale: number): void {
  const idx = p.index;
  const val = p.value;
  g.fill(0, 0, rows * cols);
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = i * cols;
    const r1 = r0 + cols;
    const r2 = r1 + cols;
    const r3 = r2 + cols;
    for (let s = 0; s < batch; s++) {
      const c0 = scale * a[s * rows + i];
      const c1 = scale * a[s * rows + i + 1];
      const c2 = scale * a[s * rows + i + 2];
      const c3 = scale * a[s * rows + i + 3];
      const base = s * p.width;
      const end = base + p.count[s];
      for (let t = base; t < end; t++) {
        const j = idx[t];
        const v = val[t];
        g[r0 + j] += c0 * v;
        g[r1 + j] += c1 * v;
        g[r2 + j] += c2 * v;
        g[r3 + j] += c3 * v;
      }
    }
  }
  for (; i < rows; i++) {
    const row = i * cols;
    for (let s = 0; s < batch; s++) {
      const c = scale * a[s * rows + i];
      const base = s * p.width;
      const end = base + p.count[s];
      for (let t = base; t < end; t++) g[row + idx[t]] += c * val[t];
    }
  }
}
