import { fileURLToPath } from 'node:url';
import { compiledWasm, instantiateWasm } from './wasm-module.ts';
import type { DenseKernels, KernelKind } from './dense-kernels.ts';
import { jsKernels } from './js-kernels.ts';
import { ThreadedKernels, threadedKernelsAvailable } from './threaded-kernels.ts';

/** The compiled kernels (assembly/kernels.ts), built by `npm run build:kernels` during `npm ci`. */
const WASM_PATH = fileURLToPath(new URL('../../build/kernels.wasm', import.meta.url));
const ALIGN_BYTES = 16;

interface WasmExports {
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  matVecAdd(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, post: number, pre: number, coef: number): void;
  matVecPair(w: number, d: number, rows: number, cols: number, x: number, outW: number, outD: number): void;
  windowFlush(trace: number, weight: number, rows: number, cols: number, errs: number, pres: number, count: number, coef: number, scratch: number): void;
  runStep(program: number): number;
}

/** 'wasm' when the compiled SIMD kernels load here, 'js' otherwise. */
export function defaultKernelKind(): KernelKind {
  return compiledWasm(WASM_PATH) !== null ? 'wasm' : 'js';
}

/**
 * One block of memory of fixed size from which a circuit takes all the arrays its kernels touch,
 * and the kernels bound to it. For WebAssembly the block is the module's linear memory; it never
 * grows, so the typed-array views handed out stay valid. With `threads` 2 (wasm only, where
 * WebAssembly threads exist; one thread otherwise, without a word) the memory is shared and the
 * kernels split their rows with a worker thread (threaded-kernels.ts), bit for bit as on one.
 */
export class KernelMemory {
  readonly kernels: DenseKernels;
  /** Threads the kernels run on: 2 only when asked for and available. */
  readonly threads: 1 | 2;
  private readonly buffer: ArrayBufferLike;
  private readonly capacity: number;
  private used = 0;

  constructor(kind: KernelKind, doubles: number, threads: 1 | 2 = 1) {
    const bytes = Math.max(ALIGN_BYTES, doubles * 8 + ALIGN_BYTES);
    this.capacity = bytes;
    this.threads = threads === 2 && kind === 'wasm' && threadedKernelsAvailable() ? 2 : 1;
    if (this.threads === 2) {
      const threaded = new ThreadedKernels(bytes);
      this.buffer = threaded.buffer;
      this.kernels = threaded;
    } else if (kind === 'wasm') {
      const module = compiledWasm(WASM_PATH);
      if (module === null) throw new Error('WebAssembly kernels are not built: run `npm run build:kernels`, or choose the js kernels');
      const { buffer, exports } = instantiateWasm<WasmExports>(module, bytes);
      this.buffer = buffer;
      this.kernels = wasmKernels(exports);
    } else {
      this.buffer = new ArrayBuffer(bytes);
      this.kernels = jsKernels;
    }
  }

  /** n zeros, 16-byte aligned, inside this memory. */
  allocate(n: number): Float64Array {
    const start = Math.ceil(this.used / ALIGN_BYTES) * ALIGN_BYTES;
    if (start + n * 8 > this.capacity) throw new Error(`KernelMemory: out of room (${n} doubles requested)`);
    this.used = start + n * 8;
    return new Float64Array(this.buffer, start, n);
  }

  /**
   * Runs `construct` on one block of kernel memory of exactly the size it takes: a first pass
   * counts the arrays it asks for (plain arrays, then dropped), the second takes the same arrays
   * from the block. So what a model allocates is described once, by the code that allocates it;
   * `construct` must ask for the same arrays in both passes and have no other effect.
   */
  static build<T>(
    kind: KernelKind,
    construct: (allocate: (n: number) => Float64Array, kernels: DenseKernels) => T,
    threads: 1 | 2 = 1,
  ): { value: T; kernels: DenseKernels; threads: 1 | 2 } {
    let length = 0;
    let count = 0;
    construct((n) => {
      length += n;
      count++;
      return new Float64Array(n);
    }, jsKernels);
    const memory = new KernelMemory(kind, length + count * (ALIGN_BYTES / 8), threads);
    return { value: construct((n) => memory.allocate(n), memory.kernels), kernels: memory.kernels, threads: memory.threads };
  }
}

/** Byte address of element `off` of an array inside the kernels' memory. */
function ptr(a: Float64Array, off: number): number {
  return a.byteOffset + off * 8;
}

function wasmKernels(w: WasmExports): DenseKernels {
  return {
    kind: 'wasm',
    matVec: (m, mOff, rows, cols, x, xOff, out, outOff) => w.matVec(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff)),
    matVecAdd: (m, mOff, rows, cols, x, xOff, out, outOff) => w.matVecAdd(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff)),
    filteredUpdate: (y, traceOff, weightOff, rows, cols, post, pre, preOff, coef) =>
      w.filteredUpdate(ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(post, 0), ptr(pre, preOff), ptr(coef, 0)),
    matVecPair: (y, wOff, dOff, rows, cols, x, xOff, outW, outD) =>
      w.matVecPair(ptr(y, wOff), ptr(y, dOff), rows, cols, ptr(x, xOff), ptr(outW, 0), ptr(outD, 0)),
    windowFlush: (y, traceOff, weightOff, rows, cols, errors, pres, count, coef, scratch) =>
      w.windowFlush(ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(errors, 0), ptr(pres, 0), count, ptr(coef, 0), ptr(scratch, 0)),
    runStep: (program) => {
      w.runStep(program.byteOffset);
    },
  };
}
