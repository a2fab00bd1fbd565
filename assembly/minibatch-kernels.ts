// WebAssembly SIMD kernels of the mini-batch trainers (the steady-state microcircuit and the
// feed-forward baselines), in AssemblyScript, compiled by `npm run build:kernels` into
// build/minibatch-kernels.wasm. Every pointer is a byte address in the memory the JavaScript side
// creates and imports (src/kernels/minibatch-memory.ts).
//
// Each kernel does, for every element of its result, exactly the floating-point operations of its
// plain-JavaScript twin in src/linalg/ (named at each kernel), in the same order, so the two give
// bit-identical results: SIMD runs across independent elements (pairs of columns, or the lanes
// j mod 4 that rowDot keeps apart anyway), never across one element's sum.

// @ts-ignore: decorator
@inline
function f(p: usize, j: i32): f64 {
  return load<f64>(p + (<usize>j << 3));
}

/**
 * Y (=|+=) X·Wᵀ for a mini-batch, the twin of batchMatVec (src/linalg/batch-mat-vec.ts):
 * out[s·rows + i] = Σ_j W[i, j]·x[s·cols + j] for s < batch, each in rowDot's order (partial sums
 * s0…s3 by j mod 4 in two f64x2 accumulators, then (s0 + s2) + (s1 + s3), then the tail in order).
 * Two rows of W and three (or two) samples per sweep: six (four) dot products share every load.
 */
export function batchMatVec(w: usize, rows: i32, cols: i32, x: usize, batch: i32, out: usize, add: i32): void {
  const rowBytes = <usize>cols << 3;
  const outStride = <usize>rows << 3;
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const r0 = w + <usize>i * rowBytes;
    let s = 0;
    // threes while that leaves no single sample (a 2 × 3 block shares each W load among three
    // samples), then pairs
    for (; s + 2 < batch && batch - s !== 4; s += 3) {
      const x0 = x + <usize>s * rowBytes;
      block2x3(r0, rowBytes, cols, x0, out + <usize>s * outStride + (<usize>i << 3), outStride, add);
    }
    for (; s + 1 < batch; s += 2) {
      const x0 = x + <usize>s * rowBytes;
      block2x2(r0, rowBytes, cols, x0, out + <usize>s * outStride + (<usize>i << 3), outStride, add);
    }
    for (; s < batch; s++) {
      const x0 = x + <usize>s * rowBytes;
      const o = out + <usize>s * outStride + (<usize>i << 3);
      const t0 = rowDot(r0, cols, x0);
      const t1 = rowDot(r0 + rowBytes, cols, x0);
      store<f64>(o, add ? load<f64>(o) + t0 : t0);
      store<f64>(o, add ? load<f64>(o, 8) + t1 : t1, 8);
    }
  }
  for (; i < rows; i++) {
    const r0 = w + <usize>i * rowBytes;
    for (let s = 0; s < batch; s++) {
      const o = out + <usize>s * outStride + (<usize>i << 3);
      const t = rowDot(r0, cols, x + <usize>s * rowBytes);
      store<f64>(o, add ? load<f64>(o) + t : t);
    }
  }
}

// @ts-ignore: decorator
@inline
function rowDot(row: usize, cols: i32, x: usize): f64 {
  let acc0 = f64x2.splat(0);
  let acc1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const o = <usize>j << 3;
    acc0 = f64x2.add(acc0, f64x2.mul(v128.load(row + o), v128.load(x + o)));
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o, 16), v128.load(x + o, 16)));
  }
  const s = f64x2.add(acc0, acc1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < cols; j++) t += f(row, j) * f(x, j);
  return t;
}

