/**
 * The float32 arithmetic of the recurrent layers' `precision: 'float32'`, in plain JavaScript: the
 * readable reference and the bit-identical twin of the f32x4 kernels of
 * assembly/recurrent-kernels.ts (gemmAccumulateF32, gateExpArrayF32, lstmForwardF32, …).
 *
 * Every operation is the double operation rounded by Math.fround. For +, −, ×, ÷ of two float32
 * numbers that is exactly the IEEE-754 single-precision operation (the double result is rounded
 * once more, which for these operations never changes the float32 rounding: 53 ≥ 2·24 + 2), so
 * the JavaScript and WebAssembly kernels give the same bits, operation for operation and in the
 * same order. Arrays are Float32Arrays (storing into one rounds with Math.fround). No function
 * allocates.
 *
 * The cell steps here repeat the loops of the float64 cells (cells/lstm.ts, cells/sublstm.ts) on
 * purpose: each is the twin, operation for operation, of a WebAssembly kernel, with every rounding
 * (fr) and the gradient floor written where that kernel rounds and floors. One loop for both
 * precisions would need a rounding function called per operation, which the float64 path must not
 * pay and which would hide the order of operations that bit-identity rests on. The LSTM and subLSTM
 * steps share their indexing and not their formulas, and are written out per cell for the reason
 * the float64 cells are (gated-memory-cell.ts).
 */

const fr = Math.fround;

/** Gradients below this in magnitude are written as 0 by the float32 backward sweeps: 2^−100. */
export const FLOAT32_GRADIENT_FLOOR = 2 ** -100;

/**
 * x rounded to float32, or +0 when that is below FLOAT32_GRADIENT_FLOOR in magnitude (the twin of
 * flushTinyF in assembly/recurrent-kernels.ts). The backward sweeps write dL/da and dL/dc through
 * this. Over hundreds of steps a gradient decays geometrically (×f per step through the memory
 * cell), and once it nears 2^−126 its products with weights and states fall into the subnormal
 * range, where x86 arithmetic is 10–100× slower and WebAssembly offers no flush-to-zero mode: a
 * pixel-by-pixel MNIST subLSTM window ran 6× slower than the LSTM's for that reason. A term of
 * 2^−100 ≈ 8e−31 sits some 20 orders of magnitude below the summed gradients the optimizer sees,
 * far under float32 resolution (2^−24 relative), so dropping it changes nothing measurable.
 */
export function flushTinyF32(x: number): number {
  const y = fr(x);
  return Math.abs(y) < FLOAT32_GRADIENT_FLOOR ? 0 : y;
}

const LOG2E_F = fr(1.44269502);
/** ln 2 split as in fdlibm's e_expf.c: LN2_HI_F has 12 trailing zero bits, so k·LN2_HI_F is exact for |k| < 2^12. */
const LN2_HI_F = fr(6.9313812256e-1);
const LN2_LO_F = fr(9.0580006145e-6);
/** Largest x with a finite float32 e^x (ln of the largest float32, rounded to float32). */
export const EXP_MAX_F32 = fr(88.72283);
/** Below this x, e^x is returned as 0 (e^x would be near the smallest normal float32). */
export const EXP_MIN_F32 = fr(-87.0);
/** Taylor coefficients 1/n!, n = 7 … 2, rounded to float32. */
const D7 = fr(1.98412698e-4);
const D6 = fr(1.38888889e-3);
const D5 = fr(8.33333333e-3);
const D4 = fr(4.16666667e-2);
const D3 = fr(1.66666667e-1);
const D2 = fr(0.5);

/** 2^k for k = −64 … 64 at index k + 64 (exact powers of two, normal float32 numbers). */
const POW2_F32 = Float32Array.from({ length: 129 }, (_, i) => 2 ** (i - 64));

/**
 * float32 e^x: x clamped to [EXP_MIN_F32, EXP_MAX_F32], Cody–Waite reduction k = ⌊x·log₂e + ½⌋,
 * r = (x − k·ln2_hi) − k·ln2_lo, e^r by its Taylor polynomial to r⁷/7! (truncation below 1e−8
 * relative for |r| ≤ ½ ln 2), times 2^k as two exact factors 2^⌊k/2⌋·2^(k−⌊k/2⌋). 0 below
 * EXP_MIN_F32, +∞ above EXP_MAX_F32, NaN for NaN. Within a few float32 ulp of e^x
 * (test/recurrent/float32-kernels.test.ts).
 */
