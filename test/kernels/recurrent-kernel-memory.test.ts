import { describe, expect, it } from 'vitest';
import { BLOCKED_GEMM_PACK_FLOATS, defaultRecurrentKernelKind, RecurrentWasmMemory } from '../../src/kernels/recurrent-kernel-memory.ts';
import { Random } from '../../src/random/random.ts';
import type { RecurrentCell } from '../../src/recurrent/cells/cell.ts';
import { gateExp } from '../../src/recurrent/cells/gate-functions.ts';
import { LstmCell } from '../../src/recurrent/cells/lstm.ts';
import { SubLstmCell } from '../../src/recurrent/cells/sublstm.ts';
import { EXP_MAX_F32, FLOAT32_GRADIENT_FLOOR, gateExpF32, gemmAccumulateF32, lstmBackwardF32, lstmForwardF32, subLstmBackwardF32, subLstmForwardF32 } from '../../src/recurrent/float32-kernels.ts';
import { gemmNN, gemmTN } from '../../src/recurrent/gemm.ts';
import { expShiftSumF32, rowMaxF32, scaleF32 } from '../../src/recurrent/softmax-float32.ts';

/** Indices where two arrays differ in their bits (NaN equal to NaN). */
function differences(a: Float64Array, b: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

describe('recurrent WebAssembly kernels: bit-identical twins of the JavaScript reference', () => {
  it('are built (npm run build:kernels) and load here', () => {
    expect(defaultRecurrentKernelKind()).toBe('wasm');
  });

  const rng = new Random(3, 'recurrent-kernels');
  const filled = (mem: RecurrentWasmMemory, n: number, scale = 1) => {
    const x = mem.allocate(n);
    rng.fillUniformSymmetric(x, 0, n, scale);
    return x;
  };

  // sizes around the 4 × 4 tiles, odd k (the rank-1 pass) and k beyond one 256-row slab
  for (const [m, n, k] of [
    [1, 1, 1],
    [3, 5, 2],
    [4, 4, 4],
    [7, 9, 11],
    [20, 100, 400],
    [13, 30, 517],
  ]) {
    it(`gemmAccumulate equals gemmNN and gemmTN bit for bit: m=${m} n=${n} k=${k}, offsets and strides`, () => {
      const mem = new RecurrentWasmMemory(4 * (m + 3) * (k + 5) + 3 * (k + 2) * (n + 3) + 4 * (m + 2) * (n + 4), 16);
      // NN: A is m × k (lda = k + 3, offset 2), B is k × n (ldb = n + 1, offset 1), C m × n (ldc = n + 4, offset 3)
      const a = filled(mem, 2 + m * (k + 3));
      const b = filled(mem, 1 + k * (n + 1));
      const c = filled(mem, 3 + m * (n + 4));
      const ref = Float64Array.from(c);
      gemmNN(m, n, k, a, 2, k + 3, b, 1, n + 1, ref, 3, n + 4);
      mem.gemmAccumulate(m, n, k, a, 2, k + 3, 1, b, 1, n + 1, c, 3, n + 4);
      expect(differences(c, ref)).toEqual([]);
      // TN: A is k × m (lda = m + 2), C (m × n) += Aᵀ·B
      const at = filled(mem, k * (m + 2));
      const e = filled(mem, m * n);
      const refT = Float64Array.from(e);
      gemmTN(m, n, k, at, 0, m + 2, b, 1, n + 1, refT, 0, n);
      mem.gemmAccumulate(m, n, k, at, 0, 1, m + 2, b, 1, n + 1, e, 0, n);
      expect(differences(e, refT)).toEqual([]);
    });
  }

  it('gemmAccumulateBatched equals one gemmNN per block bit for bit (3 blocks, strides beyond the blocks)', () => {
    const [q, m, n, k] = [3, 5, 22, 7];
    const [aStride, bStride, cStride] = [m * k + 3, k * n + 5, m * n + 2];
    const mem = new RecurrentWasmMemory(q * (aStride + bStride + cStride) + 16, 4);
    const a = filled(mem, 1 + q * aStride);
    const b = filled(mem, q * bStride);
    const c = filled(mem, 2 + q * cStride);
    const ref = Float64Array.from(c);
    for (let p = 0; p < q; p++) gemmNN(m, n, k, a, 1 + p * aStride, k, b, p * bStride, n, ref, 2 + p * cStride, n);
    mem.gemmAccumulateBatched(q, m, n, k, a, 1, aStride, k, 1, b, 0, bStride, n, c, 2, cStride, n);
    expect(differences(c, ref)).toEqual([]);
  });

  it('gemmAccumulate computes C += A·B (triple loop, 1e-12)', () => {
    const [m, n, k] = [6, 10, 9];
    const mem = new RecurrentWasmMemory(m * k + k * n + 2 * m * n, 4);
    const a = filled(mem, m * k);
    const b = filled(mem, k * n);
    const c = filled(mem, m * n);
    const c0 = Float64Array.from(c);
    mem.gemmAccumulate(m, n, k, a, 0, k, 1, b, 0, n, c, 0, n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = c0[i * n + j];
        for (let q = 0; q < k; q++) s += a[i * k + q] * b[q * n + j];
        expect(Math.abs(c[i * n + j] - s)).toBeLessThanOrEqual(1e-12);
      }
    }
  });

  it('gateExp: the kernel gives the JavaScript bits on [−800, 800], at the range edges, ±∞ and NaN', () => {
    const edges = [0, -0, 1, -1, 1e-300, -1e-300, -708, -708.0000001, -707.9999, 709.78, 709.782712893384, 709.7827128933841, 710, -745.2, -1000, 1000, Infinity, -Infinity, NaN, 0.5 * Math.LN2, -0.5 * Math.LN2];
    const n = 20000 + edges.length;
    const mem = new RecurrentWasmMemory(2 * n, 2);
    const x = mem.allocate(n);
    rng.fillUniformSymmetric(x, 0, 10000, 800);
    rng.fillUniformSymmetric(x, 10000, 10000, 20);
    x.set(edges, 20000);
    const y = mem.allocate(n);
    mem.gateExp(n, x, 0, y, 0);
    const ref = Float64Array.from(x, gateExp);
    expect(differences(y, ref)).toEqual([]);
    expect(y[20000 + edges.indexOf(-1000)]).toBe(0);
    expect(y[20000 + edges.indexOf(1000)]).toBe(Infinity);
    expect(y[n - 3]).toBeNaN();
  });

  for (const [name, cell] of [
    ['lstm', (h: number): RecurrentCell => new LstmCell(h)],
    ['sublstm', (h: number): RecurrentCell => new SubLstmCell(h)],
  ] as const) {
    for (const h of [2, 7, 100]) {
      it(`${name} forward step, ${h} units: the kernel writes the cell's state and cache bit for bit`, () => {
        const rows = 5;
        const c = cell(h);
        const mem = new RecurrentWasmMemory(rows * (4 * h + 2 * 2 * h + 5 * h) * 2, 8);
        const a = filled(mem, rows * 4 * h, 6);
        const sPrev = filled(mem, rows * 2 * h, 3);
        const sNext = mem.allocate(rows * 2 * h);
        const cache = mem.allocate(rows * 5 * h);
        const sRef = new Float64Array(rows * 2 * h);
        const cacheRef = new Float64Array(rows * 5 * h);
        c.forward(rows, a, 0, a, 0, sPrev, 0, sRef, 0, cacheRef, 0, a, 0);
        mem.gatedForward(name, rows, h, a, 0, sPrev, 0, sNext, 0, cache, 0);
        expect(differences(sNext, sRef)).toEqual([]);
        expect(differences(cache, cacheRef)).toEqual([]);
      });

      it(`${name} backward step, ${h} units: the kernel writes dL/da and the direct dL/ds_{t−1} bit for bit`, () => {
        const rows = 5;
        const c = cell(h);
        const mem = new RecurrentWasmMemory(rows * (2 * h + 5 * h + 2 * h + 2 * 4 * h + 2 * 2 * h) + 64, 10);
        const a = filled(mem, rows * 4 * h, 6);
        const sPrev = filled(mem, rows * 2 * h, 3);
        const sNext = mem.allocate(rows * 2 * h);
        const cache = mem.allocate(rows * 5 * h);
        c.forward(rows, a, 0, a, 0, sPrev, 0, sNext, 0, cache, 0, a, 0);
        const dS = filled(mem, rows * 2 * h, 1);
        const dA = mem.allocate(rows * 4 * h);
        const dSPrev = filled(mem, rows * 2 * h, 1);
        const dARef = new Float64Array(rows * 4 * h);
        const dSPrevRef = new Float64Array(rows * 2 * h);
        c.backward(rows, dS, 0, cache, 0, sPrev, 0, a, 0, dARef, 0, dARef, 0, dSPrevRef, 0, a);
        mem.gatedBackward(name, rows, h, dS, 0, cache, 0, sPrev, 0, dA, 0, dSPrev, 0);
        expect(differences(dA, dARef)).toEqual([]);
        expect(differences(dSPrev, dSPrevRef)).toEqual([]);
        expect(dARef.some((x) => x !== 0)).toBe(true);
      });
    }
  }
});

