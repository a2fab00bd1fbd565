// WebAssembly SIMD matrix products of the recurrent core (src/recurrent/), in AssemblyScript,
// compiled by `npm run build:kernels` into build/recurrent-kernels.wasm. Every pointer is a byte
// address in the memory the JavaScript side creates and imports (src/recurrent/recurrent-gemm.ts).
//
// One kernel serves both accumulating products of src/recurrent/gemm.ts:
//   C[i, j] += Σ_k A(i, k)·B[k, j],   A(i, k) at a + 8·(i·aRow + k·aCol),
// so gemmNN is (aRow, aCol) = (lda, 1) and gemmTN is (1, lda). Each element of C sees exactly the
// operations of its JavaScript twin, in the same order: c ← c + (A(i,k)·B[k,j] + A(i,k+1)·B[k+1,j])
// for k = 0, 2, 4, … and, when kk is odd, a last c ← c + A(i,kk−1)·B[kk−1,j]. So the two give
// bit-identical results; the blocking below changes only which elements are computed when.
//
// Blocking: a 4 × 4 tile of C (4 rows, two f64x2 vectors of columns) stays in registers while k runs
// over a slab of K_SLAB rows of B; the loop over tiles takes a 4-column panel of B (K_SLAB × 4 numbers,
// ≤ 8 KB) and runs every row block of A past it, so the panel is read from L1.

const K_SLAB: i32 = 256; // even: the pairs of k never straddle two slabs

// @ts-ignore: decorator
@inline
function min(a: i32, b: i32): i32 {
  return a < b ? a : b;
}

/** Rows i…i+3, columns j…j+3 of C over k = k0 … k1 (k1 − k0 even), accumulating in registers. */
// @ts-ignore: decorator
@inline
function tile4x4(k0: i32, k1: i32, a: usize, aRow: usize, aCol: usize, b: usize, ldb: usize, c: usize, ldc: usize): void {
  const a1 = a + aRow;
  const a2 = a1 + aRow;
  const a3 = a2 + aRow;
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let x0 = v128.load(c);
  let y0 = v128.load(c, 16);
  let x1 = v128.load(c1);
  let y1 = v128.load(c1, 16);
  let x2 = v128.load(c2);
  let y2 = v128.load(c2, 16);
  let x3 = v128.load(c3);
  let y3 = v128.load(c3, 16);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    const u0 = v128.load(kb);
    const v0 = v128.load(kb, 16);
    const u1 = v128.load(kb + ldb);
    const v1 = v128.load(kb + ldb, 16);
    let p = f64x2.splat(load<f64>(a + ka));
    let q = f64x2.splat(load<f64>(a + ka + aCol));
    x0 = f64x2.add(x0, f64x2.add(f64x2.mul(p, u0), f64x2.mul(q, u1)));
    y0 = f64x2.add(y0, f64x2.add(f64x2.mul(p, v0), f64x2.mul(q, v1)));
    p = f64x2.splat(load<f64>(a1 + ka));
    q = f64x2.splat(load<f64>(a1 + ka + aCol));
    x1 = f64x2.add(x1, f64x2.add(f64x2.mul(p, u0), f64x2.mul(q, u1)));
    y1 = f64x2.add(y1, f64x2.add(f64x2.mul(p, v0), f64x2.mul(q, v1)));
    p = f64x2.splat(load<f64>(a2 + ka));
    q = f64x2.splat(load<f64>(a2 + ka + aCol));
    x2 = f64x2.add(x2, f64x2.add(f64x2.mul(p, u0), f64x2.mul(q, u1)));
    y2 = f64x2.add(y2, f64x2.add(f64x2.mul(p, v0), f64x2.mul(q, v1)));
    p = f64x2.splat(load<f64>(a3 + ka));
    q = f64x2.splat(load<f64>(a3 + ka + aCol));
    x3 = f64x2.add(x3, f64x2.add(f64x2.mul(p, u0), f64x2.mul(q, u1)));
    y3 = f64x2.add(y3, f64x2.add(f64x2.mul(p, v0), f64x2.mul(q, v1)));
  }
  v128.store(c, x0);
  v128.store(c, y0, 16);
  v128.store(c1, x1);
  v128.store(c1, y1, 16);
  v128.store(c2, x2);
  v128.store(c2, y2, 16);
  v128.store(c3, x3);
  v128.store(c3, y3, 16);
}

/** One row of C, columns j…j+3, over k = k0 … k1 (even count). */
// @ts-ignore: decorator
@inline
function tile1x4(k0: i32, k1: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize): void {
  let x = v128.load(c);
  let y = v128.load(c, 16);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    const p = f64x2.splat(load<f64>(a + ka));
    const q = f64x2.splat(load<f64>(a + ka + aCol));
    x = f64x2.add(x, f64x2.add(f64x2.mul(p, v128.load(kb)), f64x2.mul(q, v128.load(kb + ldb))));
    y = f64x2.add(y, f64x2.add(f64x2.mul(p, v128.load(kb, 16)), f64x2.mul(q, v128.load(kb + ldb, 16))));
  }
  v128.store(c, x);
  v128.store(c, y, 16);
}

/** One element of C over k = k0 … k1 (even count), scalar. */
// @ts-ignore: decorator
@inline
function tile1x1(k0: i32, k1: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize): void {
  let s = load<f64>(c);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    s += load<f64>(a + ka) * load<f64>(kb) + load<f64>(a + ka + aCol) * load<f64>(kb + ldb);
  }
  store<f64>(c, s);
}