/** Rows r0, r0 + one row of W times samples x0, x0 + one row, into out (row i, i + 1) and out + stride. */
// @ts-ignore: decorator
@inline
function block2x2(r0: usize, rowBytes: usize, cols: i32, x0: usize, o: usize, stride: usize, add: i32): void {
  const r1 = r0 + rowBytes;
  const x1 = x0 + rowBytes;
  // a: row 0 · sample 0, b: row 0 · sample 1, c: row 1 · sample 0, d: row 1 · sample 1
  let a0 = f64x2.splat(0), a1 = f64x2.splat(0), b0 = f64x2.splat(0), b1 = f64x2.splat(0);
  let c0 = f64x2.splat(0), c1 = f64x2.splat(0), d0 = f64x2.splat(0), d1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const q = <usize>j << 3;
    const p0 = v128.load(x0 + q);
    const p1 = v128.load(x0 + q, 16);
    const q0 = v128.load(x1 + q);
    const q1 = v128.load(x1 + q, 16);
    const v0 = v128.load(r0 + q);
    const v1 = v128.load(r0 + q, 16);
    a0 = f64x2.add(a0, f64x2.mul(v0, p0));
    a1 = f64x2.add(a1, f64x2.mul(v1, p1));
    b0 = f64x2.add(b0, f64x2.mul(v0, q0));
    b1 = f64x2.add(b1, f64x2.mul(v1, q1));
    const u0 = v128.load(r1 + q);
    const u1 = v128.load(r1 + q, 16);
    c0 = f64x2.add(c0, f64x2.mul(u0, p0));
    c1 = f64x2.add(c1, f64x2.mul(u1, p1));
    d0 = f64x2.add(d0, f64x2.mul(u0, q0));
    d1 = f64x2.add(d1, f64x2.mul(u1, q1));
  }
  const sa = f64x2.add(a0, a1);
  const sb = f64x2.add(b0, b1);
  const sc = f64x2.add(c0, c1);
  const sd = f64x2.add(d0, d1);
  let ta = f64x2.extract_lane(sa, 0) + f64x2.extract_lane(sa, 1);
  let tb = f64x2.extract_lane(sb, 0) + f64x2.extract_lane(sb, 1);
  let tc = f64x2.extract_lane(sc, 0) + f64x2.extract_lane(sc, 1);
  let td = f64x2.extract_lane(sd, 0) + f64x2.extract_lane(sd, 1);
  for (; j < cols; j++) {
    const w0 = f(r0, j);
    const w1 = f(r1, j);
    const p = f(x0, j);
    const q = f(x1, j);
    ta += w0 * p;
    tb += w0 * q;
    tc += w1 * p;
    td += w1 * q;
  }
  const o1 = o + stride;
  store<f64>(o, add ? load<f64>(o) + ta : ta);
  store<f64>(o, add ? load<f64>(o, 8) + tc : tc, 8);
  store<f64>(o1, add ? load<f64>(o1) + tb : tb);
  store<f64>(o1, add ? load<f64>(o1, 8) + td : td, 8);
}

