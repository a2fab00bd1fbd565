// WebAssembly SIMD kernels of the microcircuit's inner loop, in AssemblyScript (compiled by
// `npm run build:kernels`, which `npm ci` runs through `prepare`). Every pointer is a byte address
// in the memory the JavaScript side creates and imports. Each kernel does exactly the arithmetic
// of its plain-JavaScript twin in src/kernels/js-kernels.ts, in the same order, so the two give
// bit-identical results: the JavaScript path stays the readable reference.

// out[i] = Σ_j W[i, j]·x[j] — four partial sums (j mod 4) in two f64x2 lanes, then a scalar tail.
// Four rows at a time (rowDot4): each row's sums are added in rowDot's order, so the bits are
// those of one row at a time, but the four rows' additions are independent chains the CPU
// overlaps, and each load of x serves four rows.
export function matVec(w: usize, rows: i32, cols: i32, x: usize, out: usize): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) rowDot4(w + (<usize>(i * cols) << 3), cols, x, out + (<usize>i << 3), false);
  for (; i < rows; i++) store<f64>(out + (<usize>i << 3), rowDot(w + (<usize>(i * cols) << 3), cols, x));
}

// out[i] += Σ_j W[i, j]·x[j]
export function matVecAdd(w: usize, rows: i32, cols: i32, x: usize, out: usize): void {
  let i = 0;
  for (; i + 3 < rows; i += 4) rowDot4(w + (<usize>(i * cols) << 3), cols, x, out + (<usize>i << 3), true);
  for (; i < rows; i++) {
    const o = out + (<usize>i << 3);
    store<f64>(o, load<f64>(o) + rowDot(w + (<usize>(i * cols) << 3), cols, x));
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
    acc1 = f64x2.add(acc1, f64x2.mul(v128.load(row + o + 16), v128.load(x + o + 16)));
  }
  // (s0 + s2) + (s1 + s3)
  const s = f64x2.add(acc0, acc1);
  let t = f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
  for (; j < cols; j++) t += load<f64>(row + (<usize>j << 3)) * load<f64>(x + (<usize>j << 3));
  return t;
}

// rowDot of the four rows from `row` (stride cols) into out[0…4), or added to it when `add`.
// @ts-ignore: decorator
@inline
function rowDot4(row: usize, cols: i32, x: usize, out: usize, add: bool): void {
  const stride = <usize>cols << 3;
  const r1 = row + stride;
  const r2 = r1 + stride;
  const r3 = r2 + stride;
  let a0 = f64x2.splat(0);
  let a1 = f64x2.splat(0);
  let b0 = f64x2.splat(0);
  let b1 = f64x2.splat(0);
  let c0 = f64x2.splat(0);
  let c1 = f64x2.splat(0);
  let d0 = f64x2.splat(0);
  let d1 = f64x2.splat(0);
  let j = 0;
  for (; j + 3 < cols; j += 4) {
    const o = <usize>j << 3;
    const x0 = v128.load(x + o);
    const x1 = v128.load(x + o + 16);
    a0 = f64x2.add(a0, f64x2.mul(v128.load(row + o), x0));
    a1 = f64x2.add(a1, f64x2.mul(v128.load(row + o + 16), x1));
    b0 = f64x2.add(b0, f64x2.mul(v128.load(r1 + o), x0));
    b1 = f64x2.add(b1, f64x2.mul(v128.load(r1 + o + 16), x1));
    c0 = f64x2.add(c0, f64x2.mul(v128.load(r2 + o), x0));
    c1 = f64x2.add(c1, f64x2.mul(v128.load(r2 + o + 16), x1));
    d0 = f64x2.add(d0, f64x2.mul(v128.load(r3 + o), x0));
    d1 = f64x2.add(d1, f64x2.mul(v128.load(r3 + o + 16), x1));
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
    const o = <usize>j << 3;
    const xj = load<f64>(x + o);
    ta += load<f64>(row + o) * xj;
    tb += load<f64>(r1 + o) * xj;
    tc += load<f64>(r2 + o) * xj;
    td += load<f64>(r3 + o) * xj;
  }
  if (add) {
    ta = load<f64>(out) + ta;
    tb = load<f64>(out + 8) + tb;
    tc = load<f64>(out + 16) + tc;
    td = load<f64>(out + 24) + td;
  }
  store<f64>(out, ta);
  store<f64>(out + 8, tb);
  store<f64>(out + 16, tc);
  store<f64>(out + 24, td);
}

