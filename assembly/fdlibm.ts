// exp, log and log1p exactly as V8 computes Math.exp, Math.log and Math.log1p: ports of fdlibm's
// e_exp.c, e_log.c and s_log1p.c (Sun Microsystems, 1993; the versions in V8's
// src/base/ieee754.cc). WebAssembly's f64 arithmetic is IEEE 754 without contraction, so the same
// operations in the same order give the same bits as V8; test/kernels/fdlibm.test.ts checks this
// against Math.* on millions of arguments. AssemblyScript's own Math uses other algorithms
// (musl's), whose last bit differs, which is why the kernels of the fused step use these.

// @ts-ignore: decorator
@inline
function highWord(x: f64): i32 {
  return <i32>(reinterpret<u64>(x) >> 32);
}

// @ts-ignore: decorator
@inline
function lowWord(x: f64): u32 {
  return <u32>reinterpret<u64>(x);
}

// @ts-ignore: decorator
@inline
function withHighWord(x: f64, hi: i32): f64 {
  return reinterpret<f64>((<u64>(<u32>hi) << 32) | (reinterpret<u64>(x) & 0xffffffff));
}

// @ts-ignore: decorator
@inline
function fromWords(hi: i32, lo: u32): f64 {
  return reinterpret<f64>((<u64>(<u32>hi) << 32) | <u64>lo);
}

const LN2_HI: f64 = 6.93147180369123816490e-1; // 0x3fe62e42 fee00000
const LN2_LO: f64 = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const TWO54: f64 = 1.8014398509481984e16;

/** e^x (fdlibm e_exp.c, with V8's exact result at x = 1). */
export function fdlibmExp(x: f64): f64 {
  const P1: f64 = 1.66666666666666019037e-1;
  const P2: f64 = -2.77777777770155933842e-3;
  const P3: f64 = 6.61375632143793436117e-5;
  const P4: f64 = -1.65339022054652515390e-6;
  const P5: f64 = 4.13813679705723846039e-8;
  const twom1000: f64 = 9.33263618503218878990e-302;
  const two1023: f64 = 8.988465674311579539e307;
  let hi: f64 = 0;
  let lo: f64 = 0;
  let k: i32 = 0;
  let hx = highWord(x);
  const xsb = (hx >>> 31) & 1;
  hx &= 0x7fffffff;
  if (hx >= 0x40862e42) {
    // |x| ≥ 709.78…
    if (hx >= 0x7ff00000) {
      if (((hx & 0xfffff) | lowWord(x)) != 0) return x + x; // NaN
      return xsb == 0 ? x : 0.0; // exp(±inf) = {inf, 0}
    }
    if (x > 7.09782712893383973096e2) return Infinity;
    if (x < -7.45133219101941108420e2) return 0.0;
  }
  if (hx > 0x3fd62e42) {
    // |x| > 0.5·ln 2
    if (hx < 0x3ff0a2b2) {
      // and |x| < 1.5·ln 2
      if (x == 1.0) return 2.718281828459045;
      hi = xsb == 0 ? x - LN2_HI : x + LN2_HI;
      lo = xsb == 0 ? LN2_LO : -LN2_LO;
      k = 1 - xsb - xsb;
    } else {
      k = <i32>(1.44269504088896338700 * x + (xsb == 0 ? 0.5 : -0.5));
      const t = <f64>k;
      hi = x - t * LN2_HI; // t·LN2_HI is exact here
      lo = t * LN2_LO;
    }
    x = hi - lo;
  } else if (hx < 0x3e300000) {
    // |x| < 2^-28
    return 1.0 + x;
  } else {
    k = 0;
  }
  const t = x * x;
  const twopk = k >= -1021 ? fromWords(0x3ff00000 + (k << 20), 0) : fromWords(0x3ff00000 + ((k + 1000) << 20), 0);
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k == 0) return 1.0 - ((x * c) / (c - 2.0) - x);
  const y = 1.0 - ((lo - (x * c) / (2.0 - c)) - hi);
  if (k >= -1021) {
    if (k == 1024) return y * 2.0 * two1023;
    return y * twopk;
  }
  return y * twopk * twom1000;
}

const LG1: f64 = 6.666666666666735130e-1;
const LG2: f64 = 3.999999999940941908e-1;
const LG3: f64 = 2.857142874366239149e-1;
const LG4: f64 = 2.222219843214978396e-1;
const LG5: f64 = 1.818357216161805012e-1;
const LG6: f64 = 1.531383769920937332e-1;
const LG7: f64 = 1.479819860511658591e-1;