export function gateExpF32(x: number): number {
  // the kernel's pmax/pmin: a NaN passes through both
  let xc = x < EXP_MIN_F32 ? EXP_MIN_F32 : x;
  xc = EXP_MAX_F32 < xc ? EXP_MAX_F32 : xc;
  const k = Math.floor(fr(fr(xc * LOG2E_F) + 0.5));
  const r = fr(fr(xc - fr(k * LN2_HI_F)) - fr(k * LN2_LO_F));
  let p = fr(D6 + fr(r * D7));
  p = fr(D5 + fr(r * p));
  p = fr(D4 + fr(r * p));
  p = fr(D3 + fr(r * p));
  p = fr(D2 + fr(r * p));
  p = fr(1 + fr(r * p));
  p = fr(1 + fr(r * p));
  const k1 = k >> 1;
  const y = fr(fr(p * POW2_F32[k1 + 64]) * POW2_F32[k - k1 + 64]);
  if (x < EXP_MIN_F32) return 0;
  if (x > EXP_MAX_F32) return Infinity;
  return y;
}

/** float32 σ(x) = 1/(1 + e^{−x}). */
export function gateSigmoidF32(x: number): number {
  return fr(1 / fr(1 + gateExpF32(-x)));
}

/** float32 tanh(x) = sign(x)·(1 − e^{−2|x|})/(1 + e^{−2|x|}). */
export function gateTanhF32(x: number): number {
  const e = gateExpF32(fr(-2 * Math.abs(x)));
  const t = fr(fr(1 - e) / fr(1 + e));
  return x < 0 ? -t : t;
}

/**
 * float32 C[i, j] += Σ_k A(i, k)·B[k, j] for i < m, j < n, k < kk, with A(i, k) at
 * a[aOff + i·aRow + k·aCol], B[k, j] at b[bOff + k·ldb + j], C[i, j] at c[cOff + i·ldc + j]. Per
 * element: c ← c + (A(i,k)·B[k,j] + A(i,k+1)·B[k+1,j]) for k = 0, 2, …, then c ← c + A(i,kk−1)·B[kk−1,j]
 * when kk is odd, every operation in float32. (aRow, aCol) = (lda, 1) is C += A·B, (1, lda) is C += Aᵀ·B.
 */
export function gemmAccumulateF32(
  m: number,
  n: number,
  kk: number,
  a: Float32Array,
  aOff: number,
  aRow: number,
  aCol: number,
  b: Float32Array,
  bOff: number,
  ldb: number,
  c: Float32Array,
  cOff: number,
  ldc: number,
): void {
  const k2 = kk - (kk % 2);
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * aRow;
    const c0 = cOff + i * ldc;
    for (let k = 0; k < k2; k += 2) {
      const p0 = a[ai + k * aCol];
      const p1 = a[ai + (k + 1) * aCol];
      const b0 = bOff + k * ldb;
      const b1 = b0 + ldb;
      for (let j = 0; j < n; j++) c[c0 + j] += fr(fr(p0 * b[b0 + j]) + fr(p1 * b[b1 + j]));
    }
    if (k2 < kk) {
      const p = a[ai + k2 * aCol];
      const r = bOff + k2 * ldb;
      for (let j = 0; j < n; j++) c[c0 + j] += fr(p * b[r + j]);
    }
  }
}

/**
 * float32 LSTM forward of `rows` rows of H units (LstmCell.forward's layout): pre-activation rows
 * [i f o z] (4H), state rows [h; c] (2H), cache rows [i f o z tanh c] (5H).
 */
export function lstmForwardF32(rows: number, h: number, a: Float32Array, aOff: number, sPrev: Float32Array, sPrevOff: number, sNext: Float32Array, sNextOff: number, cache: Float32Array, cacheOff: number): void {
  for (let r = 0; r < rows; r++) {
    const ar = aOff + r * 4 * h;
    const pr = sPrevOff + r * 2 * h;
    const nr = sNextOff + r * 2 * h;
    const cr = cacheOff + r * 5 * h;
    for (let j = 0; j < h; j++) {
      const i = gateSigmoidF32(a[ar + j]);
      const f = gateSigmoidF32(a[ar + h + j]);
      const o = gateSigmoidF32(a[ar + 2 * h + j]);
      const z = gateTanhF32(a[ar + 3 * h + j]);
      const c = fr(fr(f * sPrev[pr + h + j]) + fr(i * z));
      const tc = gateTanhF32(c);
      sNext[nr + j] = o * tc;
      sNext[nr + h + j] = c;
      cache[cr + j] = i;
      cache[cr + h + j] = f;
      cache[cr + 2 * h + j] = o;
      cache[cr + 3 * h + j] = z;
      cache[cr + 4 * h + j] = tc;
    }
  }
}

