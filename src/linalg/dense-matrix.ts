/**
 * A dense row-major rows × cols matrix on a flat Float64Array: the weights (post × pre) and the
 * analysis metrics' operands and results.
 */
export interface DenseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function zeroMatrix(rows: number, cols: number): DenseMatrix {
  return { rows, cols, data: new Float64Array(rows * cols) };
}

export function cloneMatrix(m: DenseMatrix): DenseMatrix {
  return { rows: m.rows, cols: m.cols, data: Float64Array.from(m.data) };
}

/** Rows as nested arrays, the experiment file's layout. */
export function matrixToRows(m: DenseMatrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

export function matrixFromRows(rows: readonly (readonly number[])[]): DenseMatrix {
  const r = rows.length;
  const c = r > 0 ? rows[0].length : 0;
  const data = new Float64Array(r * c);
  for (let i = 0; i < r; i++) data.set(rows[i], i * c);
  return { rows: r, cols: c, data };
}

/** Frobenius norm ‖M‖_F = √(Σ m_ij²) of a matrix's entries (or a vector's Euclidean norm), summed in index order. */
export function frobeniusNorm(data: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < data.length; i++) s += data[i] * data[i];
  return Math.sqrt(s);
}