/**
 * C[i, j] += Σ_k A(i, k)·B[k, j] for i < m, j < n, k < kk, with A(i, k) at a + 8·(i·aRow + k·aCol),
 * B row-major with leading dimension ldb, C with ldc (all strides in numbers).
 */
export function gemmAccumulate(m: i32, n: i32, kk: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const aR = <usize>aRow << 3;
  const aC = <usize>aCol << 3;
  const bL = <usize>ldb << 3;
  const cL = <usize>ldc << 3;
  const m4 = m & ~3;
  const n4 = n & ~3;
  const k2 = kk & ~1;
  for (let ks = 0; ks < k2; ks += K_SLAB) {
    const ke = min(k2, ks + K_SLAB);
    for (let j = 0; j < n4; j += 4) {
      const bj = b + (<usize>j << 3);
      const cj = c + (<usize>j << 3);
      let i = 0;
      for (; i < m4; i += 4) tile4x4(ks, ke, a + <usize>i * aR, aR, aC, bj, bL, cj + <usize>i * cL, cL);
      for (; i < m; i++) tile1x4(ks, ke, a + <usize>i * aR, aC, bj, bL, cj + <usize>i * cL);
    }
    for (let j = n4; j < n; j++) {
      for (let i = 0; i < m; i++) tile1x1(ks, ke, a + <usize>i * aR, aC, b + (<usize>j << 3), bL, c + <usize>i * cL + (<usize>j << 3));
    }
  }
  if (k2 < kk) {
    // the odd last k: one rank-1 update, c ← c + A(i, kk−1)·B[kk−1, j]
    const ka = a + <usize>k2 * aC;
    const kb = b + <usize>k2 * bL;
    for (let i = 0; i < m; i++) {
      const p = load<f64>(ka + <usize>i * aR);
      const vp = f64x2.splat(p);
      const ci = c + <usize>i * cL;
      let j = 0;
      for (; j + 1 < n; j += 2) {
        const o = <usize>j << 3;
        v128.store(ci + o, f64x2.add(v128.load(ci + o), f64x2.mul(vp, v128.load(kb + o))));
      }
      if (j < n) {
        const o = <usize>j << 3;
        store<f64>(ci + o, load<f64>(ci + o) + p * load<f64>(kb + o));
      }
    }
  }
}

/**
 * `count` independent products C_q += A_q·B_q (q < count), each as gemmAccumulate, with
 * A_q = A + q·aStride, B_q = B + q·bStride, C_q = C + q·cStride (strides in numbers): one call for
 * a batch of per-sequence products (the eligibility traces of BP(λ), one Jacobian per sequence).
 */
export function gemmAccumulateBatched(count: i32, m: i32, n: i32, kk: i32, a: usize, aStride: i32, aRow: i32, aCol: i32, b: usize, bStride: i32, ldb: i32, c: usize, cStride: i32, ldc: i32): void {
  for (let q = 0; q < count; q++) {
    gemmAccumulate(m, n, kk, a + ((<usize>q * <usize>aStride) << 3), aRow, aCol, b + ((<usize>q * <usize>bStride) << 3), ldb, c + ((<usize>q * <usize>cStride) << 3), ldc);
  }
}

// ---------------------------------------------------------------------------------------------
// Gate functions and the element-wise forward steps of the LSTM and the subLSTM, two units per
// f64x2. Each is the twin of src/recurrent/cells/gate-functions.ts and of the cell's forward
// (lstm.ts, sublstm.ts): the same double operations in the same order, so bit-identical results.

const LOG2E: f64 = 1.4426950408889634;
const LN2_HI: f64 = 6.9314718036912381649e-1;
const LN2_LO: f64 = 1.90821492927058770002e-10;
const EXP_MAX: f64 = 709.782712893384;
const EXP_MIN: f64 = -708.0;
const C13: f64 = 1.6059043836821613e-10;
const C12: f64 = 2.08767569878681e-9;
const C11: f64 = 2.505210838544172e-8;
const C10: f64 = 2.755731922398589e-7;
const C9: f64 = 0.0000027557319223985893;
const C8: f64 = 0.0000248015873015873;
const C7: f64 = 0.0001984126984126984;
const C6: f64 = 0.001388888888888889;
const C5: f64 = 0.008333333333333333;
const C4: f64 = 0.041666666666666664;
const C3: f64 = 0.16666666666666666;
const C2: f64 = 0.5;

// @ts-ignore: decorator
@inline
function hornerStep(r: v128, c: f64, acc: v128): v128 {
  return f64x2.add(f64x2.splat(c), f64x2.mul(r, acc));
}

