import { rowDot } from './mat-vec.ts';

/**
 * Y = X·Wᵀ for a mini-batch: out[outOff + s·rows + i] = Σ_j W[i, j]·x[xOff + s·cols + j] for
 * s < batch (W: rows × cols, row-major; X and Y row-major, one sample per row), or += with `add`.
 *
 * The loop runs over pairs of W's rows outermost and pairs of samples inside, four dot products
 * per sweep over the two rows: each W row is read from memory once per batch and from L1 once per
 * sample pair, instead of streamed once per sample as with a mat-vec per sample. Every (row,
 * sample) keeps rowDot's four partial sums and their order, so the result is bit for bit that of
 * matVec / matVecAdd per sample.
 */
export function batchMatVec(
  w: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff: number,
  batch: number,
  out: Float64Array,
  outOff: number,
  add: boolean,
): void {
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const r0 = i * cols;
    let s = 0;
    for (; s + 1 < batch; s += 2) block2x2(w, r0, cols, x, xOff + s * cols, out, outOff + s * rows + i, rows, add);
    for (; s < batch; s++) {
      const o = outOff + s * rows + i;
      const x0 = xOff + s * cols;
      const t0 = rowDot(w, r0, cols, x, x0);
      const t1 = rowDot(w, r0 + cols, cols, x, x0);
      out[o] = add ? out[o] + t0 : t0;
      out[o + 1] = add ? out[o + 1] + t1 : t1;
    }
  }
  for (; i < rows; i++) {
    for (let s = 0; s < batch; s++) {
      const o = outOff + s * rows + i;
      const t = rowDot(w, i * cols, cols, x, xOff + s * cols);
      out[o] = add ? out[o] + t : t;
    }
  }
}

/** Rows r0, r0 + cols of W times samples x0, x0 + cols, into out[o], out[o + 1] and the same one sample row (`stride`) later. */
function block2x2(w: Float64Array, r0: number, cols: number, x: Float64Array, x0: number, out: Float64Array, o: number, stride: number, add: boolean): void {
  const r1 = r0 + cols;
  const x1 = x0 + cols;
  // a: row 0 · sample 0, b: row 0 · sample 1, c: row 1 · sample 0, d: row 1 · sample 1; lanes j mod 4
  let a0 = 0, a1 = 0, a2 = 0, a3 = 0, b0 = 0, b1 = 0, b2 = 0, b3 = 0;
  let c0 = 0, c1 = 0, c2 = 0, c3 = 0, d0 = 0, d1 = 0, d2 = 0, d3 = 0;
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const p0 = x[x0 + j];
    const p1 = x[x0 + j + 1];
    const p2 = x[x0 + j + 2];
    const p3 = x[x0 + j + 3];
    const q0 = x[x1 + j];
    const q1 = x[x1 + j + 1];
    const q2 = x[x1 + j + 2];
    const q3 = x[x1 + j + 3];
    const v0 = w[r0 + j];
    const v1 = w[r0 + j + 1];
    const v2 = w[r0 + j + 2];
    const v3 = w[r0 + j + 3];
    a0 += v0 * p0;
    a1 += v1 * p1;
    a2 += v2 * p2;
    a3 += v3 * p3;
    b0 += v0 * q0;
    b1 += v1 * q1;
    b2 += v2 * q2;
    b3 += v3 * q3;
    const u0 = w[r1 + j];
    const u1 = w[r1 + j + 1];
    const u2 = w[r1 + j + 2];
    const u3 = w[r1 + j + 3];
    c0 += u0 * p0;
    c1 += u1 * p1;
    c2 += u2 * p2;
    c3 += u3 * p3;
    d0 += u0 * q0;
    d1 += u1 * q1;
    d2 += u2 * q2;
    d3 += u3 * q3;
  }
  let ta = a0 + a2 + (a1 + a3);
  let tb = b0 + b2 + (b1 + b3);
  let tc = c0 + c2 + (c1 + c3);
  let td = d0 + d2 + (d1 + d3);
  for (; j < cols; j++) {
    ta += w[r0 + j] * x[x0 + j];
    tb += w[r0 + j] * x[x1 + j];
    tc += w[r1 + j] * x[x0 + j];
    td += w[r1 + j] * x[x1 + j];
  }
  const o1 = o + stride;
  out[o] = add ? out[o] + ta : ta;
  out[o + 1] = add ? out[o + 1] + tc : tc;
  out[o1] = add ? out[o1] + tb : tb;
  out[o1 + 1] = add ? out[o1 + 1] + td : td;
}