// One fused explicit step of τ_w·dΔ/dt = −Δ + e·pᵀ, dW/dt = η·Δ over a rows × cols matrix:
//   W ← W + hW·Δ,   Δ ← a·Δ + (hD·e_i)·p_j,   a = 1 − hD (forward Euler) or e^{−h/τ_w} (exponential Euler)
// with (hW, a, hD) read from memory at `coef` (numbers passed as arguments would be boxed by V8).
export function filteredUpdate(trace: usize, weight: usize, rows: i32, cols: i32, post: usize, pre: usize, coef: usize): void {
  const hW = load<f64>(coef);
  const a = load<f64>(coef + 8);
  const hD = load<f64>(coef + 16);
  const vhW = f64x2.splat(hW);
  const va = f64x2.splat(a);
  for (let i = 0; i < rows; i++) {
    const e = hD * load<f64>(post + (<usize>i << 3));
    const ve = f64x2.splat(e);
    const t = trace + (<usize>(i * cols) << 3);
    const w = weight + (<usize>(i * cols) << 3);
    let j = 0;
    // four columns a pass (fewer loop instructions per element), then two, then one
    for (; j + 3 < cols; j += 4) {
      const o = <usize>j << 3;
      const d0 = v128.load(t + o);
      const d1 = v128.load(t + o + 16);
      v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(vhW, d0)));
      v128.store(w + o + 16, f64x2.add(v128.load(w + o + 16), f64x2.mul(vhW, d1)));
      v128.store(t + o, f64x2.add(f64x2.mul(va, d0), f64x2.mul(ve, v128.load(pre + o))));
      v128.store(t + o + 16, f64x2.add(f64x2.mul(va, d1), f64x2.mul(ve, v128.load(pre + o + 16))));
    }
    for (; j + 1 < cols; j += 2) {
      const o = <usize>j << 3;
      const d = v128.load(t + o);
      v128.store(w + o, f64x2.add(v128.load(w + o), f64x2.mul(vhW, d)));
      v128.store(t + o, f64x2.add(f64x2.mul(va, d), f64x2.mul(ve, v128.load(pre + o))));
    }
    if (j < cols) {
      const o = <usize>j << 3;
      const d = load<f64>(t + o);
      store<f64>(w + o, load<f64>(w + o) + hW * d);
      store<f64>(t + o, a * d + e * load<f64>(pre + o));
    }
  }
}