/** ln x (fdlibm e_log.c). */
export function fdlibmLog(x: f64): f64 {
  let k: i32 = 0;
  let hx = highWord(x);
  const lx = lowWord(x);
  if (hx < 0x00100000) {
    // x < 2^-1022
    if (((hx & 0x7fffffff) | lx) == 0) return -Infinity;
    if (hx < 0) return NaN;
    k -= 54;
    x *= TWO54; // subnormal: scale up
    hx = highWord(x);
  }
  if (hx >= 0x7ff00000) return x + x;
  k += (hx >> 20) - 1023;
  hx &= 0x000fffff;
  let i = (hx + 0x95f64) & 0x100000;
  x = withHighWord(x, hx | (i ^ 0x3ff00000)); // normalise x or x/2
  k += i >> 20;
  const f = x - 1.0;
  if ((0x000fffff & (2 + hx)) < 3) {
    // −2^-20 ≤ f < 2^-20
    if (f == 0.0) {
      if (k == 0) return 0.0;
      const dk = <f64>k;
      return dk * LN2_HI + dk * LN2_LO;
    }
    const R = f * f * (0.5 - 0.33333333333333333 * f);
    if (k == 0) return f - R;
    const dk = <f64>k;
    return dk * LN2_HI - ((R - dk * LN2_LO) - f);
  }
  const s = f / (2.0 + f);
  const dk = <f64>k;
  const z = s * s;
  i = hx - 0x6147a;
  const w = z * z;
  const j = 0x6b851 - hx;
  const t1 = w * (LG2 + w * (LG4 + w * LG6));
  const t2 = z * (LG1 + w * (LG3 + w * (LG5 + w * LG7)));
  i |= j;
  const R = t2 + t1;
  if (i > 0) {
    const hfsq = 0.5 * f * f;
    if (k == 0) return f - (hfsq - s * (hfsq + R));
    return dk * LN2_HI - ((hfsq - (s * (hfsq + R) + dk * LN2_LO)) - f);
  }
  if (k == 0) return f - s * (f - R);
  return dk * LN2_HI - ((s * (f - R) - dk * LN2_LO) - f);
}

/** ln(1 + x) (fdlibm s_log1p.c). */
export function fdlibmLog1p(x: f64): f64 {
  const hx = highWord(x);
  const ax = hx & 0x7fffffff;
  let k: i32 = 1;
  let f: f64 = 0;
  let hu: i32 = 0;
  let c: f64 = 0;
  if (hx < 0x3fda827a) {
    // 1 + x < √2
    if (ax >= 0x3ff00000) {
      // x ≤ −1
      if (x == -1.0) return -Infinity;
      return NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return x - x * x * 0.5;
    }
    if (hx > 0 || hx <= <i32>0xbfd2bec4) {
      // √2/2 ≤ 1 + x < √2
      k = 0;
      f = x;
      hu = 1;
    }
  }
  if (hx >= 0x7ff00000) return x + x;
  if (k != 0) {
    let u: f64;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalise u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalise u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu == 0) {
    // |f| < 2^-20
    if (f == 0.0) {
      if (k == 0) return 0.0;
      c += <f64>k * LN2_LO;
      return <f64>k * LN2_HI + c;
    }
    const R = hfsq * (1.0 - 0.66666666666666666 * f);
    if (k == 0) return f - R;
    return <f64>k * LN2_HI - ((R - (<f64>k * LN2_LO + c)) - f);
  }
  const s = f / (2.0 + f);
  const z = s * s;
  const R = z * (LG1 + z * (LG2 + z * (LG3 + z * (LG4 + z * (LG5 + z * (LG6 + z * LG7))))));
  if (k == 0) return f - (hfsq - s * (hfsq + R));
  return <f64>k * LN2_HI - ((hfsq - (s * (hfsq + R) + (<f64>k * LN2_LO + c))) - f);
}

// ── Two lanes at once ────────────────────────────────────────────────────────────────────────
// The softplus rate γ·(max(x, 0) + log1p(exp(−|x|))) of two arguments in f64x2 lanes, with the
// same bits as the scalar ports above: each lane takes the branch fdlibm takes for it, computed
// for both lanes and selected. Only the ordinary arguments are done this way (20 > |x| > 0 and away
// from log1p's narrow √2 boundary band); a pair with any other lane goes through the scalar ports.
//
// Their constants are read from a table in memory (writeTwoLaneConstants) rather than written as
// v128 constants: V8 rebuilds a v128 constant at every use inside a loop (three instructions: a
// 64-bit move, a move into the vector register and a broadcast), where a load is one, and these
// functions use some forty constants per pair of lanes.