/** e^x per lane: Cody–Waite reduction, Taylor polynomial to r¹³/13!, times 2^k (as gateExp). */
// @ts-ignore: decorator
@inline
function expV(x: v128): v128 {
  const xc = f64x2.pmin(f64x2.pmax(x, f64x2.splat(EXP_MIN)), f64x2.splat(EXP_MAX));
  const kf = f64x2.floor(f64x2.add(f64x2.mul(xc, f64x2.splat(LOG2E)), f64x2.splat(0.5)));
  const r = f64x2.sub(f64x2.sub(xc, f64x2.mul(kf, f64x2.splat(LN2_HI))), f64x2.mul(kf, f64x2.splat(LN2_LO)));
  let p = f64x2.add(f64x2.splat(C12), f64x2.mul(r, f64x2.splat(C13)));
  p = hornerStep(r, C11, p);
  p = hornerStep(r, C10, p);
  p = hornerStep(r, C9, p);
  p = hornerStep(r, C8, p);
  p = hornerStep(r, C7, p);
  p = hornerStep(r, C6, p);
  p = hornerStep(r, C5, p);
  p = hornerStep(r, C4, p);
  p = hornerStep(r, C3, p);
  p = hornerStep(r, C2, p);
  p = hornerStep(r, 1, p);
  p = hornerStep(r, 1, p);
  // 2^k as two exact factors 2^(k>>1)·2^(k−(k>>1)), each a normal number for k ∈ [−1021, 1024]
  const k = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(kf));
  const k1 = i64x2.shr_s(k, 1);
  const k2 = i64x2.sub(k, k1);
  const bias = i64x2.splat(1023);
  let y = f64x2.mul(f64x2.mul(p, i64x2.shl(i64x2.add(k1, bias), 52)), i64x2.shl(i64x2.add(k2, bias), 52));
  y = v128.bitselect(f64x2.splat(0), y, f64x2.lt(x, f64x2.splat(EXP_MIN)));
  return v128.bitselect(f64x2.splat(Infinity), y, f64x2.gt(x, f64x2.splat(EXP_MAX)));
}

// @ts-ignore: decorator
@inline
function sigmoidV(x: v128): v128 {
  const one = f64x2.splat(1);
  return f64x2.div(one, f64x2.add(one, expV(f64x2.neg(x))));
}

// @ts-ignore: decorator
@inline
function tanhV(x: v128): v128 {
  const one = f64x2.splat(1);
  const e = expV(f64x2.mul(f64x2.splat(-2), f64x2.abs(x)));
  const t = f64x2.div(f64x2.sub(one, e), f64x2.add(one, e));
  return v128.bitselect(f64x2.neg(t), t, f64x2.lt(x, f64x2.splat(0)));
}

/** e^x of n numbers at x into y (the twin of gateExp, for its test). */
export function gateExpArray(n: i32, x: usize, y: usize): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 3;
    store<f64>(y + o, f64x2.extract_lane(expV(f64x2.splat(load<f64>(x + o))), 0));
  }
}

/**
 * LSTM forward of `rows` rows of H ≥ 2 units (lstm.ts): a row of pre-activations [i f o z] (4H),
 * state rows [h; c] (2H), cache rows [i f o z tanh c] (5H). When H is odd the last pair of units
 * overlaps the one before it, writing the same numbers twice.
 */
export function lstmForward(rows: i32, h: i32, a: usize, sPrev: usize, sNext: usize, cache: usize): void {
  const hb = <usize>h << 3;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * 4 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const nr = sNext + <usize>r * 2 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 2) {
      const o = (<usize>(j + 2 > h ? h - 2 : j)) << 3;
      const i = sigmoidV(v128.load(ar + o));
      const f = sigmoidV(v128.load(ar + hb + o));
      const og = sigmoidV(v128.load(ar + 2 * hb + o));
      const z = tanhV(v128.load(ar + 3 * hb + o));
      const c = f64x2.add(f64x2.mul(f, v128.load(pr + hb + o)), f64x2.mul(i, z));
      const tc = tanhV(c);
      v128.store(nr + o, f64x2.mul(og, tc));
      v128.store(nr + hb + o, c);
      v128.store(cr + o, i);
      v128.store(cr + hb + o, f);
      v128.store(cr + 2 * hb + o, og);
      v128.store(cr + 3 * hb + o, z);
      v128.store(cr + 4 * hb + o, tc);
    }
  }
}

/** subLSTM forward (sublstm.ts): c = f⊙c_prev + z − i, h = σ(c) − o; cache [i f o z σ(c)]; H ≥ 2. */
export function subLstmForward(rows: i32, h: i32, a: usize, sPrev: usize, sNext: usize, cache: usize): void {
  const hb = <usize>h << 3;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * 4 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const nr = sNext + <usize>r * 2 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 2) {
      const o = (<usize>(j + 2 > h ? h - 2 : j)) << 3;
      const i = sigmoidV(v128.load(ar + o));
      const f = sigmoidV(v128.load(ar + hb + o));
      const og = sigmoidV(v128.load(ar + 2 * hb + o));
      const z = sigmoidV(v128.load(ar + 3 * hb + o));
      const c = f64x2.sub(f64x2.add(f64x2.mul(f, v128.load(pr + hb + o)), z), i);
      const sc = sigmoidV(c);
      v128.store(nr + o, f64x2.sub(sc, og));
      v128.store(nr + hb + o, c);
      v128.store(cr + o, i);
      v128.store(cr + hb + o, f);
      v128.store(cr + 2 * hb + o, og);
      v128.store(cr + 3 * hb + o, z);
      v128.store(cr + 4 * hb + o, sc);
    }
  }
}

/**
 * LSTM backward of `rows` rows of H ≥ 2 units (lstm.ts): from dL/ds_t (dS, rows [dh; dc]), the
 * cache and s_{t−1}, writes dL/da (dA, rows [i f o z]) and the part of dL/ds_{t−1} that does not
 * pass through Wh (dSPrev: 0 for h, dc⊙f for c).
 */