describe('recurrent WebAssembly float32 kernels: bit-identical twins of float32-kernels.ts', () => {
  const rng = new Random(4, 'recurrent-kernels-f32');
  const filled = (mem: RecurrentWasmMemory, n: number, scale = 1) => {
    const x = mem.allocateF32(n);
    for (let i = 0; i < n; i++) x[i] = scale * (2 * rng.uniform() - 1);
    return x;
  };
  const differences32 = (a: Float32Array, b: Float32Array) => differences(Float64Array.from(a), Float64Array.from(b));

  // sizes around the 4 × 8 tiles, the 4-column and 1-column remainders, odd k and k beyond one slab
  for (const [m, n, k] of [
    [1, 1, 1],
    [3, 5, 2],
    [4, 8, 4],
    [7, 13, 11],
    [20, 400, 100],
    [13, 30, 517],
  ]) {
    it(`gemmAccumulateF32 equals the JavaScript twin bit for bit, NN and TN: m=${m} n=${n} k=${k}`, () => {
      const mem = new RecurrentWasmMemory(2 * (m + 3) * (k + 5) + (k + 2) * (n + 3) + 2 * (m + 2) * (n + 4), 16);
      const a = filled(mem, 2 + m * (k + 3));
      const b = filled(mem, 1 + k * (n + 1));
      const c = filled(mem, 3 + m * (n + 4));
      const ref = Float32Array.from(c);
      gemmAccumulateF32(m, n, k, a, 2, k + 3, 1, b, 1, n + 1, ref, 3, n + 4);
      mem.gemmAccumulateF32(m, n, k, a, 2, k + 3, 1, b, 1, n + 1, c, 3, n + 4);
      expect(differences32(c, ref)).toEqual([]);
      const at = filled(mem, k * (m + 2));
      const e = filled(mem, m * n);
      const refT = Float32Array.from(e);
      gemmAccumulateF32(m, n, k, at, 0, 1, m + 2, b, 1, n + 1, refT, 0, n);
      mem.gemmAccumulateF32(m, n, k, at, 0, 1, m + 2, b, 1, n + 1, e, 0, n);
      expect(differences32(e, refT)).toEqual([]);
    });
  }

  // gemmBlockedF32: chunks of 512 columns with 8-, 4- and 1-column remainders, 4-row tiles and
  // remainder rows, k beyond one slab of 256 and odd
  for (const [m, n, k] of [
    [1, 1, 1],
    [3, 5, 2],
    [4, 8, 4],
    [7, 1037, 11],
    [101, 530, 300],
    [13, 30, 517],
  ]) {
    it(`gemmBlockedF32 equals the JavaScript gemmAccumulateF32 bit for bit, NN and TN: m=${m} n=${n} k=${k}`, () => {
      const mem = new RecurrentWasmMemory(2 * (m + 3) * (k + 5) + (k + 2) * (n + 3) + 2 * (m + 2) * (n + 4) + BLOCKED_GEMM_PACK_FLOATS, 16);
      const pack = mem.allocateF32(BLOCKED_GEMM_PACK_FLOATS);
      const a = filled(mem, 2 + m * (k + 3));
      const b = filled(mem, 1 + k * (n + 1));
      const c = filled(mem, 3 + m * (n + 4));
      const ref = Float32Array.from(c);
      gemmAccumulateF32(m, n, k, a, 2, k + 3, 1, b, 1, n + 1, ref, 3, n + 4);
      mem.gemmBlockedF32(m, n, k, a, 2, k + 3, 1, b, 1, n + 1, c, 3, n + 4, pack);
      expect(differences32(c, ref)).toEqual([]);
      const at = filled(mem, k * (m + 2));
      const e = filled(mem, m * n);
      const refT = Float32Array.from(e);
      gemmAccumulateF32(m, n, k, at, 0, 1, m + 2, b, 1, n + 1, refT, 0, n);
      mem.gemmBlockedF32(m, n, k, at, 0, 1, m + 2, b, 1, n + 1, e, 0, n, pack);
      expect(differences32(e, refT)).toEqual([]);
    });
  }

  it('gateExpF32: the kernel gives the JavaScript bits on [−100, 100], at the range edges, ±∞ and NaN', () => {
    const edges = [0, -0, 1, -1, 1e-30, -87, -87.0001, -86.9999, 88.72, EXP_MAX_F32, 88.7229, 89, -1000, 1000, Infinity, -Infinity, NaN];
    const n = 20000 + edges.length;
    const mem = new RecurrentWasmMemory(n + 8, 2);
    const x = filled(mem, n, 100);
    x.set(edges, 20000);
    const y = mem.allocateF32(n);
    mem.gateExpF32(n, x, 0, y, 0);
    expect(differences32(y, Float32Array.from(x, gateExpF32))).toEqual([]);
  });

  for (const name of ['lstm', 'sublstm'] as const) {
    for (const h of [4, 7, 100]) {
      it(`${name} float32 forward and backward steps, ${h} units: the kernels write the JavaScript twin's bits`, () => {
        const rows = 5;
        const mem = new RecurrentWasmMemory(rows * (4 * h * 3 + 2 * h * 6 + 5 * h * 2), 16);
        const a = filled(mem, rows * 4 * h, 6);
        const sPrev = filled(mem, rows * 2 * h, 3);
        const sNext = mem.allocateF32(rows * 2 * h);
        const cache = mem.allocateF32(rows * 5 * h);
        const sRef = new Float32Array(rows * 2 * h);
        const cacheRef = new Float32Array(rows * 5 * h);
        (name === 'lstm' ? lstmForwardF32 : subLstmForwardF32)(rows, h, a, 0, sPrev, 0, sRef, 0, cacheRef, 0);
        mem.gatedForwardF32(name, rows, h, a, 0, sPrev, 0, sNext, 0, cache, 0);
        expect(differences32(sNext, sRef)).toEqual([]);
        expect(differences32(cache, cacheRef)).toEqual([]);
        const dS = filled(mem, rows * 2 * h, 1);
        const dA = mem.allocateF32(rows * 4 * h);
        const dSPrev = filled(mem, rows * 2 * h, 1);
        const dARef = new Float32Array(rows * 4 * h);
        const dSPrevRef = new Float32Array(rows * 2 * h);
        (name === 'lstm' ? lstmBackwardF32 : subLstmBackwardF32)(rows, h, dS, 0, cache, 0, sPrev, 0, dARef, 0, dSPrevRef, 0);
        mem.gatedBackwardF32(name, rows, h, dS, 0, cache, 0, sPrev, 0, dA, 0, dSPrev, 0);
        expect(differences32(dA, dARef)).toEqual([]);
        expect(differences32(dSPrev, dSPrevRef)).toEqual([]);
        expect(dARef.some((v) => v !== 0)).toBe(true);
      });
    }

    it(`${name} float32 backward near the gradient floor 2^−100: the kernel flushes the lanes the JavaScript twin flushes`, () => {
      const [rows, h] = [5, 12];
      const mem = new RecurrentWasmMemory(rows * (4 * h * 2 + 2 * h * 5 + 5 * h), 16);
      const a = filled(mem, rows * 4 * h, 6);
      const sPrev = filled(mem, rows * 2 * h, 3);
      const sNext = mem.allocateF32(rows * 2 * h);
      const cache = mem.allocateF32(rows * 5 * h);
      mem.gatedForwardF32(name, rows, h, a, 0, sPrev, 0, sNext, 0, cache, 0);
      // incoming gradients spread over 2^−104 … 2^−96, so products land on both sides of the floor
      const dS = filled(mem, rows * 2 * h, 1);
      for (let i = 0; i < dS.length; i++) dS[i] *= 2 ** (-104 + (i % 9));
      const dA = mem.allocateF32(rows * 4 * h);
      const dSPrev = mem.allocateF32(rows * 2 * h);
      const dARef = new Float32Array(rows * 4 * h);
      const dSPrevRef = new Float32Array(rows * 2 * h);
      (name === 'lstm' ? lstmBackwardF32 : subLstmBackwardF32)(rows, h, dS, 0, cache, 0, sPrev, 0, dARef, 0, dSPrevRef, 0);
      mem.gatedBackwardF32(name, rows, h, dS, 0, cache, 0, sPrev, 0, dA, 0, dSPrev, 0);
      expect(differences32(dA, dARef)).toEqual([]);
      expect(differences32(dSPrev, dSPrevRef)).toEqual([]);
      const kept = dARef.filter((v) => v !== 0);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(dARef.length);
      expect(Math.min(...kept.map(Math.abs))).toBeGreaterThanOrEqual(FLOAT32_GRADIENT_FLOOR);
    });
  }

  // rows shorter than one f32x4, with a remainder of 1…3, and rows as long as the Brown vocabulary (10,002) and one shorter
  for (const n of [0, 1, 3, 4, 7, 10001, 10002]) {
    it(`softmax rows of ${n} numbers: rowMaxF32, expShiftSumF32 and scaleF32 give the JavaScript bits`, () => {
      const mem = new RecurrentWasmMemory(2 * n + 16, 4);
      const x = filled(mem, n + 1, 20);
      const shift = rowMaxF32(n, x, 1);
      expect(Object.is(mem.rowMaxF32(n, x, 1), shift)).toBe(true);
      const y = mem.allocateF32(n + 1);
      const ref = new Float32Array(n + 1);
      const sum = expShiftSumF32(n, x, 1, shift, ref, 1);
      expect(Object.is(mem.expShiftSumF32(n, x, 1, shift, y, 1), sum)).toBe(true);
      expect(differences32(y, ref)).toEqual([]);
      const factor = Math.fround(0.37 / sum);
      scaleF32(n, ref, 1, factor);
      mem.scaleF32(n, y, 1, factor);
      expect(differences32(y, ref)).toEqual([]);
    });
  }

  it('rowMaxF32 and expShiftSumF32: the kernels give the JavaScript bits with ±∞, NaN and ±0 in a row', () => {
    const mem = new RecurrentWasmMemory(64, 4);
    for (const row of [
      [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
      [0, -0, -0, 0, -0, 0],
      [1, 2, NaN, 3, 4, 5, 6],
      [1, 2, 3, 4, 5, 6, NaN],
      [Infinity, 1, 2, 3, 4],
    ]) {
      const x = mem.allocateF32(row.length);
      x.set(row);
      const shift = rowMaxF32(row.length, x, 0);
      expect(Object.is(mem.rowMaxF32(row.length, x, 0), shift)).toBe(true);
      const y = mem.allocateF32(row.length);
      const ref = new Float32Array(row.length);
      expect(Object.is(mem.expShiftSumF32(row.length, x, 0, shift, y, 0), expShiftSumF32(row.length, x, 0, shift, ref, 0))).toBe(true);
      expect(differences32(y, ref)).toEqual([]);
    }
  });
});