// @ts-ignore: decorator
@inline
function bound(hi: i32): f64 {
  return fromWords(hi, 0);
}

// Byte offsets of the table's v128 entries (each constant in both lanes).
const K_EXP_REDUCED: usize = 0; // bound(0x3fd62e43)
const K_EXP_WIDE: usize = 16; // bound(0x3ff0a2b2)
const K_EXP_TINY: usize = 32; // bound(0x3e300000)
const K_INVLN2: usize = 48;
const K_MINUS_HALF: usize = 64;
const K_MINUS_ONE: usize = 80;
const K_LN2_HI: usize = 96;
const K_LN2_LO: usize = 112;
const K_P1: usize = 128;
const K_P2: usize = 144;
const K_P3: usize = 160;
const K_P4: usize = 176;
const K_P5: usize = 192;
const K_TWO: usize = 208;
const K_ONE: usize = 224;
const K_I1023: usize = 240; // i64 1023
const K_LOG1P_UPPER: usize = 256; // bound(0x3fda827a)
const K_HALF: usize = 272;
const K_LG1: usize = 288;
const K_LG2: usize = 304;
const K_LG3: usize = 320;
const K_LG4: usize = 336;
const K_LG5: usize = 352;
const K_LG6: usize = 368;
const K_LG7: usize = 384;
const K_SOFTPLUS_SMALL: usize = 400; // 2^-20
const K_TWENTY: usize = 416;
const K_SQRT2_BAND: usize = 432; // bound(0x3ff6a09e)
const K_I_MANTISSA: usize = 448; // i64 0x000fffff
const K_I_95F64: usize = 464;
const K_I_100000: usize = 480;
const K_I_3FF00000: usize = 496;
const K_I_LOW_WORD: usize = 512; // i64 0xffffffff
const K_I_6147A: usize = 528;
const K_I_6B851: usize = 544;
const K_I_MIN_NORMAL: usize = 560; // i64 0x00100000
const K_I_EXPONENT_MAX: usize = 576; // i64 0x7ff00000
const K_I_TWO: usize = 592;
const K_I_THREE: usize = 608;

/** Bytes of the constant table of the two-lane functions. */
export const TWO_LANE_CONSTANT_BYTES: usize = 624;

/** Writes the table of constants the two-lane functions read at `k` (TWO_LANE_CONSTANT_BYTES bytes). */
export function writeTwoLaneConstants(k: usize): void {
  v128.store(k + K_EXP_REDUCED, f64x2.splat(bound(0x3fd62e43)));
  v128.store(k + K_EXP_WIDE, f64x2.splat(bound(0x3ff0a2b2)));
  v128.store(k + K_EXP_TINY, f64x2.splat(bound(0x3e300000)));
  v128.store(k + K_INVLN2, f64x2.splat(1.44269504088896338700));
  v128.store(k + K_MINUS_HALF, f64x2.splat(-0.5));
  v128.store(k + K_MINUS_ONE, f64x2.splat(-1));
  v128.store(k + K_LN2_HI, f64x2.splat(LN2_HI));
  v128.store(k + K_LN2_LO, f64x2.splat(LN2_LO));
  v128.store(k + K_P1, f64x2.splat(1.66666666666666019037e-1));
  v128.store(k + K_P2, f64x2.splat(-2.77777777770155933842e-3));
  v128.store(k + K_P3, f64x2.splat(6.61375632143793436117e-5));
  v128.store(k + K_P4, f64x2.splat(-1.65339022054652515390e-6));
  v128.store(k + K_P5, f64x2.splat(4.13813679705723846039e-8));
  v128.store(k + K_TWO, f64x2.splat(2.0));
  v128.store(k + K_ONE, f64x2.splat(1.0));
  v128.store(k + K_I1023, i64x2.splat(1023));
  v128.store(k + K_LOG1P_UPPER, f64x2.splat(bound(0x3fda827a)));
  v128.store(k + K_HALF, f64x2.splat(0.5));
  v128.store(k + K_LG1, f64x2.splat(LG1));
  v128.store(k + K_LG2, f64x2.splat(LG2));
  v128.store(k + K_LG3, f64x2.splat(LG3));
  v128.store(k + K_LG4, f64x2.splat(LG4));
  v128.store(k + K_LG5, f64x2.splat(LG5));
  v128.store(k + K_LG6, f64x2.splat(LG6));
  v128.store(k + K_LG7, f64x2.splat(LG7));
  v128.store(k + K_SOFTPLUS_SMALL, f64x2.splat(9.5367431640625e-7));
  v128.store(k + K_TWENTY, f64x2.splat(20.0));
  v128.store(k + K_SQRT2_BAND, f64x2.splat(bound(0x3ff6a09e)));
  v128.store(k + K_I_MANTISSA, i64x2.splat(0x000fffff));
  v128.store(k + K_I_95F64, i64x2.splat(0x95f64));
  v128.store(k + K_I_100000, i64x2.splat(0x100000));
  v128.store(k + K_I_3FF00000, i64x2.splat(0x3ff00000));
  v128.store(k + K_I_LOW_WORD, i64x2.splat(0xffffffff));
  v128.store(k + K_I_6147A, i64x2.splat(0x6147a));
  v128.store(k + K_I_6B851, i64x2.splat(0x6b851));
  v128.store(k + K_I_MIN_NORMAL, i64x2.splat(0x00100000));
  v128.store(k + K_I_EXPONENT_MAX, i64x2.splat(0x7ff00000));
  v128.store(k + K_I_TWO, i64x2.splat(2));
  v128.store(k + K_I_THREE, i64x2.splat(3));
}