// Both products of one row pass over a matrix and its trace (the deferred plasticity update,
// src/plasticity/plasticity-window.ts): outW[i] = Σ_j W[i, j]·x[j] and outD[i] = Σ_j Δ[i, j]·x[j],
// each in rowDot's order (so outW has the bits of matVec).
export function matVecPair(w: usize, d: usize, rows: i32, cols: i32, x: usize, outW: usize, outD: usize): void {
  for (let i = 0; i < rows; i++) {
    const rw = w + (<usize>(i * cols) << 3);
    const rd = d + (<usize>(i * cols) << 3);
    let aw0 = f64x2.splat(0);
    let aw1 = f64x2.splat(0);
    let ad0 = f64x2.splat(0);
    let ad1 = f64x2.splat(0);
    let j = 0;
    for (; j + 3 < cols; j += 4) {
      const o = <usize>j << 3;
      const x0 = v128.load(x + o);
      const x1 = v128.load(x + o + 16);
      aw0 = f64x2.add(aw0, f64x2.mul(v128.load(rw + o), x0));
      aw1 = f64x2.add(aw1, f64x2.mul(v128.load(rw + o + 16), x1));
      ad0 = f64x2.add(ad0, f64x2.mul(v128.load(rd + o), x0));
      ad1 = f64x2.add(ad1, f64x2.mul(v128.load(rd + o + 16), x1));
    }
    const sw = f64x2.add(aw0, aw1);
    const sd = f64x2.add(ad0, ad1);
    let tw = f64x2.extract_lane(sw, 0) + f64x2.extract_lane(sw, 1);
    let td = f64x2.extract_lane(sd, 0) + f64x2.extract_lane(sd, 1);
    for (; j < cols; j++) {
      const xj = load<f64>(x + (<usize>j << 3));
      tw += load<f64>(rw + (<usize>j << 3)) * xj;
      td += load<f64>(rd + (<usize>j << 3)) * xj;
    }
    store<f64>(outW + (<usize>i << 3), tw);
    store<f64>(outD + (<usize>i << 3), td);
  }
}

// The closing rank-`count` update of a plasticity window (src/plasticity/plasticity-window.ts,
// docs/model.md "The deferred plasticity update"), one read and one write of W and Δ:
//   W ← (W + c·Δ) + Σ_l (g_l·e_l[i])·p_l[j],   Δ ← A·Δ + Σ_l (f_l·e_l[i])·p_l[j],   l = 0…count−1 in order,
// with coef = [c, A, g_0, f_0, g_1, f_1, …], errors e_l at errs + l·rows, pre-synaptic rates p_l at
// pres + l·cols, and 2·count doubles of scratch for the per-row factors.
export function windowFlush(trace: usize, weight: usize, rows: i32, cols: i32, errs: usize, pres: usize, count: i32, coef: usize, scratch: usize): void {
  const vc = f64x2.splat(load<f64>(coef));
  const vA = f64x2.splat(load<f64>(coef + 8));
  const c = load<f64>(coef);
  const A = load<f64>(coef + 8);
  const preStride = <usize>cols << 3;
  for (let i = 0; i < rows; i++) {
    for (let l = 0; l < count; l++) {
      const e = load<f64>(errs + (<usize>(l * rows + i) << 3));
      store<f64>(scratch + (<usize>(2 * l) << 3), load<f64>(coef + (<usize>(2 + 2 * l) << 3)) * e);
      store<f64>(scratch + (<usize>(2 * l + 1) << 3), load<f64>(coef + (<usize>(3 + 2 * l) << 3)) * e);
    }
    const t = trace + (<usize>(i * cols) << 3);
    const w = weight + (<usize>(i * cols) << 3);
    let j = 0;
    // Eight columns at a time: eight accumulators stay in registers while l runs, so each p_l
    // and each factor is loaded once per eight elements.
    for (; j + 7 < cols; j += 8) {
      const o = <usize>j << 3;
      const d0 = v128.load(t + o);
      const d1 = v128.load(t + o + 16);
      const d2 = v128.load(t + o + 32);
      const d3 = v128.load(t + o + 48);
      let w0 = f64x2.add(v128.load(w + o), f64x2.mul(vc, d0));
      let w1 = f64x2.add(v128.load(w + o + 16), f64x2.mul(vc, d1));
      let w2 = f64x2.add(v128.load(w + o + 32), f64x2.mul(vc, d2));
      let w3 = f64x2.add(v128.load(w + o + 48), f64x2.mul(vc, d3));
      let e0 = f64x2.mul(vA, d0);
      let e1 = f64x2.mul(vA, d1);
      let e2 = f64x2.mul(vA, d2);
      let e3 = f64x2.mul(vA, d3);
      let p = pres + o;
      let f = scratch;
      for (let l = 0; l < count; l++) {
        const u = v128.load64_splat(f);
        const v = v128.load64_splat(f + 8);
        const p0 = v128.load(p);
        const p1 = v128.load(p + 16);
        const p2 = v128.load(p + 32);
        const p3 = v128.load(p + 48);
        w0 = f64x2.add(w0, f64x2.mul(u, p0));
        w1 = f64x2.add(w1, f64x2.mul(u, p1));
        w2 = f64x2.add(w2, f64x2.mul(u, p2));
        w3 = f64x2.add(w3, f64x2.mul(u, p3));
        e0 = f64x2.add(e0, f64x2.mul(v, p0));
        e1 = f64x2.add(e1, f64x2.mul(v, p1));
        e2 = f64x2.add(e2, f64x2.mul(v, p2));
        e3 = f64x2.add(e3, f64x2.mul(v, p3));
        p += preStride;
        f += 16;
      }
      v128.store(w + o, w0);
      v128.store(w + o + 16, w1);
      v128.store(w + o + 32, w2);
      v128.store(w + o + 48, w3);
      v128.store(t + o, e0);
      v128.store(t + o + 16, e1);
      v128.store(t + o + 32, e2);
      v128.store(t + o + 48, e3);
    }
    for (; j + 1 < cols; j += 2) {
      const o = <usize>j << 3;
      const d = v128.load(t + o);
      let aw = f64x2.add(v128.load(w + o), f64x2.mul(vc, d));
      let ad = f64x2.mul(vA, d);
      let p = pres + o;
      for (let l = 0; l < count; l++) {
        const pl = v128.load(p);
        aw = f64x2.add(aw, f64x2.mul(v128.load64_splat(scratch + (<usize>(2 * l) << 3)), pl));
        ad = f64x2.add(ad, f64x2.mul(v128.load64_splat(scratch + (<usize>(2 * l + 1) << 3)), pl));
        p += preStride;
      }
      v128.store(w + o, aw);
      v128.store(t + o, ad);
    }
    if (j < cols) {
      const o = <usize>j << 3;
      const d = load<f64>(t + o);
      let aw = load<f64>(w + o) + c * d;
      let ad = A * d;
      for (let l = 0; l < count; l++) {
        const pl = load<f64>(pres + (<usize>(l * cols) << 3) + o);
        aw += load<f64>(scratch + (<usize>(2 * l) << 3)) * pl;
        ad += load<f64>(scratch + (<usize>(2 * l + 1) << 3)) * pl;
      }
      store<f64>(w + o, aw);
      store<f64>(t + o, ad);
    }
  }
}

