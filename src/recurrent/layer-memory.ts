import type { KernelKind } from '../kernels/dense-kernels.ts';
import { RecurrentWasmMemory, type WasmGatedCell } from '../kernels/recurrent-kernel-memory.ts';
import { gemmNN, gemmTN } from './gemm.ts';

/**
 * Where a recurrent layer keeps its tapes and workspaces, and the accumulating matrix products
 * (gemmNN, gemmTN of gemm.ts) that run on them: plain arrays and the JavaScript products ('js',
 * the readable reference), or one block of WebAssembly memory and the SIMD products of
 * assembly/recurrent-kernels.ts ('wasm'). Both give bit-identical results (same operations per
 * element, same order). With 'wasm' every operand of `nn`, `tn` and `gatedForward` must come from
 * the latest `allocate`. The LSTM and subLSTM forward and backward steps also have WebAssembly
 * twins (`gatedForward`, `gatedBackward`), bit-identical to the cells' own.
 */
export class LayerMemory {
  private wasm: RecurrentWasmMemory | null = null;

  constructor(readonly kind: KernelKind) {}

  /** Fresh zeroed arrays of the given lengths (for 'wasm', all in one new block). Earlier arrays stay readable. */
  allocate(lengths: readonly number[]): Float64Array<ArrayBuffer>[] {
    if (this.kind === 'js') return lengths.map((n) => new Float64Array(n));
    const memory = new RecurrentWasmMemory(
      lengths.reduce((s, n) => s + n, 0),
      lengths.length,
    );
    this.wasm = memory;
    return lengths.map((n) => memory.allocate(n));
  }

  private operands(a: Float64Array, b: Float64Array, c: Float64Array): RecurrentWasmMemory {
    const w = this.wasm;
    if (w === null || !(w.holds(a) && w.holds(b) && w.holds(c))) throw new Error('LayerMemory: a WebAssembly product was given an array from outside its memory');
    return w;
  }

  /** C += A·B (gemmNN). */
  nn(m: number, n: number, kk: number, a: Float64Array, aOff: number, lda: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, cOff: number, ldc: number): void {
    if (this.kind === 'js') gemmNN(m, n, kk, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c).gemmAccumulate(m, n, kk, a, aOff, lda, 1, b, bOff, ldb, c, cOff, ldc);
  }

  /** `count` products C_q += A_q·B_q (gemmNN each), block q of A, B and C at aOff + q·aStride, bOff + q·bStride, cOff + q·cStride; one WebAssembly call for all. */
  nnBatched(count: number, m: number, n: number, kk: number, a: Float64Array, aOff: number, aStride: number, lda: number, b: Float64Array, bOff: number, bStride: number, ldb: number, c: Float64Array, cOff: number, cStride: number, ldc: number): void {
    if (this.kind === 'js') {
      for (let q = 0; q < count; q++) gemmNN(m, n, kk, a, aOff + q * aStride, lda, b, bOff + q * bStride, ldb, c, cOff + q * cStride, ldc);
    } else this.operands(a, b, c).gemmAccumulateBatched(count, m, n, kk, a, aOff, aStride, lda, 1, b, bOff, bStride, ldb, c, cOff, cStride, ldc);
  }

  /** C += Aᵀ·B (gemmTN). */
  tn(m: number, n: number, kk: number, a: Float64Array, aOff: number, lda: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, cOff: number, ldc: number): void {
    if (this.kind === 'js') gemmTN(m, n, kk, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
    else this.operands(a, b, c).gemmAccumulate(m, n, kk, a, aOff, 1, lda, b, bOff, ldb, c, cOff, ldc);
  }

  /** Whether `gatedForward` and `gatedBackward` run this cell kind at this width (WebAssembly memory, LSTM or subLSTM, H ≥ 2). */
  hasGatedForward(kind: string, hidden: number): kind is WasmGatedCell {
    return this.kind === 'wasm' && hidden >= 2 && (kind === 'lstm' || kind === 'sublstm');
  }

  /** The WebAssembly forward step of an LSTM or subLSTM (see RecurrentWasmMemory.gatedForward). */
  gatedForward(kind: WasmGatedCell, rows: number, h: number, a: Float64Array, aOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number): void {
    const w = this.operands(a, sPrev, cache);
    if (!w.holds(sNext)) throw new Error('LayerMemory: a WebAssembly cell step was given an array from outside its memory');
    w.gatedForward(kind, rows, h, a, aOff, sPrev, sPrevOff, sNext, sNextOff, cache, cacheOff);
  }

  /** The WebAssembly backward step of an LSTM or subLSTM (see RecurrentWasmMemory.gatedBackward). */
  gatedBackward(kind: WasmGatedCell, rows: number, h: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, dA: Float64Array, dAOff: number, dSPrev: Float64Array, dSPrevOff: number): void {
    const w = this.operands(dS, cache, sPrev);
    if (!(w.holds(dA) && w.holds(dSPrev))) throw new Error('LayerMemory: a WebAssembly cell step was given an array from outside its memory');
    w.gatedBackward(kind, rows, h, dS, dSOff, cache, cacheOff, sPrev, sPrevOff, dA, dAOff, dSPrev, dSPrevOff);
  }
}