/** Rows r0, r0 + one row of W times samples x0, x0 + one row, x0 + two rows, into out (row i, i + 1), out + stride, out + 2·stride. */
// @ts-ignore: decorator
@inline
function block2x3(r0: usize, rowBytes: usize, cols: i32, x0: usize, o: usize, stride: usize, add: i32): void {
  const r1 = r0 + rowBytes;
  const x1 = x0 + rowBytes;
  const x2 = x1 + rowBytes;
  // a·: row 0, c·: row 1; index: sample 0, 1, 2; each dot in two accumulators (lanes j mod 4)
  let a00 = f64x2.splat(0), a01 = f64x2.splat(0), a10 = f64x2.splat(0), a11 = f64x2.splat(0), a20 = f64x2.splat(0), a21 = f64x2.splat(0);
  let c00 = f64x2.splat(0), c01 = f64x2.splat(0), c10 = f64x2.splat(0), c11 = f64x2.splat(0), c20 = f64x2.splat(0), c21 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const q = <usize>j << 3;
    const v0 = v128.load(r0 + q);
    const v1 = v128.load(r0 + q, 16);
    const u0 = v128.load(r1 + q);
    const u1 = v128.load(r1 + q, 16);
    let p0 = v128.load(x0 + q);
    let p1 = v128.load(x0 + q, 16);
    a00 = f64x2.add(a00, f64x2.mul(v0, p0));
    a01 = f64x2.add(a01, f64x2.mul(v1, p1));
    c00 = f64x2.add(c00, f64x2.mul(u0, p0));
    c01 = f64x2.add(c01, f64x2.mul(u1, p1));
    p0 = v128.load(x1 + q);
    p1 = v128.load(x1 + q, 16);
    a10 = f64x2.add(a10, f64x2.mul(v0, p0));
    a11 = f64x2.add(a11, f64x2.mul(v1, p1));
    c10 = f64x2.add(c10, f64x2.mul(u0, p0));
    c11 = f64x2.add(c11, f64x2.mul(u1, p1));
    p0 = v128.load(x2 + q);
    p1 = v128.load(x2 + q, 16);
    a20 = f64x2.add(a20, f64x2.mul(v0, p0));
    a21 = f64x2.add(a21, f64x2.mul(v1, p1));
    c20 = f64x2.add(c20, f64x2.mul(u0, p0));
    c21 = f64x2.add(c21, f64x2.mul(u1, p1));
  }
  const sa0 = f64x2.add(a00, a01), sa1 = f64x2.add(a10, a11), sa2 = f64x2.add(a20, a21);
  const sc0 = f64x2.add(c00, c01), sc1 = f64x2.add(c10, c11), sc2 = f64x2.add(c20, c21);
  let ta0 = f64x2.extract_lane(sa0, 0) + f64x2.extract_lane(sa0, 1);
  let ta1 = f64x2.extract_lane(sa1, 0) + f64x2.extract_lane(sa1, 1);
  let ta2 = f64x2.extract_lane(sa2, 0) + f64x2.extract_lane(sa2, 1);
  let tc0 = f64x2.extract_lane(sc0, 0) + f64x2.extract_lane(sc0, 1);
  let tc1 = f64x2.extract_lane(sc1, 0) + f64x2.extract_lane(sc1, 1);
  let tc2 = f64x2.extract_lane(sc2, 0) + f64x2.extract_lane(sc2, 1);
  for (; j < cols; j++) {
    const w0 = f(r0, j);
    const w1 = f(r1, j);
    const p0 = f(x0, j);
    const p1 = f(x1, j);
    const p2 = f(x2, j);
    ta0 += w0 * p0;
    ta1 += w0 * p1;
    ta2 += w0 * p2;
    tc0 += w1 * p0;
    tc1 += w1 * p1;
    tc2 += w1 * p2;
  }
  const o1 = o + stride;
  const o2 = o1 + stride;
  store<f64>(o, add ? load<f64>(o) + ta0 : ta0);
  store<f64>(o, add ? load<f64>(o, 8) + tc0 : tc0, 8);
  store<f64>(o1, add ? load<f64>(o1) + ta1 : ta1);
  store<f64>(o1, add ? load<f64>(o1, 8) + tc1 : tc1, 8);
  store<f64>(o2, add ? load<f64>(o2) + ta2 : ta2);
  store<f64>(o2, add ? load<f64>(o2, 8) + tc2 : tc2, 8);
}

/**
 * out[s·rows + i] = Σ_t W[i, index[t]]·value[t] over the stored entries t of sparse row s (stored
 * from s·width, count[s] of them), the twin of sparseBatchMatVec (src/linalg/sparse-rows.ts):
 * blocks of four W rows, the samples inside, each sum in stored order.
 */