/** float32 subLSTM forward (SubLstmCell.forward's layout): c = f⊙c_prev + z − i, h = σ(c) − o; cache [i f o z σ(c)]. */
export function subLstmForwardF32(rows: number, h: number, a: Float32Array, aOff: number, sPrev: Float32Array, sPrevOff: number, sNext: Float32Array, sNextOff: number, cache: Float32Array, cacheOff: number): void {
  for (let r = 0; r < rows; r++) {
    const ar = aOff + r * 4 * h;
    const pr = sPrevOff + r * 2 * h;
    const nr = sNextOff + r * 2 * h;
    const cr = cacheOff + r * 5 * h;
    for (let j = 0; j < h; j++) {
      const i = gateSigmoidF32(a[ar + j]);
      const f = gateSigmoidF32(a[ar + h + j]);
      const o = gateSigmoidF32(a[ar + 2 * h + j]);
      const z = gateSigmoidF32(a[ar + 3 * h + j]);
      const c = fr(fr(fr(f * sPrev[pr + h + j]) + z) - i);
      const sc = gateSigmoidF32(c);
      sNext[nr + j] = sc - o;
      sNext[nr + h + j] = c;
      cache[cr + j] = i;
      cache[cr + h + j] = f;
      cache[cr + 2 * h + j] = o;
      cache[cr + 3 * h + j] = z;
      cache[cr + 4 * h + j] = sc;
    }
  }
}

/**
 * float32 LSTM backward (LstmCell.backward): from dL/ds_t (dS rows [dh; dc]), the cache and
 * s_{t−1}, writes dL/da (dA rows [i f o z]) and the part of dL/ds_{t−1} not through Wh (dSPrev: 0
 * for h, dc⊙f for c).
 */
export function lstmBackwardF32(rows: number, h: number, dS: Float32Array, dSOff: number, cache: Float32Array, cacheOff: number, sPrev: Float32Array, sPrevOff: number, dA: Float32Array, dAOff: number, dSPrev: Float32Array, dSPrevOff: number): void {
  for (let r = 0; r < rows; r++) {
    const sr = dSOff + r * 2 * h;
    const pr = sPrevOff + r * 2 * h;
    const qr = dSPrevOff + r * 2 * h;
    const ar = dAOff + r * 4 * h;
    const cr = cacheOff + r * 5 * h;
    for (let j = 0; j < h; j++) {
      const i = cache[cr + j];
      const f = cache[cr + h + j];
      const o = cache[cr + 2 * h + j];
      const z = cache[cr + 3 * h + j];
      const tc = cache[cr + 4 * h + j];
      const dh = dS[sr + j];
      const dc = fr(dS[sr + h + j] + fr(fr(dh * o) * fr(1 - fr(tc * tc))));
      dA[ar + j] = flushTinyF32(fr(fr(dc * z) * i) * fr(1 - i));
      dA[ar + h + j] = flushTinyF32(fr(fr(dc * sPrev[pr + h + j]) * f) * fr(1 - f));
      dA[ar + 2 * h + j] = flushTinyF32(fr(fr(dh * tc) * o) * fr(1 - o));
      dA[ar + 3 * h + j] = flushTinyF32(fr(dc * i) * fr(1 - fr(z * z)));
      dSPrev[qr + j] = 0;
      dSPrev[qr + h + j] = flushTinyF32(dc * f);
    }
  }
}

/** float32 subLSTM backward (SubLstmCell.backward): dc = dS_c + dh⊙σ(c)(1 − σ(c)), dSPrev = [0; dc⊙f]. */
export function subLstmBackwardF32(rows: number, h: number, dS: Float32Array, dSOff: number, cache: Float32Array, cacheOff: number, sPrev: Float32Array, sPrevOff: number, dA: Float32Array, dAOff: number, dSPrev: Float32Array, dSPrevOff: number): void {
  for (let r = 0; r < rows; r++) {
    const sr = dSOff + r * 2 * h;
    const pr = sPrevOff + r * 2 * h;
    const qr = dSPrevOff + r * 2 * h;
    const ar = dAOff + r * 4 * h;
    const cr = cacheOff + r * 5 * h;
    for (let j = 0; j < h; j++) {
      const i = cache[cr + j];
      const f = cache[cr + h + j];
      const o = cache[cr + 2 * h + j];
      const z = cache[cr + 3 * h + j];
      const sc = cache[cr + 4 * h + j];
      const dh = dS[sr + j];
      const dc = fr(dS[sr + h + j] + fr(fr(dh * sc) * fr(1 - sc)));
      dA[ar + j] = flushTinyF32(fr(-dc * i) * fr(1 - i));
      dA[ar + h + j] = flushTinyF32(fr(fr(dc * sPrev[pr + h + j]) * f) * fr(1 - f));
      dA[ar + 2 * h + j] = flushTinyF32(fr(-dh * o) * fr(1 - o));
      dA[ar + 3 * h + j] = flushTinyF32(fr(dc * z) * fr(1 - z));
      dSPrev[qr + j] = 0;
      dSPrev[qr + h + j] = flushTinyF32(dc * f);
    }
  }
}