export function lstmBackward(rows: i32, h: i32, dS: usize, cache: usize, sPrev: usize, dA: usize, dSPrev: usize): void {
  const hb = <usize>h << 3;
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const sr = dS + <usize>r * 2 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const qr = dSPrev + <usize>r * 2 * hb;
    const ar = dA + <usize>r * 4 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 2) {
      const o = (<usize>(j + 2 > h ? h - 2 : j)) << 3;
      const i = v128.load(cr + o);
      const f = v128.load(cr + hb + o);
      const og = v128.load(cr + 2 * hb + o);
      const z = v128.load(cr + 3 * hb + o);
      const tc = v128.load(cr + 4 * hb + o);
      const dh = v128.load(sr + o);
      const dc = f64x2.add(v128.load(sr + hb + o), f64x2.mul(f64x2.mul(dh, og), f64x2.sub(one, f64x2.mul(tc, tc))));
      v128.store(ar + o, f64x2.mul(f64x2.mul(f64x2.mul(dc, z), i), f64x2.sub(one, i)));
      v128.store(ar + hb + o, f64x2.mul(f64x2.mul(f64x2.mul(dc, v128.load(pr + hb + o)), f), f64x2.sub(one, f)));
      v128.store(ar + 2 * hb + o, f64x2.mul(f64x2.mul(f64x2.mul(dh, tc), og), f64x2.sub(one, og)));
      v128.store(ar + 3 * hb + o, f64x2.mul(f64x2.mul(dc, i), f64x2.sub(one, f64x2.mul(z, z))));
      v128.store(qr + o, zero);
      v128.store(qr + hb + o, f64x2.mul(dc, f));
    }
  }
}

/** subLSTM backward (sublstm.ts), as lstmBackward: dc = dS_c + dh⊙σ(c)(1 − σ(c)), dSPrev = [0; dc⊙f]. */
export function subLstmBackward(rows: i32, h: i32, dS: usize, cache: usize, sPrev: usize, dA: usize, dSPrev: usize): void {
  const hb = <usize>h << 3;
  const one = f64x2.splat(1);
  const zero = f64x2.splat(0);
  for (let r = 0; r < rows; r++) {
    const sr = dS + <usize>r * 2 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const qr = dSPrev + <usize>r * 2 * hb;
    const ar = dA + <usize>r * 4 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 2) {
      const o = (<usize>(j + 2 > h ? h - 2 : j)) << 3;
      const i = v128.load(cr + o);
      const f = v128.load(cr + hb + o);
      const og = v128.load(cr + 2 * hb + o);
      const z = v128.load(cr + 3 * hb + o);
      const sc = v128.load(cr + 4 * hb + o);
      const dh = v128.load(sr + o);
      const dc = f64x2.add(v128.load(sr + hb + o), f64x2.mul(f64x2.mul(dh, sc), f64x2.sub(one, sc)));
      v128.store(ar + o, f64x2.mul(f64x2.mul(f64x2.neg(dc), i), f64x2.sub(one, i)));
      v128.store(ar + hb + o, f64x2.mul(f64x2.mul(f64x2.mul(dc, v128.load(pr + hb + o)), f), f64x2.sub(one, f)));
      v128.store(ar + 2 * hb + o, f64x2.mul(f64x2.mul(f64x2.neg(dh), og), f64x2.sub(one, og)));
      v128.store(ar + 3 * hb + o, f64x2.mul(f64x2.mul(dc, z), f64x2.sub(one, z)));
      v128.store(qr + o, zero);
      v128.store(qr + hb + o, f64x2.mul(dc, f));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// float32 twins (the layers' `precision: 'float32'`), four numbers per f32x4. Each is the twin of
// src/recurrent/float32-kernels.ts, where every operation is the JavaScript double operation
// rounded by Math.fround: for +, −, ×, ÷ of two float32 numbers that is exactly the IEEE single
// operation, so both give the same bits.

/** Rows i…i+3, columns j…j+7 of a float32 C over k = k0 … k1 (k1 − k0 even), in registers; each A number is loaded straight into all four lanes (one load, no shuffle). */
// @ts-ignore: decorator
@inline
function tile4x8F32(k0: i32, k1: i32, a: usize, aRow: usize, aCol: usize, b: usize, ldb: usize, c: usize, ldc: usize): void {
  const a1 = a + aRow;
  const a2 = a1 + aRow;
  const a3 = a2 + aRow;
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  let x0 = v128.load(c);
  let y0 = v128.load(c, 16);
  let x1 = v128.load(c1);
  let y1 = v128.load(c1, 16);
  let x2 = v128.load(c2);
  let y2 = v128.load(c2, 16);
  let x3 = v128.load(c3);
  let y3 = v128.load(c3, 16);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    const u0 = v128.load(kb);
    const v0 = v128.load(kb, 16);
    const u1 = v128.load(kb + ldb);
    const v1 = v128.load(kb + ldb, 16);
    let p = v128.load32_splat(a + ka);
    let q = v128.load32_splat(a + ka + aCol);
    x0 = f32x4.add(x0, f32x4.add(f32x4.mul(p, u0), f32x4.mul(q, u1)));
    y0 = f32x4.add(y0, f32x4.add(f32x4.mul(p, v0), f32x4.mul(q, v1)));
    p = v128.load32_splat(a1 + ka);
    q = v128.load32_splat(a1 + ka + aCol);
    x1 = f32x4.add(x1, f32x4.add(f32x4.mul(p, u0), f32x4.mul(q, u1)));
    y1 = f32x4.add(y1, f32x4.add(f32x4.mul(p, v0), f32x4.mul(q, v1)));
    p = v128.load32_splat(a2 + ka);
    q = v128.load32_splat(a2 + ka + aCol);
    x2 = f32x4.add(x2, f32x4.add(f32x4.mul(p, u0), f32x4.mul(q, u1)));
    y2 = f32x4.add(y2, f32x4.add(f32x4.mul(p, v0), f32x4.mul(q, v1)));
    p = v128.load32_splat(a3 + ka);
    q = v128.load32_splat(a3 + ka + aCol);
    x3 = f32x4.add(x3, f32x4.add(f32x4.mul(p, u0), f32x4.mul(q, u1)));
    y3 = f32x4.add(y3, f32x4.add(f32x4.mul(p, v0), f32x4.mul(q, v1)));
  }
  v128.store(c, x0);
  v128.store(c, y0, 16);
  v128.store(c1, x1);
  v128.store(c1, y1, 16);
  v128.store(c2, x2);
  v128.store(c2, y2, 16);
  v128.store(c3, x3);
  v128.store(c3, y3, 16);
}

/** One row of a float32 C, columns j…j+3, over k = k0 … k1 (even count). */
// @ts-ignore: decorator
@inline
function tile1x4F32(k0: i32, k1: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize): void {
  let x = v128.load(c);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    const p = f32x4.splat(load<f32>(a + ka));
    const q = f32x4.splat(load<f32>(a + ka + aCol));
    x = f32x4.add(x, f32x4.add(f32x4.mul(p, v128.load(kb)), f32x4.mul(q, v128.load(kb + ldb))));
  }
  v128.store(c, x);
}

