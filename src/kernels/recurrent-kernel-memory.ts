import { fileURLToPath } from 'node:url';
import { compiledWasm, instantiateWasm } from './wasm-module.ts';
import type { KernelKind } from './dense-kernels.ts';

/** The recurrent core's compiled products (assembly/recurrent-kernels.ts), built by `npm run build:kernels`. */
const WASM_PATH = fileURLToPath(new URL('../../build/recurrent-kernels.wasm', import.meta.url));
const ALIGN_BYTES = 16;

interface RecurrentWasmExports {
  gemmAccumulate(m: number, n: number, kk: number, a: number, aRow: number, aCol: number, b: number, ldb: number, c: number, ldc: number): void;
  gemmAccumulateBatched(count: number, m: number, n: number, kk: number, a: number, aStride: number, aRow: number, aCol: number, b: number, bStride: number, ldb: number, c: number, cStride: number, ldc: number): void;
  gateExpArray(n: number, x: number, y: number): void;
  lstmForward(rows: number, h: number, a: number, sPrev: number, sNext: number, cache: number): void;
  subLstmForward(rows: number, h: number, a: number, sPrev: number, sNext: number, cache: number): void;
  lstmBackward(rows: number, h: number, dS: number, cache: number, sPrev: number, dA: number, dSPrev: number): void;
  subLstmBackward(rows: number, h: number, dS: number, cache: number, sPrev: number, dA: number, dSPrev: number): void;
  gemmAccumulateF32(m: number, n: number, kk: number, a: number, aRow: number, aCol: number, b: number, ldb: number, c: number, ldc: number): void;
  gemmBlockedF32(m: number, n: number, kk: number, a: number, aRow: number, aCol: number, b: number, ldb: number, c: number, ldc: number, pack: number): void;
  gateExpArrayF32(n: number, x: number, y: number): void;
  lstmForwardF32(rows: number, h: number, a: number, sPrev: number, sNext: number, cache: number): void;
  subLstmForwardF32(rows: number, h: number, a: number, sPrev: number, sNext: number, cache: number): void;
  lstmBackwardF32(rows: number, h: number, dS: number, cache: number, sPrev: number, dA: number, dSPrev: number): void;
  subLstmBackwardF32(rows: number, h: number, dS: number, cache: number, sPrev: number, dA: number, dSPrev: number): void;
  rowMaxF32(n: number, x: number): number;
  expShiftSumF32(n: number, x: number, shift: number, y: number): number;
  scaleF32(n: number, x: number, factor: number): void;
  gemmBlockedPackFloats(): number;
}

/** The gated cells with a WebAssembly forward step. */
export type WasmGatedCell = 'lstm' | 'sublstm';

/** Floats of the scratch block gemmBlockedF32 copies B's panels into (K_SLAB × N_CHUNK of assembly/recurrent-kernels.ts). */
export const BLOCKED_GEMM_PACK_FLOATS = 256 * 512;

/** 'wasm' when the recurrent SIMD products load here, 'js' otherwise. */
export function defaultRecurrentKernelKind(): KernelKind {
  return compiledWasm(WASM_PATH) !== null ? 'wasm' : 'js';
}

/**
 * A fixed block of WebAssembly memory holding the arrays of one recurrent layer, and the SIMD
 * matrix product bound to it. The block never grows (so the views it hands out stay valid); a
 * layer that needs more room makes a new block.
 */
export class RecurrentWasmMemory {
  private readonly buffer: ArrayBuffer;
  private readonly exports: RecurrentWasmExports;
  private used = 0;

  /** Room for `doubles` numbers plus alignment of `arrays` arrays. */
  constructor(doubles: number, arrays: number) {
    const module = compiledWasm(WASM_PATH);
    if (module === null) throw new Error('the recurrent WebAssembly kernels are not built: run `npm run build:kernels`, or choose the js kernels');
    const bytes = Math.max(ALIGN_BYTES, doubles * 8 + arrays * ALIGN_BYTES);
    const { buffer, exports } = instantiateWasm<RecurrentWasmExports>(module, bytes);
    // the scratch gemmBlockedF32 writes is sized here: a build with other block sizes must not overrun it
    if (exports.gemmBlockedPackFloats() !== BLOCKED_GEMM_PACK_FLOATS) throw new Error(`build/recurrent-kernels.wasm blocks gemmBlockedF32 in ${exports.gemmBlockedPackFloats()} floats, this code expects ${BLOCKED_GEMM_PACK_FLOATS}: rebuild both (npm run build:kernels) from one checkout`);
    this.exports = exports;
    this.buffer = buffer;
  }

