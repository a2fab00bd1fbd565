/**
 * Row-major dense kernels shared by the similarity metrics: centring, cross products, scaling, and
 * conversion to and from ml-matrix for the decompositions (SVD, inverse) it does well. The matrix
 * type and the Frobenius norm are linalg/dense-matrix.ts's.
 */
import { Matrix } from 'ml-matrix';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';

/** X − 1·μᵀ with μ the column means. */
export function centreColumns(m: DenseMatrix): DenseMatrix {
  const { rows, cols, data } = m;
  const mean = new Float64Array(cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) mean[c] += data[r * cols + c];
  for (let c = 0; c < cols; c++) mean[c] /= rows;
  const out = new Float64Array(data.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[r * cols + c] = data[r * cols + c] - mean[c];
  return { rows, cols, data: out };
}

/** M / s. */
export function scaled(m: DenseMatrix, s: number): DenseMatrix {
  const out = new Float64Array(m.data.length);
  for (let j = 0; j < out.length; j++) out[j] = m.data[j] / s;
  return { rows: m.rows, cols: m.cols, data: out };
}

/** XᵀY for X (n × p), Y (n × q): a p × q matrix. */
export function crossProduct(x: DenseMatrix, y: DenseMatrix): DenseMatrix {
  const n = x.rows;
  const p = x.cols;
  const q = y.cols;
  const out = new Float64Array(p * q);
  for (let r = 0; r < n; r++) {
    const xo = r * p;
    const yo = r * q;
    for (let i = 0; i < p; i++) {
      const xi = x.data[xo + i];
      if (xi === 0) continue;
      const oo = i * q;
      for (let j = 0; j < q; j++) out[oo + j] += xi * y.data[yo + j];
    }
  }
  return { rows: p, cols: q, data: out };
}

export function toMl(m: DenseMatrix): Matrix {
  const out = new Matrix(m.rows, m.cols);
  for (let r = 0; r < m.rows; r++) for (let c = 0; c < m.cols; c++) out.set(r, c, m.data[r * m.cols + c]);
  return out;
}

export function fromMl(m: Matrix): DenseMatrix {
  const rows = m.rows;
  const cols = m.columns;
  const data = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) data[r * cols + c] = m.get(r, c);
  return { rows, cols, data };
}