/** One element of a float32 C over k = k0 … k1 (even count), scalar. */
// @ts-ignore: decorator
@inline
function tile1x1F32(k0: i32, k1: i32, a: usize, aCol: usize, b: usize, ldb: usize, c: usize): void {
  let s = load<f32>(c);
  for (let k = k0; k < k1; k += 2) {
    const ka = <usize>k * aCol;
    const kb = b + <usize>k * ldb;
    s += load<f32>(a + ka) * load<f32>(kb) + load<f32>(a + ka + aCol) * load<f32>(kb + ldb);
  }
  store<f32>(c, s);
}

/**
 * C[i, :] += A[i, k]·B[k, :] for the one k left over when the depth is odd (ka points at A's
 * column k, kb at B's row k): the last step of gemmAccumulateF32 and gemmBlockedF32, in the order
 * their JavaScript twin adds it.
 */
@inline function lastRankOneF32(m: i32, n: i32, ka: usize, aR: usize, kb: usize, c: usize, cL: usize): void {
  for (let i = 0; i < m; i++) {
    const p = load<f32>(ka + <usize>i * aR);
    const vp = f32x4.splat(p);
    const ci = c + <usize>i * cL;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const o = <usize>j << 2;
      v128.store(ci + o, f32x4.add(v128.load(ci + o), f32x4.mul(vp, v128.load(kb + o))));
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      store<f32>(ci + o, load<f32>(ci + o) + p * load<f32>(kb + o));
    }
  }
}

/**
 * float32 C[i, j] += Σ_k A(i, k)·B[k, j] (as gemmAccumulate, all strides in numbers): per element
 * c ← c + (A(i,k)·B[k,j] + A(i,k+1)·B[k+1,j]) for k = 0, 2, …, and c ← c + A(i,kk−1)·B[kk−1,j]
 * when kk is odd, each operation rounded to float32. Tiles of 4 rows × 8 columns.
 */
export function gemmAccumulateF32(m: i32, n: i32, kk: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32): void {
  const aR = <usize>aRow << 2;
  const aC = <usize>aCol << 2;
  const bL = <usize>ldb << 2;
  const cL = <usize>ldc << 2;
  const m4 = m & ~3;
  const n8 = n & ~7;
  const n4 = n & ~3;
  const k2 = kk & ~1;
  for (let ks = 0; ks < k2; ks += K_SLAB) {
    const ke = min(k2, ks + K_SLAB);
    for (let j = 0; j < n8; j += 8) {
      const bj = b + (<usize>j << 2);
      const cj = c + (<usize>j << 2);
      let i = 0;
      for (; i < m4; i += 4) tile4x8F32(ks, ke, a + <usize>i * aR, aR, aC, bj, bL, cj + <usize>i * cL, cL);
      for (; i < m; i++) {
        tile1x4F32(ks, ke, a + <usize>i * aR, aC, bj, bL, cj + <usize>i * cL);
        tile1x4F32(ks, ke, a + <usize>i * aR, aC, bj + 16, bL, cj + <usize>i * cL + 16);
      }
    }
    for (let j = n8; j < n4; j += 4) {
      for (let i = 0; i < m; i++) tile1x4F32(ks, ke, a + <usize>i * aR, aC, b + (<usize>j << 2), bL, c + <usize>i * cL + (<usize>j << 2));
    }
    for (let j = n4; j < n; j++) {
      for (let i = 0; i < m; i++) tile1x1F32(ks, ke, a + <usize>i * aR, aC, b + (<usize>j << 2), bL, c + <usize>i * cL + (<usize>j << 2));
    }
  }
  if (k2 < kk) lastRankOneF32(m, n, a + <usize>k2 * aC, aR, b + <usize>k2 * bL, c, cL);
}