  /** n zeros, 16-byte aligned, inside this memory. */
  allocate(n: number): Float64Array<ArrayBuffer> {
    const start = Math.ceil(this.used / ALIGN_BYTES) * ALIGN_BYTES;
    if (start + n * 8 > this.buffer.byteLength) throw new Error(`RecurrentWasmMemory: out of room (${n} doubles requested)`);
    this.used = start + n * 8;
    return new Float64Array(this.buffer, start, n);
  }

  /** n float32 zeros, 16-byte aligned, inside this memory (room counted as n/2 doubles). */
  allocateF32(n: number): Float32Array<ArrayBuffer> {
    const start = Math.ceil(this.used / ALIGN_BYTES) * ALIGN_BYTES;
    if (start + n * 4 > this.buffer.byteLength) throw new Error(`RecurrentWasmMemory: out of room (${n} floats requested)`);
    this.used = start + n * 4;
    return new Float32Array(this.buffer, start, n);
  }

  /** Whether `a` is a view of this memory (so the kernel may read or write it). */
  holds(a: Float64Array | Float32Array): boolean {
    return a.buffer === this.buffer;
  }

  /**
   * C[i, j] += Σ_k A(i, k)·B[k, j] for i < m, j < n, k < kk, with A(i, k) = a[aOff + i·aRow + k·aCol],
   * B[k, j] = b[bOff + k·ldb + j], C[i, j] = c[cOff + i·ldc + j]; every array a view of this memory.
   * Bit-identical to gemmNN (aRow = lda, aCol = 1) and gemmTN (aRow = 1, aCol = lda) of
   * src/recurrent/gemm.ts: same operations per element, in the same order.
   */
  gemmAccumulate(m: number, n: number, kk: number, a: Float64Array, aOff: number, aRow: number, aCol: number, b: Float64Array, bOff: number, ldb: number, c: Float64Array, cOff: number, ldc: number): void {
    this.exports.gemmAccumulate(m, n, kk, a.byteOffset + aOff * 8, aRow, aCol, b.byteOffset + bOff * 8, ldb, c.byteOffset + cOff * 8, ldc);
  }

  /**
   * `count` products as gemmAccumulate, product q on the blocks at aOff + q·aStride, bOff + q·bStride
   * and cOff + q·cStride (one call for a batch of per-sequence products).
   */
  gemmAccumulateBatched(count: number, m: number, n: number, kk: number, a: Float64Array, aOff: number, aStride: number, aRow: number, aCol: number, b: Float64Array, bOff: number, bStride: number, ldb: number, c: Float64Array, cOff: number, cStride: number, ldc: number): void {
    this.exports.gemmAccumulateBatched(count, m, n, kk, a.byteOffset + aOff * 8, aStride, aRow, aCol, b.byteOffset + bOff * 8, bStride, ldb, c.byteOffset + cOff * 8, cStride, ldc);
  }

  /** y[yOff + j] = e^{x[xOff + j]} for j < n, the twin of gateExp (src/recurrent/cells/gate-functions.ts). */
  gateExp(n: number, x: Float64Array, xOff: number, y: Float64Array, yOff: number): void {
    this.exports.gateExpArray(n, x.byteOffset + xOff * 8, y.byteOffset + yOff * 8);
  }

  /**
   * The element-wise forward step of an LSTM or subLSTM layer of h ≥ 2 units over `rows` rows
   * (pre-activations [i f o z], states [h; c], cache [i f o z, tanh c or σ(c)]; see lstm.ts and
   * sublstm.ts, whose forward it reproduces bit for bit); every array a view of this memory.
   */
  gatedForward(kind: WasmGatedCell, rows: number, h: number, a: Float64Array, aOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number): void {
    const f = kind === 'lstm' ? this.exports.lstmForward : this.exports.subLstmForward;
    f(rows, h, a.byteOffset + aOff * 8, sPrev.byteOffset + sPrevOff * 8, sNext.byteOffset + sNextOff * 8, cache.byteOffset + cacheOff * 8);
  }

  /**
   * The element-wise backward step of an LSTM or subLSTM layer of h ≥ 2 units (the cells'
   * backward, bit for bit): dL/da into dA and the direct part of dL/ds_{t−1} into dSPrev.
   */
  gatedBackward(kind: WasmGatedCell, rows: number, h: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, dA: Float64Array, dAOff: number, dSPrev: Float64Array, dSPrevOff: number): void {
    const f = kind === 'lstm' ? this.exports.lstmBackward : this.exports.subLstmBackward;
    f(rows, h, dS.byteOffset + dSOff * 8, cache.byteOffset + cacheOff * 8, sPrev.byteOffset + sPrevOff * 8, dA.byteOffset + dAOff * 8, dSPrev.byteOffset + dSPrevOff * 8);
  }