export function sparseBatchMatVec(w: usize, rows: i32, cols: i32, index: usize, value: usize, count: usize, width: i32, batch: i32, out: usize): void {
  const rowBytes = <usize>cols << 3;
  const outStride = <usize>rows << 3;
  let i = 0;
  for (; i + 3 < rows; i += 4) {
    const r0 = w + <usize>i * rowBytes;
    const r1 = r0 + rowBytes;
    const r2 = r1 + rowBytes;
    const r3 = r2 + rowBytes;
    for (let s = 0; s < batch; s++) {
      const base = s * width;
      const end = base + load<i32>(count + (<usize>s << 2));
      let s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
      for (let t = base; t < end; t++) {
        const j = <usize>load<i32>(index + (<usize>t << 2)) << 3;
        const v = f(value, t);
        s0 += load<f64>(r0 + j) * v;
        s1 += load<f64>(r1 + j) * v;
        s2 += load<f64>(r2 + j) * v;
        s3 += load<f64>(r3 + j) * v;
      }
      const o = out + <usize>s * outStride + (<usize>i << 3);
      store<f64>(o, s0);
      store<f64>(o, s1, 8);
      store<f64>(o, s2, 16);
      store<f64>(o, s3, 24);
    }
  }
  for (; i < rows; i++) {
    const r0 = w + <usize>i * rowBytes;
    for (let s = 0; s < batch; s++) {
      const base = s * width;
      const end = base + load<i32>(count + (<usize>s << 2));
      let s0 = 0.0;
      for (let t = base; t < end; t++) s0 += load<f64>(r0 + (<usize>load<i32>(index + (<usize>t << 2)) << 3)) * f(value, t);
      store<f64>(out + <usize>s * outStride + (<usize>i << 3), s0);
    }
  }
}

/**
 * Rows from…to−1 of G = Σ_s a_s·p_sᵀ (a: batch × rows, already scaled; p: batch × cols) over g,
 * row i at (i − from)·cols: the twin of batchOuterProduct (src/linalg/batch-outer-product.ts) with
 * scale 1. Per element: 0, then g + (((c0·x0 + c1·x1) + c2·x2) + c3·x3) for each four samples,
 * then ((g + c0·x0) + c1·x1) for a pair, then g + c0·x0 for a last one; two rows per sweep.
 */
