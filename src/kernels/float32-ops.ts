import { fileURLToPath } from 'node:url';
import type { KernelKind } from './dense-kernels.ts';
import { ThreadedFloat32Ops, threadedFloat32Available } from './threaded-float32-ops.ts';
import { compiledWasm, instantiateWasm } from './wasm-module.ts';

/**
 * The float32 kernels of the microcircuit's float32 storage (float32-storage.ts) on Float32Arrays:
 * a WebAssembly f32x4 SIMD version (assembly/float32-kernels.ts) and this plain-JavaScript twin,
 * which rounds to float32 after every operation (Math.fround) and so gives the same bits. A float32
 * product or sum computed in float64 and rounded once equals the float32 operation, because float64
 * carries more than twice float32's 24 significant bits.
 */
export interface Float32Ops {
  readonly kind: KernelKind;
  /** out[i] = Σ_j W[wOff + i·cols + j]·x[j] in float32, in the kernel's sixteen-lane order. */
  matVec(w: Float32Array, wOff: number, rows: number, cols: number, x: Float32Array, out: Float32Array): void;
  /**
   * W ← W + hW·Δ, then Δ ← a·Δ + e_i·p_j, in float32, for the rows × cols trace at traceOff and
   * weights at weightOff of `block`; e is already scaled by the trace gain hD, coef = [hW, a].
   */
  filteredUpdate(block: Float32Array, traceOff: number, weightOff: number, rows: number, cols: number, e: Float32Array, p: Float32Array, coef: Float32Array): void;
  /**
   * filteredUpdate, then out = W·x over the updated weights (matVec): the same bits as the two
   * calls, which the WebAssembly kernel does in one pass over W and Δ.
   */
  updateMatVec(block: Float32Array, traceOff: number, weightOff: number, rows: number, cols: number, e: Float32Array, p: Float32Array, coef: Float32Array, x: Float32Array, out: Float32Array): void;
}

const f = Math.fround;

/** Plain-JavaScript float32 kernels: the reference, on any Float32Array. */
export const jsFloat32Ops: Float32Ops = {
  kind: 'js',
  matVec(w, wOff, rows, cols, x, out) {
    for (let i = 0; i < rows; i++) {
      const r = wOff + i * cols;
      // Lane l of accumulator k sums the columns j ≡ 4k + l (mod 16).
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
      let j = 0;
      for (; j + 15 < cols; j += 16) {
        const o = r + j;
        a00 = f(a00 + f(w[o] * x[j]));
        a01 = f(a01 + f(w[o + 1] * x[j + 1]));
        a02 = f(a02 + f(w[o + 2] * x[j + 2]));
        a03 = f(a03 + f(w[o + 3] * x[j + 3]));
        a10 = f(a10 + f(w[o + 4] * x[j + 4]));
        a11 = f(a11 + f(w[o + 5] * x[j + 5]));
        a12 = f(a12 + f(w[o + 6] * x[j + 6]));
        a13 = f(a13 + f(w[o + 7] * x[j + 7]));
        a20 = f(a20 + f(w[o + 8] * x[j + 8]));
        a21 = f(a21 + f(w[o + 9] * x[j + 9]));
        a22 = f(a22 + f(w[o + 10] * x[j + 10]));
        a23 = f(a23 + f(w[o + 11] * x[j + 11]));
        a30 = f(a30 + f(w[o + 12] * x[j + 12]));
        a31 = f(a31 + f(w[o + 13] * x[j + 13]));
        a32 = f(a32 + f(w[o + 14] * x[j + 14]));
        a33 = f(a33 + f(w[o + 15] * x[j + 15]));
      }
      // ((a0 + a1) + (a2 + a3)) lane by lane, then (s0 + s2) + (s1 + s3)
      const s0 = f(f(a00 + a10) + f(a20 + a30));
      const s1 = f(f(a01 + a11) + f(a21 + a31));
      const s2 = f(f(a02 + a12) + f(a22 + a32));
      const s3 = f(f(a03 + a13) + f(a23 + a33));
      let t = f(f(s0 + s2) + f(s1 + s3));
      for (; j < cols; j++) t = f(t + f(w[r + j] * x[j]));
      out[i] = t;
    }
  },

  filteredUpdate(block, traceOff, weightOff, rows, cols, e, p, coef) {
    const hW = coef[0];
    const a = coef[1];
    for (let i = 0; i < rows; i++) {
      const ei = e[i];
      const t0 = traceOff + i * cols;
      const w0 = weightOff + i * cols;
      for (let j = 0; j < cols; j++) {
        const d = block[t0 + j];
        block[w0 + j] = f(block[w0 + j] + f(hW * d)); // dW/dt = η·Δ, with Δ from the start of the step
        block[t0 + j] = f(f(a * d) + f(ei * p[j])); // τ_w·dΔ/dt = −Δ + e·pᵀ
      }
    }
  },

  updateMatVec(block, traceOff, weightOff, rows, cols, e, p, coef, x, out) {
    jsFloat32Ops.filteredUpdate(block, traceOff, weightOff, rows, cols, e, p, coef);
    jsFloat32Ops.matVec(block, weightOff, rows, cols, x, out);
  },
};