/** Columns of B per chunk of gemmBlockedF32: a K_SLAB × 512 float32 block of B (512 KB) stays in L2. */
const N_CHUNK: i32 = 512;

/** Floats of the scratch block gemmBlockedF32 copies B's panels into (K_SLAB × N_CHUNK), for its caller to check. */
export function gemmBlockedPackFloats(): i32 {
  return K_SLAB * N_CHUNK;
}

/**
 * float32 C[i, j] += Σ_k A(i, k)·B[k, j] with exactly gemmAccumulateF32's operations per element
 * (so the same bits, and the same JavaScript twin), blocked for products too large for the cache
 * (the readout's N × V logits, V × H weights): per slab of K_SLAB rows of B, per chunk of N_CHUNK
 * columns, the chunk's 8-column panels are first copied one after another into `pack` (K_SLAB ×
 * N_CHUNK floats; a panel's rows 32 bytes apart, so the tiles read B sequentially and from few
 * pages, where B's own rows may lie a page or more apart), then a 4-row tile of A (in L1) meets
 * every panel of the chunk (in L2), so the rows of C are written along their length.
 */
export function gemmBlockedF32(m: i32, n: i32, kk: i32, a: usize, aRow: i32, aCol: i32, b: usize, ldb: i32, c: usize, ldc: i32, pack: usize): void {
  const aR = <usize>aRow << 2;
  const aC = <usize>aCol << 2;
  const bL = <usize>ldb << 2;
  const cL = <usize>ldc << 2;
  const m4 = m & ~3;
  const k2 = kk & ~1;
  for (let ks = 0; ks < k2; ks += K_SLAB) {
    const ke = min(k2, ks + K_SLAB);
    const kn = ke - ks;
    const as = a + <usize>ks * aC;
    const bs = b + <usize>ks * bL;
    for (let j0 = 0; j0 < n; j0 += N_CHUNK) {
      const j1 = min(n, j0 + N_CHUNK);
      const j8 = j0 + ((j1 - j0) & ~7);
      const j4 = j0 + ((j1 - j0) & ~3);
      const panelBytes = <usize>kn << 5;
      for (let j = j0; j < j8; j += 8) {
        const dst = pack + <usize>((j - j0) >> 3) * panelBytes;
        const src = bs + (<usize>j << 2);
        for (let k = 0; k < kn; k++) {
          const from = src + <usize>k * bL;
          const to = dst + (<usize>k << 5);
          v128.store(to, v128.load(from));
          v128.store(to, v128.load(from, 16), 16);
        }
      }
      for (let i = 0; i < m4; i += 4) {
        const ai = as + <usize>i * aR;
        const ci = c + <usize>i * cL;
        for (let j = j0; j < j8; j += 8) tile4x8F32(0, kn, ai, aR, aC, pack + <usize>((j - j0) >> 3) * panelBytes, 32, ci + (<usize>j << 2), cL);
      }
      for (let i = m4; i < m; i++) {
        for (let j = j0; j < j8; j += 8) {
          const panel = pack + <usize>((j - j0) >> 3) * panelBytes;
          tile1x4F32(0, kn, as + <usize>i * aR, aC, panel, 32, c + <usize>i * cL + (<usize>j << 2));
          tile1x4F32(0, kn, as + <usize>i * aR, aC, panel + 16, 32, c + <usize>i * cL + (<usize>j << 2) + 16);
        }
      }
      for (let j = j8; j < j4; j += 4) {
        for (let i = 0; i < m; i++) tile1x4F32(0, kn, as + <usize>i * aR, aC, bs + (<usize>j << 2), bL, c + <usize>i * cL + (<usize>j << 2));
      }
      for (let j = j4; j < j1; j++) {
        for (let i = 0; i < m; i++) tile1x1F32(0, kn, as + <usize>i * aR, aC, bs + (<usize>j << 2), bL, c + <usize>i * cL + (<usize>j << 2));
      }
    }
  }
  if (k2 < kk) lastRankOneF32(m, n, a + <usize>k2 * aC, aR, b + <usize>k2 * bL, c, cL);
}

const LOG2E_F: f32 = 1.44269502;
// ln 2 split as in fdlibm's e_expf.c: LN2_HI_F has 12 trailing zero bits, so k·LN2_HI_F is exact for |k| < 2^12
const LN2_HI_F: f32 = 6.9313812256e-1;
const LN2_LO_F: f32 = 9.0580006145e-6;
const EXP_MAX_F: f32 = 88.72283;
const EXP_MIN_F: f32 = -87.0;
const D7: f32 = 1.98412698e-4;
const D6: f32 = 1.38888889e-3;
const D5: f32 = 8.33333333e-3;
const D4: f32 = 4.16666667e-2;
const D3: f32 = 1.66666667e-1;
const D2: f32 = 0.5;

// @ts-ignore: decorator
@inline
function hornerStepF(r: v128, c: f32, acc: v128): v128 {
  return f32x4.add(f32x4.splat(c), f32x4.mul(r, acc));
}

