import type { KernelKind } from '../kernels/dense-kernels.ts';
import { RecurrentWasmMemory, type WasmGatedCell } from '../kernels/recurrent-kernel-memory.ts';
import { gemmAccumulateF32, lstmBackwardF32, lstmForwardF32, subLstmBackwardF32, subLstmForwardF32 } from './float32-kernels.ts';
import { expShiftSumF32, rowMaxF32, scaleF32 } from './softmax-float32.ts';

/**
 * Where a float32 recurrent layer (layer-float32.ts) or readout (readout-float32.ts) keeps its
 * tapes, and the float32 products, LSTM/subLSTM steps and softmax rows that run on them: plain Float32Arrays and the JavaScript kernels of
 * float32-kernels.ts and softmax-float32.ts ('js'), or one block of WebAssembly memory and their f32x4 twins of
 * assembly/recurrent-kernels.ts ('wasm'). Both give bit-identical results. With 'wasm' every
 * operand must come from the latest `allocate`; layers narrower than 4 units run the JavaScript
 * cell steps (the SIMD steps take four units at a time). It mirrors LayerMemory (layer-memory.ts)
 * without a shared base: the two hand out different array types to different kernels, and what
 * they have in common is the few lines of allocating a block and checking operands against it.
 */
export class Float32LayerMemory {
  private wasm: RecurrentWasmMemory | null = null;

  constructor(readonly kind: KernelKind) {}

  /** Fresh zeroed float32 arrays of the given lengths (for 'wasm', all in one new block). */
  allocate(lengths: readonly number[]): Float32Array<ArrayBuffer>[] {
    if (this.kind === 'js') return lengths.map((n) => new Float32Array(n));
    const total = lengths.reduce((s, n) => s + n, 0);
    const memory = new RecurrentWasmMemory(Math.ceil(total / 2), lengths.length);
    this.wasm = memory;
    return lengths.map((n) => memory.allocateF32(n));
  }

  /** The WebAssembly memory, after checking that a, b, c (and d, e when given) are views of it. */
  private operands(a: Float32Array, b: Float32Array, c: Float32Array, d: Float32Array = c, e: Float32Array = c): RecurrentWasmMemory {
    const w = this.wasm;
    if (w === null || !(w.holds(a) && w.holds(b) && w.holds(c) && w.holds(d) && w.holds(e))) throw new Error('Float32LayerMemory: a WebAssembly kernel was given an array from outside its memory');
    return w;
  }

  /** float32 C += A·B (A row-major with leading dimension lda). */
  nn(m: number, n: number, kk: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
    if (this.kind === 'js') gemmAccumulateF32(m, n, kk, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c).gemmAccumulateF32(m, n, kk, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
  }

  /** float32 C += Aᵀ·B (A is kk × m with leading dimension lda). */
  tn(m: number, n: number, kk: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
    if (this.kind === 'js') gemmAccumulateF32(m, n, kk, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c).gemmAccumulateF32(m, n, kk, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
  }

  /** float32 C += A·B as `nn`, on the kernel blocked for products larger than the cache (the same bits); `pack` is its scratch (BLOCKED_GEMM_PACK_FLOATS floats, unused by 'js'). */
  nnBlocked(m: number, n: number, kk: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number, pack: Float32Array): void {
    if (this.kind === 'js') gemmAccumulateF32(m, n, kk, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c, pack).gemmBlockedF32(m, n, kk, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc, pack);
  }

  /** float32 C += Aᵀ·B as `tn`, on the kernel blocked for products larger than the cache (the same bits); `pack` as for nnBlocked. */
  tnBlocked(m: number, n: number, kk: number, a: Float32Array, aOff: number, lda: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number, pack: Float32Array): void {
    if (this.kind === 'js') gemmAccumulateF32(m, n, kk, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c, pack).gemmBlockedF32(m, n, kk, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc, pack);
  }

  /** The float32 forward step of an LSTM or subLSTM of h units over `rows` rows (lstmForwardF32 / subLstmForwardF32). */
  gatedForward(kind: WasmGatedCell, rows: number, h: number, a: Float32Array, aOff: number, sPrev: Float32Array, sPrevOff: number, sNext: Float32Array, sNextOff: number, cache: Float32Array, cacheOff: number): void {
    if (this.kind === 'wasm' && h >= 4) this.operands(a, sPrev, sNext, cache).gatedForwardF32(kind, rows, h, a, aOff, sPrev, sPrevOff, sNext, sNextOff, cache, cacheOff);
    else (kind === 'lstm' ? lstmForwardF32 : subLstmForwardF32)(rows, h, a, aOff, sPrev, sPrevOff, sNext, sNextOff, cache, cacheOff);
  }

  /** The float32 backward step of an LSTM or subLSTM (lstmBackwardF32 / subLstmBackwardF32). */
  gatedBackward(kind: WasmGatedCell, rows: number, h: number, dS: Float32Array, dSOff: number, cache: Float32Array, cacheOff: number, sPrev: Float32Array, sPrevOff: number, dA: Float32Array, dAOff: number, dSPrev: Float32Array, dSPrevOff: number): void {
    if (this.kind === 'wasm' && h >= 4) this.operands(dS, cache, sPrev, dA, dSPrev).gatedBackwardF32(kind, rows, h, dS, dSOff, cache, cacheOff, sPrev, sPrevOff, dA, dAOff, dSPrev, dSPrevOff);
    else (kind === 'lstm' ? lstmBackwardF32 : subLstmBackwardF32)(rows, h, dS, dSOff, cache, cacheOff, sPrev, sPrevOff, dA, dAOff, dSPrev, dSPrevOff);
  }

  /** The largest of x[xOff … xOff + n − 1] (rowMaxF32). */
  rowMax(n: number, x: Float32Array, xOff: number): number {
    return this.kind === 'js' ? rowMaxF32(n, x, xOff) : this.operands(x, x, x).rowMaxF32(n, x, xOff);
  }

  /** y = e^{x − shift} in float32 over n numbers, returning their float32 sum (expShiftSumF32); shift is rounded to float32 first. */
  expShiftSum(n: number, x: Float32Array, xOff: number, shift: number, y: Float32Array, yOff: number): number {
    const s = Math.fround(shift);
    return this.kind === 'js' ? expShiftSumF32(n, x, xOff, s, y, yOff) : this.operands(x, y, y).expShiftSumF32(n, x, xOff, s, y, yOff);
  }

  /** x ← x·factor in float32 over n numbers (scaleF32); factor is rounded to float32 first. */
  scale(n: number, x: Float32Array, xOff: number, factor: number): void {
    const f = Math.fround(factor);
    if (this.kind === 'js') scaleF32(n, x, xOff, f);
    else this.operands(x, x, x).scaleF32(n, x, xOff, f);
  }
}