export function outerProductRows(g: usize, rows: i32, cols: i32, a: usize, p: usize, batch: i32, from: i32, to: i32): void {
  const rowBytes = <usize>cols << 3;
  const aStride = <usize>rows << 3;
  const cols2 = cols & ~1;
  let i = from;
  for (; i + 1 < to; i += 2) {
    const g0 = g + <usize>(i - from) * rowBytes;
    const g1 = g0 + rowBytes;
    memory.fill(g0, 0, rowBytes << 1);
    const ai = a + (<usize>i << 3);
    let s = 0;
    for (; s + 3 < batch; s += 4) {
      const a0 = ai + <usize>s * aStride;
      const a1 = a0 + aStride;
      const a2 = a1 + aStride;
      const a3 = a2 + aStride;
      const c0 = load<f64>(a0), c1 = load<f64>(a1), c2 = load<f64>(a2), c3 = load<f64>(a3);
      const d0 = load<f64>(a0, 8), d1 = load<f64>(a1, 8), d2 = load<f64>(a2, 8), d3 = load<f64>(a3, 8);
      const vc0 = f64x2.splat(c0), vc1 = f64x2.splat(c1), vc2 = f64x2.splat(c2), vc3 = f64x2.splat(c3);
      const vd0 = f64x2.splat(d0), vd1 = f64x2.splat(d1), vd2 = f64x2.splat(d2), vd3 = f64x2.splat(d3);
      const p0 = p + <usize>s * rowBytes;
      const p1 = p0 + rowBytes;
      const p2 = p1 + rowBytes;
      const p3 = p2 + rowBytes;
      let j = 0;
      for (; j < cols2; j += 2) {
        const q = <usize>j << 3;
        const x0 = v128.load(p0 + q), x1 = v128.load(p1 + q), x2 = v128.load(p2 + q), x3 = v128.load(p3 + q);
        const sc = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(vc0, x0), f64x2.mul(vc1, x1)), f64x2.mul(vc2, x2)), f64x2.mul(vc3, x3));
        const sd = f64x2.add(f64x2.add(f64x2.add(f64x2.mul(vd0, x0), f64x2.mul(vd1, x1)), f64x2.mul(vd2, x2)), f64x2.mul(vd3, x3));
        v128.store(g0 + q, f64x2.add(v128.load(g0 + q), sc));
        v128.store(g1 + q, f64x2.add(v128.load(g1 + q), sd));
      }
      if (j < cols) {
        const x0 = f(p0, j), x1 = f(p1, j), x2 = f(p2, j), x3 = f(p3, j);
        const q = <usize>j << 3;
        store<f64>(g0 + q, load<f64>(g0 + q) + (c0 * x0 + c1 * x1 + c2 * x2 + c3 * x3));
        store<f64>(g1 + q, load<f64>(g1 + q) + (d0 * x0 + d1 * x1 + d2 * x2 + d3 * x3));
      }
    }
    for (; s + 1 < batch; s += 2) {
      const a0 = ai + <usize>s * aStride;
      const a1 = a0 + aStride;
      const c0 = load<f64>(a0), c1 = load<f64>(a1);
      const d0 = load<f64>(a0, 8), d1 = load<f64>(a1, 8);
      const vc0 = f64x2.splat(c0), vc1 = f64x2.splat(c1), vd0 = f64x2.splat(d0), vd1 = f64x2.splat(d1);
      const p0 = p + <usize>s * rowBytes;
      const p1 = p0 + rowBytes;
      let j = 0;
      for (; j < cols2; j += 2) {
        const q = <usize>j << 3;
        const x0 = v128.load(p0 + q), x1 = v128.load(p1 + q);
        v128.store(g0 + q, f64x2.add(f64x2.add(v128.load(g0 + q), f64x2.mul(vc0, x0)), f64x2.mul(vc1, x1)));
        v128.store(g1 + q, f64x2.add(f64x2.add(v128.load(g1 + q), f64x2.mul(vd0, x0)), f64x2.mul(vd1, x1)));
      }
      if (j < cols) {
        const x0 = f(p0, j), x1 = f(p1, j);
        const q = <usize>j << 3;
        store<f64>(g0 + q, load<f64>(g0 + q) + c0 * x0 + c1 * x1);
        store<f64>(g1 + q, load<f64>(g1 + q) + d0 * x0 + d1 * x1);
      }
    }
    if (s < batch) {
      const a0 = ai + <usize>s * aStride;
      const c0 = load<f64>(a0), d0 = load<f64>(a0, 8);
      const vc0 = f64x2.splat(c0), vd0 = f64x2.splat(d0);
      const p0 = p + <usize>s * rowBytes;
      let j = 0;
      for (; j < cols2; j += 2) {
        const q = <usize>j << 3;
        const x0 = v128.load(p0 + q);
        v128.store(g0 + q, f64x2.add(v128.load(g0 + q), f64x2.mul(vc0, x0)));
        v128.store(g1 + q, f64x2.add(v128.load(g1 + q), f64x2.mul(vd0, x0)));
      }
      if (j < cols) {
        const x0 = f(p0, j);
        const q = <usize>j << 3;
        store<f64>(g0 + q, load<f64>(g0 + q) + c0 * x0);
        store<f64>(g1 + q, load<f64>(g1 + q) + d0 * x0);
      }
    }
  }
  if (i < to) {
    // the last row of an odd block: four samples at a time, then one by one
    const g0 = g + <usize>(i - from) * rowBytes;
    memory.fill(g0, 0, rowBytes);
    const ai = a + (<usize>i << 3);
    let s = 0;
    for (; s + 3 < batch; s += 4) {
      const a0 = ai + <usize>s * aStride;
      const c0 = load<f64>(a0), c1 = load<f64>(a0 + aStride), c2 = load<f64>(a0 + 2 * aStride), c3 = load<f64>(a0 + 3 * aStride);
      const vc0 = f64x2.splat(c0), vc1 = f64x2.splat(c1), vc2 = f64x2.splat(c2), vc3 = f64x2.splat(c3);
      const p0 = p + <usize>s * rowBytes;
      const p1 = p0 + rowBytes;
      const p2 = p1 + rowBytes;
      const p3 = p2 + rowBytes;
      let j = 0;
      for (; j < cols2; j += 2) {
        const q = <usize>j << 3;
        const sc = f64x2.add(
          f64x2.add(f64x2.add(f64x2.mul(vc0, v128.load(p0 + q)), f64x2.mul(vc1, v128.load(p1 + q))), f64x2.mul(vc2, v128.load(p2 + q))),
          f64x2.mul(vc3, v128.load(p3 + q)),
        );
        v128.store(g0 + q, f64x2.add(v128.load(g0 + q), sc));
      }
      if (j < cols) {
        const q = <usize>j << 3;
        store<f64>(g0 + q, load<f64>(g0 + q) + (c0 * f(p0, j) + c1 * f(p1, j) + c2 * f(p2, j) + c3 * f(p3, j)));
      }
    }
    for (; s < batch; s++) {
      const c0 = load<f64>(ai + <usize>s * aStride);
      const vc0 = f64x2.splat(c0);
      const p0 = p + <usize>s * rowBytes;
      let j = 0;
      for (; j < cols2; j += 2) {
        const q = <usize>j << 3;
        v128.store(g0 + q, f64x2.add(v128.load(g0 + q), f64x2.mul(vc0, v128.load(p0 + q))));
      }
      if (j < cols) {
        const q = <usize>j << 3;
        store<f64>(g0 + q, load<f64>(g0 + q) + c0 * f(p0, j));
      }
    }
  }
}