/** float32 e^x per lane: Cody–Waite reduction, Taylor polynomial to r⁷/7!, times 2^k as two factors. */
// @ts-ignore: decorator
@inline
function expF(x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, f32x4.splat(EXP_MIN_F)), f32x4.splat(EXP_MAX_F));
  const kf = f32x4.floor(f32x4.add(f32x4.mul(xc, f32x4.splat(LOG2E_F)), f32x4.splat(0.5)));
  const r = f32x4.sub(f32x4.sub(xc, f32x4.mul(kf, f32x4.splat(LN2_HI_F))), f32x4.mul(kf, f32x4.splat(LN2_LO_F)));
  let p = f32x4.add(f32x4.splat(D6), f32x4.mul(r, f32x4.splat(D7)));
  p = hornerStepF(r, D5, p);
  p = hornerStepF(r, D4, p);
  p = hornerStepF(r, D3, p);
  p = hornerStepF(r, D2, p);
  p = hornerStepF(r, 1, p);
  p = hornerStepF(r, 1, p);
  const k = i32x4.trunc_sat_f32x4_s(kf);
  const k1 = i32x4.shr_s(k, 1);
  const k2 = i32x4.sub(k, k1);
  const bias = i32x4.splat(127);
  let y = f32x4.mul(f32x4.mul(p, i32x4.shl(i32x4.add(k1, bias), 23)), i32x4.shl(i32x4.add(k2, bias), 23));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, f32x4.splat(EXP_MIN_F)));
  return v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, f32x4.splat(EXP_MAX_F)));
}

// @ts-ignore: decorator
@inline
function sigmoidF(x: v128): v128 {
  const one = f32x4.splat(1);
  return f32x4.div(one, f32x4.add(one, expF(f32x4.neg(x))));
}

// @ts-ignore: decorator
@inline
function tanhF(x: v128): v128 {
  const one = f32x4.splat(1);
  const e = expF(f32x4.mul(f32x4.splat(-2), f32x4.abs(x)));
  const t = f32x4.div(f32x4.sub(one, e), f32x4.add(one, e));
  return v128.bitselect(f32x4.neg(t), t, f32x4.lt(x, f32x4.splat(0)));
}

/** float32 e^x of n numbers at x into y (the twin of gateExpF32, for its test). */
export function gateExpArrayF32(n: i32, x: usize, y: usize): void {
  for (let j = 0; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, f32x4.extract_lane(expF(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/** float32 LSTM forward (lstmForward's layout and operations), four units per step; H ≥ 4. */
export function lstmForwardF32(rows: i32, h: i32, a: usize, sPrev: usize, sNext: usize, cache: usize): void {
  const hb = <usize>h << 2;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * 4 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const nr = sNext + <usize>r * 2 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>(j + 4 > h ? h - 4 : j)) << 2;
      const i = sigmoidF(v128.load(ar + o));
      const f = sigmoidF(v128.load(ar + hb + o));
      const og = sigmoidF(v128.load(ar + 2 * hb + o));
      const z = tanhF(v128.load(ar + 3 * hb + o));
      const c = f32x4.add(f32x4.mul(f, v128.load(pr + hb + o)), f32x4.mul(i, z));
      const tc = tanhF(c);
      v128.store(nr + o, f32x4.mul(og, tc));
      v128.store(nr + hb + o, c);
      v128.store(cr + o, i);
      v128.store(cr + hb + o, f);
      v128.store(cr + 2 * hb + o, og);
      v128.store(cr + 3 * hb + o, z);
      v128.store(cr + 4 * hb + o, tc);
    }
  }
}

/** float32 subLSTM forward (subLstmForward's layout and operations); H ≥ 4. */
export function subLstmForwardF32(rows: i32, h: i32, a: usize, sPrev: usize, sNext: usize, cache: usize): void {
  const hb = <usize>h << 2;
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * 4 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const nr = sNext + <usize>r * 2 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>(j + 4 > h ? h - 4 : j)) << 2;
      const i = sigmoidF(v128.load(ar + o));
      const f = sigmoidF(v128.load(ar + hb + o));
      const og = sigmoidF(v128.load(ar + 2 * hb + o));
      const z = sigmoidF(v128.load(ar + 3 * hb + o));
      const c = f32x4.sub(f32x4.add(f32x4.mul(f, v128.load(pr + hb + o)), z), i);
      const sc = sigmoidF(c);
      v128.store(nr + o, f32x4.sub(sc, og));
      v128.store(nr + hb + o, c);
      v128.store(cr + o, i);
      v128.store(cr + hb + o, f);
      v128.store(cr + 2 * hb + o, og);
      v128.store(cr + 3 * hb + o, z);
      v128.store(cr + 4 * hb + o, sc);
    }
  }
}

/**
 * x with every lane below 2^−100 (≈ 7.9e−31) in magnitude set to +0 (the twin of flushTinyF32 in
 * src/recurrent/float32-kernels.ts, which says why).
 */
@inline function flushTinyF(x: v128): v128 {
  return v128.bitselect(f32x4.splat(0), x, f32x4.lt(f32x4.abs(x), f32x4.splat(7.88860905e-31)));
}

