import { describe, expect, it } from 'vitest';
import { batchOuterProduct, batchOuterProductSparse } from '../../src/linalg/batch-outer-product.ts';
import { SparseRows, sparseBatchMatVec } from '../../src/linalg/sparse-rows.ts';
import { transposedMatVec } from '../../src/linalg/transposed-mat-vec.ts';
import { Random } from '../../src/random/random.ts';

const rng = new Random(1, 'kernels');
const uniform = (n: number) => Float64Array.from({ length: n }, () => rng.uniform() * 2 - 1);
/** Inputs with about half the entries zero, like image pixels. */
const sparse = (n: number) => Float64Array.from({ length: n }, () => (rng.uniform() < 0.5 ? 0 : rng.uniform()));

describe('batched and sparse kernels equal plain loops (rel. 1e-13)', () => {
  const rows = 7;
  const n = 8;
  const cols = n + 1;
  const batch = 6;
  const w = uniform(rows * cols);
  const x = sparse(batch * n);
  const rowsOf = new SparseRows(batch, cols);
  for (let s = 0; s < batch; s++) rowsOf.set(s, x, s * n, n, true);
  const dense = (s: number, j: number) => (j === n ? 1 : x[s * n + j]);

  it('SparseRows keeps the non-zeros and the bias entry; sparseBatchMatVec (4-row blocks and the remainder)', () => {
    const out = new Float64Array(2 + batch * rows);
    sparseBatchMatVec(w, rows, cols, rowsOf, batch, out, 2);
    for (let s = 0; s < batch; s++) {
      let nonZero = 1;
      for (let j = 0; j < n; j++) if (x[s * n + j] !== 0) nonZero++;
      expect(rowsOf.count[s]).toBe(nonZero);
      for (let i = 0; i < rows; i++) {
        // the non-zeros in column order: exactly the kernel's sum
        let exact = 0;
        let ref = 0;
        for (let j = 0; j < cols; j++) {
          if (dense(s, j) !== 0) exact += w[i * cols + j] * dense(s, j);
          ref += w[i * cols + j] * dense(s, j);
        }
        expect(out[2 + s * rows + i]).toBe(exact);
        expect(out[2 + s * rows + i]).toBeCloseTo(ref, 13);
      }
    }
  });

  it('batchOuterProduct sums in its documented order, bit for bit, for every batch size 1–9 and odd row ranges', () => {
    // 0 + (t_0 + t_1 + t_2 + t_3) + (t_4 + … + t_7) + … then the remaining samples one by one, t_s = (scale·a_s,i)·p_s,j
    const reference = (a: Float64Array, p: Float64Array, nb: number, i: number, j: number, scale: number): number => {
      const t = (s: number) => scale * a[s * rows + i] * p[s * cols + j];
      let g = 0;
      let s = 0;
      for (; s + 3 < nb; s += 4) g += t(s) + t(s + 1) + t(s + 2) + t(s + 3);
      for (; s < nb; s++) g = g + t(s);
      return g;
    };
    for (let nb = 1; nb <= 9; nb++) {
      const a = uniform(nb * rows);
      const p = uniform(nb * cols);
      for (const [from, to] of [
        [0, rows],
        [1, 6],
        [6, 7],
      ]) {
        const g = uniform(rows * cols);
        batchOuterProduct(g, rows, cols, a, p, nb, 0.3, from, to);
        for (let i = from; i < to; i++) for (let j = 0; j < cols; j++) expect(g[(i - from) * cols + j]).toBe(reference(a, p, nb, i, j, 0.3));
      }
    }
  });

  it('batchOuterProduct and batchOuterProductSparse write rows from…to−1 of scale·Σ_s a_s·p_sᵀ over g', () => {
    const a = uniform(batch * rows);
    const p = Float64Array.from({ length: batch * cols }, (_, k) => dense(Math.floor(k / cols), k % cols));
    for (const [from, to] of [
      [0, rows],
      [1, 6],
      [5, 7],
    ]) {
      const g1 = uniform(rows * cols);
      const g2 = uniform(rows * cols);
      batchOuterProduct(g1, rows, cols, a, p, batch, 0.3, from, to);
      batchOuterProductSparse(g2, rows, cols, a, rowsOf, batch, 0.3, from, to);
      for (let i = from; i < to; i++) {
        for (let j = 0; j < cols; j++) {
          let ref = 0;
          for (let s = 0; s < batch; s++) ref += 0.3 * a[s * rows + i] * p[s * cols + j];
          expect(g1[(i - from) * cols + j]).toBeCloseTo(ref, 13);
          expect(g2[(i - from) * cols + j]).toBeCloseTo(ref, 13);
        }
      }
    }
  });

  it('transposedMatVec leaves out the columns from n on', () => {
    const v = uniform(rows);
    const out = new Float64Array(n);
    transposedMatVec(w, rows, cols, v, 0, out, n);
    for (let j = 0; j < n; j++) {
      let ref = 0;
      for (let i = 0; i < rows; i++) ref += w[i * cols + j] * v[i];
      expect(out[j]).toBeCloseTo(ref, 13);
    }
  });
});