/**
 * The same with sparse pre-synaptic rows, the twin of batchOuterProductSparse: only the columns of
 * stored entries receive anything, g + c·v per entry in sample and stored order; four rows per sweep.
 */
export function sparseOuterProductRows(g: usize, rows: i32, cols: i32, a: usize, index: usize, value: usize, count: usize, width: i32, batch: i32, from: i32, to: i32): void {
  const rowBytes = <usize>cols << 3;
  const aStride = <usize>rows << 3;
  memory.fill(g, 0, <usize>(to - from) * rowBytes);
  let i = from;
  for (; i + 3 < to; i += 4) {
    const g0 = g + <usize>(i - from) * rowBytes;
    const g1 = g0 + rowBytes;
    const g2 = g1 + rowBytes;
    const g3 = g2 + rowBytes;
    for (let s = 0; s < batch; s++) {
      const as = a + <usize>s * aStride + (<usize>i << 3);
      const c0 = load<f64>(as), c1 = load<f64>(as, 8), c2 = load<f64>(as, 16), c3 = load<f64>(as, 24);
      const base = s * width;
      const end = base + load<i32>(count + (<usize>s << 2));
      for (let t = base; t < end; t++) {
        const j = <usize>load<i32>(index + (<usize>t << 2)) << 3;
        const v = f(value, t);
        store<f64>(g0 + j, load<f64>(g0 + j) + c0 * v);
        store<f64>(g1 + j, load<f64>(g1 + j) + c1 * v);
        store<f64>(g2 + j, load<f64>(g2 + j) + c2 * v);
        store<f64>(g3 + j, load<f64>(g3 + j) + c3 * v);
      }
    }
  }
  for (; i < to; i++) {
    const g0 = g + <usize>(i - from) * rowBytes;
    for (let s = 0; s < batch; s++) {
      const c = load<f64>(a + <usize>s * aStride + (<usize>i << 3));
      const base = s * width;
      const end = base + load<i32>(count + (<usize>s << 2));
      for (let t = base; t < end; t++) {
        const j = <usize>load<i32>(index + (<usize>t << 2)) << 3;
        store<f64>(g0 + j, load<f64>(g0 + j) + c * f(value, t));
      }
    }
  }
}

/** Columns per tile of batchTransposedMatVec: a tile of every sample's output row (batch·64 numbers) stays in L1. */
const TRANSPOSED_TILE: i32 = 64;

