import { describe, expect, it } from 'vitest';
import { gemmNN, gemmNT, gemmTN } from '../../src/recurrent/gemm.ts';
import { Random } from '../../src/random/random.ts';

/** A[i][k] of a strided row-major block. */
const at = (a: Float64Array, off: number, ld: number, i: number, k: number) => a[off + i * ld + k];

describe('gemm kernels against triple loops (odd sizes, offsets, strides; exact to 1e-12)', () => {
  const rng = new Random(1, 'gemm');
  const fill = (n: number) => {
    const x = new Float64Array(n);
    rng.fillUniformSymmetric(x, 0, n, 1);
    return x;
  };
  for (const [m, n, k] of [
    [1, 1, 1],
    [5, 7, 3],
    [20, 33, 29],
    [4, 8, 70],
  ]) {
    it(`m=${m} n=${n} k=${k}`, () => {
      const lda = k + 2;
      const a = fill(3 + m * lda);
      // NT: C += A·Bᵀ, B is n × k
      const b = fill(1 + n * (k + 1));
      const c0 = fill(2 + m * (n + 3));
      const c = Float64Array.from(c0);
      gemmNT(m, n, k, a, 3, lda, b, 1, k + 1, c, 2, n + 3);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = at(c0, 2, n + 3, i, j);
          for (let q = 0; q < k; q++) s += at(a, 3, lda, i, q) * at(b, 1, k + 1, j, q);
          expect(Math.abs(at(c, 2, n + 3, i, j) - s)).toBeLessThanOrEqual(1e-12);
        }
        // the padding column next to a row is untouched
        expect(c[2 + i * (n + 3) + n]).toBe(c0[2 + i * (n + 3) + n]);
      }
      // NN: C += A·B, B is k × n
      const bn = fill(k * (n + 1));
      const d0 = fill(m * n);
      const d = Float64Array.from(d0);
      gemmNN(m, n, k, a, 3, lda, bn, 0, n + 1, d, 0, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = d0[i * n + j];
          for (let q = 0; q < k; q++) s += at(a, 3, lda, i, q) * at(bn, 0, n + 1, q, j);
          expect(Math.abs(d[i * n + j] - s)).toBeLessThanOrEqual(1e-12);
        }
      }
      // TN: C (m × n) += Aᵀ·B, A is k × m, B is k × n; k long enough to cross the cache tile
      const kk = 3 * k + 5;
      const at_ = fill(kk * (m + 1));
      const bt = fill(kk * n);
      const e0 = fill(m * n);
      const e = Float64Array.from(e0);
      gemmTN(m, n, kk, at_, 0, m + 1, bt, 0, n, e, 0, n);
      for (let i = 0; i < m; i++) {
        for (let j = 0; j < n; j++) {
          let s = e0[i * n + j];
          for (let q = 0; q < kk; q++) s += at(at_, 0, m + 1, q, i) * bt[q * n + j];
          expect(Math.abs(e[i * n + j] - s)).toBeLessThanOrEqual(1e-12);
        }
      }
    });
  }

  it('gives a row the same bits whatever its position in the batch (blocked or leftover row)', () => {
    const k = 9;
    const n = 6;
    const a = fill(5 * k);
    const b = fill(k * n);
    const bt = fill(n * k);
    const all = new Float64Array(5 * n);
    const allNT = new Float64Array(5 * n);
    gemmNN(5, n, k, a, 0, k, b, 0, n, all, 0, n);
    gemmNT(5, n, k, a, 0, k, bt, 0, k, allNT, 0, n);
    for (let i = 0; i < 5; i++) {
      const one = new Float64Array(n);
      const oneNT = new Float64Array(n);
      gemmNN(1, n, k, a, i * k, k, b, 0, n, one, 0, n);
      gemmNT(1, n, k, a, i * k, k, bt, 0, k, oneNT, 0, n);
      expect(Array.from(one)).toEqual(Array.from(all.subarray(i * n, (i + 1) * n)));
      expect(Array.from(oneNT)).toEqual(Array.from(allNT.subarray(i * n, (i + 1) * n)));
    }
  });
});
