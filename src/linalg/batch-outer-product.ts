import type { SparseRows } from './sparse-rows.ts';

/**
 * Rows from…to−1 of the mini-batch sum of outer products G = scale·Σ_s a_s·p_sᵀ (G: rows × cols;
 * a_s: row s of `a`, B × rows; p_s: row s of `p`, B × cols), written over `g` with row i at
 * (i − from)·cols. A block of rows at a time lets the caller use each block (an optimizer step)
 * while it is still in L1, so the whole of G is never written to memory.
 *
 * Each element is 0 + (four samples' terms) + (the next four) + … + the last samples one by one,
 * in sample order. Two rows of G per sweep share the loads of p, four samples per sweep cut the
 * loads and stores of G, and the last two samples share one sweep as ((g + t_s) + t_{s+1}).
 */
export function batchOuterProduct(g: Float64Array, rows: number, cols: number, a: Float64Array, p: Float64Array, batch: number, scale: number, from: number, to: number): void {
  let i = from;
  for (; i + 1 < to; i += 2) {
    const r0 = (i - from) * cols;
    const r1 = r0 + cols;
    g.fill(0, r0, r1 + cols);
    let s = 0;
    for (; s + 3 < batch; s += 4) {
      const a0 = s * rows + i;
      const a1 = a0 + rows;
      const a2 = a1 + rows;
      const a3 = a2 + rows;
      // c: row i, d: row i + 1
      const c0 = scale * a[a0];
      const c1 = scale * a[a1];
      const c2 = scale * a[a2];
      const c3 = scale * a[a3];
      const d0 = scale * a[a0 + 1];
      const d1 = scale * a[a1 + 1];
      const d2 = scale * a[a2 + 1];
      const d3 = scale * a[a3 + 1];
      const p0 = s * cols;
      const p1 = p0 + cols;
      const p2 = p1 + cols;
      const p3 = p2 + cols;
      for (let j = 0; j < cols; j++) {
        const x0 = p[p0 + j];
        const x1 = p[p1 + j];
        const x2 = p[p2 + j];
        const x3 = p[p3 + j];
        g[r0 + j] += c0 * x0 + c1 * x1 + c2 * x2 + c3 * x3;
        g[r1 + j] += d0 * x0 + d1 * x1 + d2 * x2 + d3 * x3;
      }
    }
    for (; s + 1 < batch; s += 2) {
      const a0 = s * rows + i;
      const a1 = a0 + rows;
      const c0 = scale * a[a0];
      const c1 = scale * a[a1];
      const d0 = scale * a[a0 + 1];
      const d1 = scale * a[a1 + 1];
      const p0 = s * cols;
      const p1 = p0 + cols;
      for (let j = 0; j < cols; j++) {
        const x0 = p[p0 + j];
        const x1 = p[p1 + j];
        g[r0 + j] = g[r0 + j] + c0 * x0 + c1 * x1;
        g[r1 + j] = g[r1 + j] + d0 * x0 + d1 * x1;
      }
    }
    if (s < batch) {
      const c0 = scale * a[s * rows + i];
      const d0 = scale * a[s * rows + i + 1];
      const p0 = s * cols;
      for (let j = 0; j < cols; j++) {
        const x0 = p[p0 + j];
        g[r0 + j] += c0 * x0;
        g[r1 + j] += d0 * x0;
      }
    }
  }
  if (i < to) {
    // the last row of an odd block, in the same order
    const row = (i - from) * cols;
    g.fill(0, row, row + cols);
    let s = 0;
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
export function batchOuterProductSparse(g: Float64Array, rows: number, cols: number, a: Float64Array, p: SparseRows, batch: number, scale: number, from: number, to: number): void {
  const idx = p.index;
  const val = p.value;
  g.fill(0, 0, (to - from) * cols);
  let i = from;
  for (; i + 3 < to; i += 4) {
    const r0 = (i - from) * cols;
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
  for (; i < to; i++) {
    const row = (i - from) * cols;
    for (let s = 0; s < batch; s++) {
      const c = scale * a[s * rows + i];
      const base = s * p.width;
      const end = base + p.count[s];
      for (let t = base; t < end; t++) g[row + idx[t]] += c * val[t];
    }
  }
}