/**
 * out[s·n + j] = Σ_i W[i, j]·x[s·rows + i] for j < n ≤ cols, s < batch, the twin of
 * batchTransposedMatVec (src/linalg/transposed-mat-vec.ts): each element sums over i in order,
 * skipping zero x; SIMD across pairs of columns, a tile of columns at a time.
 */
export function batchTransposedMatVec(w: usize, rows: i32, cols: i32, x: usize, batch: i32, out: usize, n: i32): void {
  const rowBytes = <usize>cols << 3;
  const outStride = <usize>n << 3;
  const xStride = <usize>rows << 3;
  memory.fill(out, 0, <usize>batch * outStride);
  for (let jt = 0; jt < n; jt += TRANSPOSED_TILE) {
    const je = jt + TRANSPOSED_TILE < n ? jt + TRANSPOSED_TILE : n;
    const je2 = jt + ((je - jt) & ~1);
    for (let i = 0; i < rows; i++) {
      const row = w + <usize>i * rowBytes;
      for (let s = 0; s < batch; s++) {
        const xi = load<f64>(x + <usize>s * xStride + (<usize>i << 3));
        if (xi == 0) continue;
        const vx = f64x2.splat(xi);
        const o = out + <usize>s * outStride;
        let j = jt;
        for (; j < je2; j += 2) {
          const q = <usize>j << 3;
          v128.store(o + q, f64x2.add(v128.load(o + q), f64x2.mul(vx, v128.load(row + q))));
        }
        if (j < je) {
          const q = <usize>j << 3;
          store<f64>(o + q, load<f64>(o + q) + xi * load<f64>(row + q));
        }
      }
    }
  }
}

/**
 * Adam's update of n parameters, the twin of the loop of adam() (src/core/optimizer.ts), with
 * coef = [c1, c2, β1, β2, ε, 1−β1, 1−β2]: m ← β1·m + (1−β1)·g, v ← β2·v + ((1−β2)·g)·g,
 * θ ← θ − (m·c1)/(√v·c2 + ε), two parameters per f64x2 (√ and ÷ are correctly rounded in both).
 */
export function adamRange(params: usize, grads: usize, m: usize, v: usize, n: i32, coef: usize): void {
  const c1 = load<f64>(coef), c2 = load<f64>(coef, 8), b1 = load<f64>(coef, 16), b2 = load<f64>(coef, 24);
  const eps = load<f64>(coef, 32), o1 = load<f64>(coef, 40), o2 = load<f64>(coef, 48);
  const vc1 = f64x2.splat(c1), vc2 = f64x2.splat(c2), vb1 = f64x2.splat(b1), vb2 = f64x2.splat(b2);
  const veps = f64x2.splat(eps), vo1 = f64x2.splat(o1), vo2 = f64x2.splat(o2);
  const n2 = n & ~1;
  let j = 0;
  for (; j < n2; j += 2) {
    const q = <usize>j << 3;
    const g = v128.load(grads + q);
    const mi = f64x2.add(f64x2.mul(vb1, v128.load(m + q)), f64x2.mul(vo1, g));
    const vi = f64x2.add(f64x2.mul(vb2, v128.load(v + q)), f64x2.mul(f64x2.mul(vo2, g), g));
    v128.store(m + q, mi);
    v128.store(v + q, vi);
    const step = f64x2.div(f64x2.mul(mi, vc1), f64x2.add(f64x2.mul(f64x2.sqrt(vi), vc2), veps));
    v128.store(params + q, f64x2.sub(v128.load(params + q), step));
  }
  if (j < n) {
    const q = <usize>j << 3;
    const g = load<f64>(grads + q);
    const mi = b1 * load<f64>(m + q) + o1 * g;
    const vi = b2 * load<f64>(v + q) + o2 * g * g;
    store<f64>(m + q, mi);
    store<f64>(v + q, vi);
    store<f64>(params + q, load<f64>(params + q) - (mi * c1) / (Math.sqrt(vi) * c2 + eps));
  }
}