// STREAM's triad a[i] = b[i] + s·c[i] over n doubles, s read from memory at `scalar`: the
// sustained-bandwidth measurement of bench/roofline.ts (not used by the simulator).
export function triad(a: usize, b: usize, c: usize, n: i32, scalar: usize): void {
  const vs = f64x2.splat(load<f64>(scalar));
  let i = 0;
  for (; i + 3 < n; i += 4) {
    const o = <usize>i << 3;
    v128.store(a + o, f64x2.add(v128.load(b + o), f64x2.mul(vs, v128.load(c + o))));
    v128.store(a + o + 16, f64x2.add(v128.load(b + o + 16), f64x2.mul(vs, v128.load(c + o + 16))));
  }
  const s = load<f64>(scalar);
  for (; i < n; i++) {
    const o = <usize>i << 3;
    store<f64>(a + o, load<f64>(b + o) + s * load<f64>(c + o));
  }
}

// The whole explicit step of the microcircuit in one call (assembly/fused-step.ts).
export { runStep } from './fused-step';
// Its ports of V8's Math.exp, Math.log and Math.log1p, exported for test/kernels/fdlibm.test.ts.
export { fdlibmExp, fdlibmLog, fdlibmLog1p, softplusPairs, TWO_LANE_CONSTANT_BYTES } from './fdlibm';