const WASM_PATH = fileURLToPath(new URL('../../build/float32-kernels.wasm', import.meta.url));
const ALIGN_BYTES = 16;

interface WasmExports {
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, e: number, p: number, coef: number): void;
  updateMatVec(trace: number, weight: number, rows: number, cols: number, e: number, p: number, coef: number, x: number, out: number): void;
}

/** True when the float32 WebAssembly kernels load here. */
export function float32WasmAvailable(): boolean {
  return compiledWasm(WASM_PATH) !== null;
}

/**
 * A fixed block of float32 memory and the float32 kernels bound to it: for 'wasm' the module's
 * linear memory (never grown, so the views handed out stay valid), for 'js' a plain buffer. With
 * `threads` 2 (wasm only, where WebAssembly threads exist; one thread otherwise, without a word)
 * the memory is shared and the kernels split their rows with a worker thread
 * (threaded-float32-ops.ts), bit for bit as on one.
 */
export class Float32Memory {
  readonly ops: Float32Ops;
  /** Threads the kernels run on: 2 only when asked for and available. */
  readonly threads: 1 | 2;
  private readonly buffer: ArrayBufferLike;
  private used = 0;

  /** Room for arrays of the given lengths, each 16-byte aligned. */
  constructor(kind: KernelKind, lengths: readonly number[], threads: 1 | 2 = 1) {
    const bytes = lengths.reduce((b, n) => b + n * 4 + ALIGN_BYTES, ALIGN_BYTES);
    this.threads = threads === 2 && kind === 'wasm' && threadedFloat32Available() ? 2 : 1;
    if (this.threads === 2) {
      const threaded = new ThreadedFloat32Ops(bytes);
      this.buffer = threaded.buffer;
      this.ops = threaded;
    } else if (kind === 'wasm') {
      const module = compiledWasm(WASM_PATH);
      if (module === null) throw new Error('the float32 WebAssembly kernels are not built: run `npm run build:kernels`, or choose the js kernels');
      const { buffer, exports } = instantiateWasm<WasmExports>(module, bytes);
      this.buffer = buffer;
      this.ops = wasmFloat32Ops(exports);
    } else {
      this.buffer = new ArrayBuffer(bytes);
      this.ops = jsFloat32Ops;
    }
  }

  /** n zeros, 16-byte aligned, inside this memory. */
  allocate(n: number): Float32Array {
    const start = Math.ceil(this.used / ALIGN_BYTES) * ALIGN_BYTES;
    if (start + n * 4 > this.buffer.byteLength) throw new Error(`Float32Memory: out of room (${n} floats requested)`);
    this.used = start + n * 4;
    return new Float32Array(this.buffer, start, n);
  }

  /** Ends the kernels' worker thread, if they have one; the kernels must not be called afterwards. */
  dispose(): void {
    if (this.ops instanceof ThreadedFloat32Ops) this.ops.dispose();
  }
}

/** Byte address of element `off` of a Float32Array inside the kernels' memory. */
function ptr(a: Float32Array, off: number): number {
  return a.byteOffset + off * 4;
}

function wasmFloat32Ops(w: WasmExports): Float32Ops {
  return {
    kind: 'wasm',
    matVec: (m, mOff, rows, cols, x, out) => w.matVec(ptr(m, mOff), rows, cols, ptr(x, 0), ptr(out, 0)),
    filteredUpdate: (block, traceOff, weightOff, rows, cols, e, p, coef) =>
      w.filteredUpdate(ptr(block, traceOff), ptr(block, weightOff), rows, cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0)),
    updateMatVec: (block, traceOff, weightOff, rows, cols, e, p, coef, x, out) =>
      w.updateMatVec(ptr(block, traceOff), ptr(block, weightOff), rows, cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0), ptr(x, 0), ptr(out, 0)),
  };
}
