/**
 * Hand-written matrix–matrix products of the recurrent core, on flat row-major Float64Arrays with
 * explicit offsets and leading dimensions (row strides), so a block of a larger buffer (the h part
 * of a [h; c] state tape, one time step of a sequence tape) is read in place without a copy.
 *
 * All three accumulate (C += …): callers zero or pre-fill C (with a bias, say) first. Register
 * blocking: NT keeps 2 rows × 4 columns of dot products in locals; NN and TN update 4 rows of C
 * from 2 rows of B per pass (the axpy form, inner loop along contiguous rows), so every loaded
 * number feeds several multiply–adds. The hot 4-row loops live in their own small functions:
 * with a remainder branch in the same loop nest V8 compiled them ~1.7× slower. In isolation on this
 * machine (batch 20, G = 400, H = 100) the 4 × 2 axpy form runs at ~9.8 GFLOP/s against ~4.8 for
 * 2 × 4 blocking and ~4.4 for the dot form (bench/recurrent.ts measures the whole step).
 * Loops allocate nothing.
 */

/**
 * C[i, j] += Σ_k A[i, k] · B[j, k] for i < m, j < n, k < kk (C += A·Bᵀ): pre-activations of a
 * batch (A = inputs, rows = sequences) from a weight matrix B stored one output unit per row.
 */
export function gemmNT(
  m: number,
  n: number,
  kk: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const m2 = m - (m % 2);
  const n4 = n - (n % 4);
  // four rows of B stay in L1 while all rows of A pass by
  for (let j = 0; j < n4; j += 4) {
    const b0 = bOff + j * ldb;
    const b1 = b0 + ldb;
    const b2 = b1 + ldb;
    const b3 = b2 + ldb;
    let i = 0;
    for (; i < m2; i += 2) {
      const a0 = aOff + i * lda;
      const a1 = a0 + lda;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let k = 0; k < kk; k++) {
        const x0 = a[a0 + k];
        const x1 = a[a1 + k];
        const w0 = b[b0 + k];
        const w1 = b[b1 + k];
        const w2 = b[b2 + k];
        const w3 = b[b3 + k];
        s00 += x0 * w0;
        s01 += x0 * w1;
        s02 += x0 * w2;
        s03 += x0 * w3;
        s10 += x1 * w0;
        s11 += x1 * w1;
        s12 += x1 * w2;
        s13 += x1 * w3;
      }
      const c0 = cOff + i * ldc + j;
      const c1 = c0 + ldc;
      c[c0] += s00;
      c[c0 + 1] += s01;
      c[c0 + 2] += s02;
      c[c0 + 3] += s03;
      c[c1] += s10;
      c[c1 + 1] += s11;
      c[c1 + 2] += s12;
      c[c1 + 3] += s13;
    }
    for (; i < m; i++) {
      const a0 = aOff + i * lda;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let k = 0; k < kk; k++) {
        const x0 = a[a0 + k];
        s0 += x0 * b[b0 + k];
        s1 += x0 * b[b1 + k];
        s2 += x0 * b[b2 + k];
        s3 += x0 * b[b3 + k];
      }
      const c0 = cOff + i * ldc + j;
      c[c0] += s0;
      c[c0 + 1] += s1;
      c[c0 + 2] += s2;
      c[c0 + 3] += s3;
    }
  }
  for (let j = n4; j < n; j++) {
    const b0 = bOff + j * ldb;
    for (let i = 0; i < m; i++) {
      const a0 = aOff + i * lda;
      let s = 0;
      for (let k = 0; k < kk; k++) s += a[a0 + k] * b[b0 + k];
      c[cOff + i * ldc + j] += s;
    }
  }
}

/**
 * C[i, j] += Σ_k A[i, k] · B[k, j] (C += A·B): the forward pre-activations from transposed weights
 * (B = Wᵀ, one input unit per row, so the inner loop runs along a contiguous row of G numbers), and
 * the gradient of a batch's inputs from its pre-activation gradients (A) and the weights (B = W).
 * Blocking: 4 rows of A × 2 of B per pass over a row of C (4 C rows updated per 2 B loads).
 */
export function gemmNN(
  m: number,
  n: number,
  kk: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const m4 = m - (m % 4);
  const k2 = kk - (kk % 2);
  for (let i = 0; i < m4; i += 4) nnFourRows(n, k2, a, aOff + i * lda, lda, b, bOff, ldb, c, cOff + i * ldc, ldc);
  let i = m4;
  // leftover rows sum in the same order (pairs of k) as the blocked rows, so a row's result does
  // not depend on its position in the batch
  for (; i < m; i++) {
    const a0 = aOff + i * lda;
    const c0 = cOff + i * ldc;
    for (let k = 0; k < k2; k += 2) {
      const p0 = a[a0 + k];
      const p1 = a[a0 + k + 1];
      const b0 = bOff + k * ldb;
      const b1 = b0 + ldb;
      for (let j = 0; j < n; j++) c[c0 + j] += p0 * b[b0 + j] + p1 * b[b1 + j];
    }
  }
  // an odd last k as a separate rank-1 pass: a remainder branch inside the blocked loop nest
  // makes V8 compile the hot loop about 1.7× slower
  if (k2 < kk) {
    const r = bOff + k2 * ldb;
    for (let row = 0; row < m; row++) {
      const p = a[aOff + row * lda + k2];
      const c0 = cOff + row * ldc;
      for (let j = 0; j < n; j++) c[c0 + j] += p * b[r + j];
    }
  }
}