// @ts-ignore: decorator
@inline
function kv(k: usize, offset: usize): v128 {
  return v128.load(k + offset);
}

/** exp(z) for z in [−700, 0] in both lanes (fdlibm e_exp.c's branches, selected per lane); constants at k. */
// @ts-ignore: decorator
@inline
function expNonPositive2(z: v128, k: usize): v128 {
  const a = f64x2.abs(z);
  const reduced = f64x2.ge(a, kv(k, K_EXP_REDUCED)); // hx > 0x3fd62e42: k ≠ 0
  const wide = f64x2.ge(a, kv(k, K_EXP_WIDE)); // k from invln2·z; else k = −1
  const tiny = f64x2.lt(a, kv(k, K_EXP_TINY)); // |z| < 2^-28: 1 + z
  // k = −1 (|z| < 1.5·ln 2) gives hi = z + ln2_hi, lo = −ln2_lo: the general formulas at t = −1.
  const t = v128.bitselect(f64x2.trunc(f64x2.add(f64x2.mul(kv(k, K_INVLN2), z), kv(k, K_MINUS_HALF))), kv(k, K_MINUS_ONE), wide);
  const hi = f64x2.sub(z, f64x2.mul(t, kv(k, K_LN2_HI)));
  const lo = f64x2.mul(t, kv(k, K_LN2_LO));
  const x = v128.bitselect(f64x2.sub(hi, lo), z, reduced);
  const tt = f64x2.mul(x, x);
  let poly = f64x2.add(kv(k, K_P4), f64x2.mul(tt, kv(k, K_P5)));
  poly = f64x2.add(kv(k, K_P3), f64x2.mul(tt, poly));
  poly = f64x2.add(kv(k, K_P2), f64x2.mul(tt, poly));
  poly = f64x2.add(kv(k, K_P1), f64x2.mul(tt, poly));
  const c = f64x2.sub(x, f64x2.mul(tt, poly));
  // k = 0: 1 − ((x·c)/(c − 2) − x); k ≠ 0: 1 − ((lo − (x·c)/(2 − c)) − hi), where (x·c)/(2 − c) = −q exactly
  const q = f64x2.div(f64x2.mul(x, c), f64x2.sub(c, kv(k, K_TWO)));
  const one = kv(k, K_ONE);
  const small = f64x2.sub(one, f64x2.sub(q, x));
  const n = i64x2.extend_low_i32x4_s(i32x4.trunc_sat_f64x2_s_zero(t));
  const twopk = i64x2.shl(i64x2.add(n, kv(k, K_I1023)), 52);
  const large = f64x2.mul(f64x2.sub(one, f64x2.sub(f64x2.add(lo, q), hi)), twopk);
  return v128.bitselect(f64x2.add(one, z), v128.bitselect(large, small, reduced), tiny);
}