/** float32 LSTM backward (lstmBackward's layout and operations); H ≥ 4. */
export function lstmBackwardF32(rows: i32, h: i32, dS: usize, cache: usize, sPrev: usize, dA: usize, dSPrev: usize): void {
  const hb = <usize>h << 2;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const sr = dS + <usize>r * 2 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const qr = dSPrev + <usize>r * 2 * hb;
    const ar = dA + <usize>r * 4 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>(j + 4 > h ? h - 4 : j)) << 2;
      const i = v128.load(cr + o);
      const f = v128.load(cr + hb + o);
      const og = v128.load(cr + 2 * hb + o);
      const z = v128.load(cr + 3 * hb + o);
      const tc = v128.load(cr + 4 * hb + o);
      const dh = v128.load(sr + o);
      const dc = f32x4.add(v128.load(sr + hb + o), f32x4.mul(f32x4.mul(dh, og), f32x4.sub(one, f32x4.mul(tc, tc))));
      v128.store(ar + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.mul(dc, z), i), f32x4.sub(one, i))));
      v128.store(ar + hb + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.mul(dc, v128.load(pr + hb + o)), f), f32x4.sub(one, f))));
      v128.store(ar + 2 * hb + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.mul(dh, tc), og), f32x4.sub(one, og))));
      v128.store(ar + 3 * hb + o, flushTinyF(f32x4.mul(f32x4.mul(dc, i), f32x4.sub(one, f32x4.mul(z, z)))));
      v128.store(qr + o, zero);
      v128.store(qr + hb + o, flushTinyF(f32x4.mul(dc, f)));
    }
  }
}

/** float32 subLSTM backward (subLstmBackward's layout and operations); H ≥ 4. */
export function subLstmBackwardF32(rows: i32, h: i32, dS: usize, cache: usize, sPrev: usize, dA: usize, dSPrev: usize): void {
  const hb = <usize>h << 2;
  const one = f32x4.splat(1);
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    const sr = dS + <usize>r * 2 * hb;
    const pr = sPrev + <usize>r * 2 * hb;
    const qr = dSPrev + <usize>r * 2 * hb;
    const ar = dA + <usize>r * 4 * hb;
    const cr = cache + <usize>r * 5 * hb;
    for (let j = 0; j < h; j += 4) {
      const o = (<usize>(j + 4 > h ? h - 4 : j)) << 2;
      const i = v128.load(cr + o);
      const f = v128.load(cr + hb + o);
      const og = v128.load(cr + 2 * hb + o);
      const z = v128.load(cr + 3 * hb + o);
      const sc = v128.load(cr + 4 * hb + o);
      const dh = v128.load(sr + o);
      const dc = f32x4.add(v128.load(sr + hb + o), f32x4.mul(f32x4.mul(dh, sc), f32x4.sub(one, sc)));
      v128.store(ar + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.neg(dc), i), f32x4.sub(one, i))));
      v128.store(ar + hb + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.mul(dc, v128.load(pr + hb + o)), f), f32x4.sub(one, f))));
      v128.store(ar + 2 * hb + o, flushTinyF(f32x4.mul(f32x4.mul(f32x4.neg(dh), og), f32x4.sub(one, og))));
      v128.store(ar + 3 * hb + o, flushTinyF(f32x4.mul(f32x4.mul(dc, z), f32x4.sub(one, z))));
      v128.store(qr + o, zero);
      v128.store(qr + hb + o, flushTinyF(f32x4.mul(dc, f)));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// float32 softmax rows of the readout (src/recurrent/readout-float32.ts); twins in
// src/recurrent/softmax-float32.ts.

/** The largest of n float32 numbers at x (NaN if any is NaN; −∞ for n = 0). */
export function rowMaxF32(n: i32, x: usize): f32 {
  let m = f32x4.splat(-Infinity);
  let j = 0;
  for (; j + 3 < n; j += 4) m = f32x4.max(m, v128.load(x + (<usize>j << 2)));
  let s = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; j < n; j++) s = max<f32>(s, load<f32>(x + (<usize>j << 2)));
  return s;
}

/**
 * y[j] = e^{x[j] − shift} (float32, expF) for j < n, and returns their float32 sum: four lane
 * sums over j = 0, 4, 8, … (lane l takes j ≡ l mod 4 below n rounded down to 4), combined as
 * (s0 + s1) + (s2 + s3), then the remaining j in order.
 */
export function expShiftSumF32(n: i32, x: usize, shift: f32, y: usize): f32 {
  const sv = f32x4.splat(shift);
  let acc = f32x4.splat(0);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const o = <usize>j << 2;
    const e = expF(f32x4.sub(v128.load(x + o), sv));
    v128.store(y + o, e);
    acc = f32x4.add(acc, e);
  }
  let s: f32 = (f32x4.extract_lane(acc, 0) + f32x4.extract_lane(acc, 1)) + (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3));
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const e = f32x4.extract_lane(expF(f32x4.splat(load<f32>(x + o) - shift)), 0);
    store<f32>(y + o, e);
    s += e;
  }
  return s;
}

/** x[j] ← x[j]·factor (float32) for j < n. */
export function scaleF32(n: i32, x: usize, factor: f32): void {
  const fv = f32x4.splat(factor);
  let j = 0;
  for (; j + 3 < n; j += 4) {
    const o = <usize>j << 2;
    v128.store(x + o, f32x4.mul(v128.load(x + o), fv));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(x + o, load<f32>(x + o) * factor);
  }
}