  /** float32 C += A(i, k)·B (as gemmAccumulate); the twin of gemmAccumulateF32 of src/recurrent/float32-kernels.ts. */
  gemmAccumulateF32(m: number, n: number, kk: number, a: Float32Array, aOff: number, aRow: number, aCol: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number): void {
    this.exports.gemmAccumulateF32(m, n, kk, a.byteOffset + aOff * 4, aRow, aCol, b.byteOffset + bOff * 4, ldb, c.byteOffset + cOff * 4, ldc);
  }

  /**
   * gemmAccumulateF32 blocked for products larger than the cache (the readout's): the same
   * operations per element, so the same bits and the same JavaScript twin. `pack` (scratch, at
   * least BLOCKED_GEMM_PACK_FLOATS floats of this memory) receives copies of B's column panels.
   */
  gemmBlockedF32(m: number, n: number, kk: number, a: Float32Array, aOff: number, aRow: number, aCol: number, b: Float32Array, bOff: number, ldb: number, c: Float32Array, cOff: number, ldc: number, pack: Float32Array): void {
    if (pack.length < BLOCKED_GEMM_PACK_FLOATS) throw new RangeError(`gemmBlockedF32: pack needs ${BLOCKED_GEMM_PACK_FLOATS} floats, got ${pack.length}`);
    this.exports.gemmBlockedF32(m, n, kk, a.byteOffset + aOff * 4, aRow, aCol, b.byteOffset + bOff * 4, ldb, c.byteOffset + cOff * 4, ldc, pack.byteOffset);
  }

  /** float32 y[yOff + j] = e^{x[xOff + j]}, the twin of gateExpF32 (src/recurrent/float32-kernels.ts). */
  gateExpF32(n: number, x: Float32Array, xOff: number, y: Float32Array, yOff: number): void {
    this.exports.gateExpArrayF32(n, x.byteOffset + xOff * 4, y.byteOffset + yOff * 4);
  }

  /** The float32 forward step of an LSTM or subLSTM layer of h ≥ 4 units (lstmForwardF32, subLstmForwardF32 of float32-kernels.ts, bit for bit). */
  gatedForwardF32(kind: WasmGatedCell, rows: number, h: number, a: Float32Array, aOff: number, sPrev: Float32Array, sPrevOff: number, sNext: Float32Array, sNextOff: number, cache: Float32Array, cacheOff: number): void {
    const f = kind === 'lstm' ? this.exports.lstmForwardF32 : this.exports.subLstmForwardF32;
    f(rows, h, a.byteOffset + aOff * 4, sPrev.byteOffset + sPrevOff * 4, sNext.byteOffset + sNextOff * 4, cache.byteOffset + cacheOff * 4);
  }

  /** The float32 backward step of an LSTM or subLSTM layer of h ≥ 4 units (lstmBackwardF32, subLstmBackwardF32, bit for bit). */
  gatedBackwardF32(kind: WasmGatedCell, rows: number, h: number, dS: Float32Array, dSOff: number, cache: Float32Array, cacheOff: number, sPrev: Float32Array, sPrevOff: number, dA: Float32Array, dAOff: number, dSPrev: Float32Array, dSPrevOff: number): void {
    const f = kind === 'lstm' ? this.exports.lstmBackwardF32 : this.exports.subLstmBackwardF32;
    f(rows, h, dS.byteOffset + dSOff * 4, cache.byteOffset + cacheOff * 4, sPrev.byteOffset + sPrevOff * 4, dA.byteOffset + dAOff * 4, dSPrev.byteOffset + dSPrevOff * 4);
  }

  /** The largest of x[xOff …] (n numbers); the twin of rowMaxF32 of src/recurrent/softmax-float32.ts. */
  rowMaxF32(n: number, x: Float32Array, xOff: number): number {
    return this.exports.rowMaxF32(n, x.byteOffset + xOff * 4);
  }

  /** y = e^{x − shift} (float32) and its float32 sum; the twin of expShiftSumF32 (shift a float32 number). */
  expShiftSumF32(n: number, x: Float32Array, xOff: number, shift: number, y: Float32Array, yOff: number): number {
    return this.exports.expShiftSumF32(n, x.byteOffset + xOff * 4, shift, y.byteOffset + yOff * 4);
  }

  /** x ← x·factor (float32); the twin of scaleF32 (factor a float32 number). */
  scaleF32(n: number, x: Float32Array, xOff: number, factor: number): void {
    this.exports.scaleF32(n, x.byteOffset + xOff * 4, factor);
  }
}