/** log1p(t) for t in [2^-29, 1) in both lanes, away from the √2 band (fdlibm s_log1p.c's two main branches); constants at k. */
// @ts-ignore: decorator
@inline
function log1pUnit2(t: v128, k: usize): v128 {
  const one = kv(k, K_ONE);
  const upper = f64x2.ge(t, kv(k, K_LOG1P_UPPER)); // 1 + t ≥ √2: k = 1, f = (1 + t)/2 − 1
  const u = f64x2.add(one, t);
  const c = f64x2.div(f64x2.sub(t, f64x2.sub(u, one)), u);
  const f = v128.bitselect(f64x2.sub(f64x2.mul(u, kv(k, K_HALF)), one), t, upper);
  const hfsq = f64x2.mul(f64x2.mul(kv(k, K_HALF), f), f);
  const s = f64x2.div(f, f64x2.add(kv(k, K_TWO), f));
  const z = f64x2.mul(s, s);
  let R = f64x2.add(kv(k, K_LG6), f64x2.mul(z, kv(k, K_LG7)));
  R = f64x2.add(kv(k, K_LG5), f64x2.mul(z, R));
  R = f64x2.add(kv(k, K_LG4), f64x2.mul(z, R));
  R = f64x2.add(kv(k, K_LG3), f64x2.mul(z, R));
  R = f64x2.add(kv(k, K_LG2), f64x2.mul(z, R));
  R = f64x2.add(kv(k, K_LG1), f64x2.mul(z, R));
  R = f64x2.mul(z, R);
  const sr = f64x2.mul(s, f64x2.add(hfsq, R));
  const lower = f64x2.sub(f, f64x2.sub(hfsq, sr));
  const higher = f64x2.sub(kv(k, K_LN2_HI), f64x2.sub(f64x2.sub(hfsq, f64x2.add(sr, f64x2.add(kv(k, K_LN2_LO), c))), f));
  return v128.bitselect(higher, lower, upper);
}

/** Whether both lanes' arguments x = β(u − θ) are ordinary for softplus2 (see below); constants at k. */
// @ts-ignore: decorator
@inline
function ordinarySoftplus2(x: v128, e: v128, k: usize): bool {
  const a = f64x2.abs(x);
  // 2^-20 ≤ |x| < 20 (so exp(−|x|) is in [2^-29, 1) and not rounded to 1), and 1 + exp(−|x|) not in [bound(0x3fda827a) + 1, bound(0x3ff6a09e)),
  // where fdlibm normalises without halving; NaN fails the first test.
  const ok = v128.and(f64x2.ge(a, kv(k, K_SOFTPLUS_SMALL)), f64x2.lt(a, kv(k, K_TWENTY)));
  const band = v128.and(f64x2.ge(e, kv(k, K_LOG1P_UPPER)), f64x2.lt(f64x2.add(kv(k, K_ONE), e), kv(k, K_SQRT2_BAND)));
  return v128.all_true<i64>(v128.andnot(ok, band));
}

/**
 * γ·(max(x, 0) + log1p(exp(−|x|))) for two arguments x = β(u − θ), with the scalar ports' bits;
 * k: the table written by writeTwoLaneConstants.
 */
// @ts-ignore: decorator
@inline
export function softplus2(x: v128, gamma: f64, k: usize): v128 {
  const e = expNonPositive2(f64x2.neg(f64x2.abs(x)), k);
  if (ordinarySoftplus2(x, e, k)) {
    return f64x2.mul(f64x2.splat(gamma), f64x2.add(f64x2.pmax(f64x2.splat(0), x), log1pUnit2(e, k)));
  }
  const x0 = f64x2.extract_lane(x, 0);
  const x1 = f64x2.extract_lane(x, 1);
  const r0 = gamma * ((x0 > 0 ? x0 : 0) + fdlibmLog1p(fdlibmExp(-Math.abs(x0))));
  const r1 = gamma * ((x1 > 0 ? x1 : 0) + fdlibmLog1p(fdlibmExp(-Math.abs(x1))));
  return f64x2.replace_lane(f64x2.splat(r0), 1, r1);
}

/**
 * dst[i] = γ·softplus(β(src[i] − θ)) through softplus2 (pairs) and a scalar tail, with the
 * constant table written at `table` (TWO_LANE_CONSTANT_BYTES bytes): for test/kernels/fdlibm.test.ts.
 */