/** Rows 0…3 of C += A·B over the first k2 (even) columns of A: the hot loop of gemmNN, kept in its own small function, which V8 compiles into tighter code. */
function nnFourRows(n: number, k2: number, a: Float64Array, a0: number, lda: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, c0: number, ldc: number): void {
  const a1 = a0 + lda;
  const a2 = a1 + lda;
  const a3 = a2 + lda;
  const c1 = c0 + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  for (let k = 0; k < k2; k += 2) {
    const p0 = a[a0 + k], p1 = a[a0 + k + 1];
    const q0 = a[a1 + k], q1 = a[a1 + k + 1];
    const r0 = a[a2 + k], r1 = a[a2 + k + 1];
    const s0 = a[a3 + k], s1 = a[a3 + k + 1];
    const b0 = bOff + k * ldb;
    const b1 = b0 + ldb;
    for (let j = 0; j < n; j++) {
      const w0 = b[b0 + j];
      const w1 = b[b1 + j];
      c[c0 + j] += p0 * w0 + p1 * w1;
      c[c1 + j] += q0 * w0 + q1 * w1;
      c[c2 + j] += r0 * w0 + r1 * w1;
      c[c3 + j] += s0 * w0 + s1 * w1;
    }
  }
}

/** Rows of the shared operand held in cache while the rows of C pass over them (TN). */
const TN_TILE = 32;

/**
 * C[i, j] += Σ_k A[k, i] · B[k, j] (C += Aᵀ·B): a weight gradient summed over every (step, sequence)
 * row k at once, A holding the pre-activation gradients and B the inputs.
 */
export function gemmTN(
  m: number,
  n: number,
  kk: number,
  a: Float64Array,
  aOff: number,
  lda: number,
  b: Float64Array,
  bOff: number,
  ldb: number,
  c: Float64Array,
  cOff: number,
  ldc: number,
): void {
  const m4 = m - (m % 4);
  for (let kt = 0; kt < kk; kt += TN_TILE) {
    const kEnd = Math.min(kk, kt + TN_TILE);
    const k2 = kEnd - ((kEnd - kt) % 2);
    for (let i = 0; i < m4; i += 4) tnFourRows(n, kt, k2, kEnd, a, aOff + i, lda, b, bOff, ldb, c, cOff + i * ldc, ldc);
    let i = m4;
    for (; i < m; i++) {
      const c0 = cOff + i * ldc;
      for (let k = kt; k < k2; k += 2) {
        const p0 = a[aOff + k * lda + i];
        const p1 = a[aOff + (k + 1) * lda + i];
        const b0 = bOff + k * ldb;
        const b1 = b0 + ldb;
        for (let j = 0; j < n; j++) c[c0 + j] += p0 * b[b0 + j] + p1 * b[b1 + j];
      }
      if (k2 < kEnd) {
        const k = k2;
        const p = a[aOff + k * lda + i];
        const r = bOff + k * ldb;
        for (let j = 0; j < n; j++) c[c0 + j] += p * b[r + j];
      }
    }
  }
}

/** Rows i…i+3 of C += Aᵀ·B over rows kt…kEnd of A and B (a0 = aOff + i): the hot loop of gemmTN in its own function (see nnFourRows). */
function tnFourRows(n: number, kt: number, k2: number, kEnd: number, a: Float64Array, a0: number, lda: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, c0: number, ldc: number): void {
  const c1 = c0 + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  for (let k = kt; k < k2; k += 2) {
    const x0 = a0 + k * lda;
    const x1 = x0 + lda;
    const p0 = a[x0], q0 = a[x0 + 1], r0 = a[x0 + 2], s0 = a[x0 + 3];
    const p1 = a[x1], q1 = a[x1 + 1], r1 = a[x1 + 2], s1 = a[x1 + 3];
    const b0 = bOff + k * ldb;
    const b1 = b0 + ldb;
    for (let j = 0; j < n; j++) {
      const w0 = b[b0 + j];
      const w1 = b[b1 + j];
      c[c0 + j] += p0 * w0 + p1 * w1;
      c[c1 + j] += q0 * w0 + q1 * w1;
      c[c2 + j] += r0 * w0 + r1 * w1;
      c[c3 + j] += s0 * w0 + s1 * w1;
    }
  }
  if (k2 < kEnd) {
    const x0 = a0 + k2 * lda;
    const p = a[x0], q = a[x0 + 1], r = a[x0 + 2], s = a[x0 + 3];
    const b0 = bOff + k2 * ldb;
    for (let j = 0; j < n; j++) {
      const w = b[b0 + j];
      c[c0 + j] += p * w;
      c[c1 + j] += q * w;
      c[c2 + j] += r * w;
      c[c3 + j] += s * w;
    }
  }
}