export function softplusPairs(src: usize, dst: usize, n: i32, beta: f64, theta: f64, gamma: f64, table: usize): void {
  writeTwoLaneConstants(table);
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const o = <usize>i << 3;
    v128.store(dst + o, softplus2(f64x2.mul(f64x2.splat(beta), f64x2.sub(v128.load(src + o), f64x2.splat(theta))), gamma, table));
  }
  for (; i < n; i++) {
    const x = beta * (load<f64>(src + (<usize>i << 3)) - theta);
    store<f64>(dst + (<usize>i << 3), gamma * ((x > 0 ? x : 0) + fdlibmLog1p(fdlibmExp(-Math.abs(x)))));
  }
}

/**
 * ln s for s in both lanes (fdlibm e_log.c's two main branches, selected per lane); valid when
 * ordinaryLog2Lanes(s) (otherwise the caller uses fdlibmLog for that pair). Constants at k.
 */
// @ts-ignore: decorator
@inline
export function log2Lanes(s: v128, k: usize): v128 {
  const bits = s;
  const hx0 = i64x2.shr_u(bits, 32); // high words (s > 0)
  const m = v128.and(hx0, kv(k, K_I_MANTISSA));
  const i = v128.and(i64x2.add(m, kv(k, K_I_95F64)), kv(k, K_I_100000));
  const n = i64x2.add(i64x2.sub(i64x2.shr_u(hx0, 20), kv(k, K_I1023)), i64x2.shr_u(i, 20));
  const normalised = v128.or(i64x2.shl(v128.or(m, v128.xor(i, kv(k, K_I_3FF00000))), 32), v128.and(bits, kv(k, K_I_LOW_WORD)));
  const f = f64x2.sub(normalised, kv(k, K_ONE));
  const dk = f64x2.convert_low_i32x4_s(v128.shuffle<i32>(n, n, 0, 2, 0, 2));
  const sr = f64x2.div(f, f64x2.add(kv(k, K_TWO), f));
  const z = f64x2.mul(sr, sr);
  const w = f64x2.mul(z, z);
  const t1 = f64x2.mul(w, f64x2.add(kv(k, K_LG2), f64x2.mul(w, f64x2.add(kv(k, K_LG4), f64x2.mul(w, kv(k, K_LG6))))));
  const t2 = f64x2.mul(z, f64x2.add(kv(k, K_LG1), f64x2.mul(w, f64x2.add(kv(k, K_LG3), f64x2.mul(w, f64x2.add(kv(k, K_LG5), f64x2.mul(w, kv(k, K_LG7))))))));
  const R = f64x2.add(t2, t1);
  const positive = i64x2.gt_s(v128.or(i64x2.sub(m, kv(k, K_I_6147A)), i64x2.sub(kv(k, K_I_6B851), m)), i64x2.splat(0));
  const kZero = i64x2.eq(n, i64x2.splat(0));
  const hfsq = f64x2.mul(f64x2.mul(kv(k, K_HALF), f), f);
  const shR = f64x2.mul(sr, f64x2.add(hfsq, R));
  const sfR = f64x2.mul(sr, f64x2.sub(f, R));
  const hiK = f64x2.mul(dk, kv(k, K_LN2_HI));
  const loK = f64x2.mul(dk, kv(k, K_LN2_LO));
  const pos = v128.bitselect(f64x2.sub(f, f64x2.sub(hfsq, shR)), f64x2.sub(hiK, f64x2.sub(f64x2.sub(hfsq, f64x2.add(shR, loK)), f)), kZero);
  const neg = v128.bitselect(f64x2.sub(f, sfR), f64x2.sub(hiK, f64x2.sub(f64x2.sub(sfR, loK), f)), kZero);
  return v128.bitselect(pos, neg, positive);
}

/** Whether log2Lanes gives fdlibm's bits for both lanes: s normal and positive, and not within 2^-20 of a power of two. Constants at k. */
// @ts-ignore: decorator
@inline
export function ordinaryLog2Lanes(s: v128, k: usize): bool {
  const hx = i64x2.shr_u(s, 32);
  const normal = v128.and(i64x2.ge_s(hx, kv(k, K_I_MIN_NORMAL)), i64x2.lt_s(hx, kv(k, K_I_EXPONENT_MAX)));
  const nearPower = i64x2.lt_s(v128.and(i64x2.add(hx, kv(k, K_I_TWO)), kv(k, K_I_MANTISSA)), kv(k, K_I_THREE));
  return v128.all_true<i64>(v128.andnot(normal, nearPower));
}
