import { fileURLToPath } from 'node:url';
import type { Float32Ops } from './float32-ops.ts';
import { RowSharing } from './row-sharing.ts';
import { MIN_SPLIT_WORK } from './threaded-kernels.ts';
import { compiledWasm, instantiateSharedWasm } from './wasm-module.ts';

/**
 * The float32 storage's kernels (float32-ops.ts) on two threads: the calling thread and one worker
 * run the same compiled float32 kernels (assembly/threaded-float32-kernels.ts: the f32x4 kernels
 * built over a shared memory, each also over a range of rows) on the same memory, a large call's
 * rows shared out in chunks (row-sharing.ts). Each row is computed by one thread with the
 * one-thread kernel's arithmetic, so the bits are those of one thread
 * (test/kernels/threaded-float32-ops.test.ts). Calls below MIN_SPLIT_WORK multiply-adds stay on
 * the calling thread.
 */

/** The shared-memory build, made by `npm run build:kernels` next to build/float32-kernels.wasm. */
const WASM_PATH = fileURLToPath(new URL('../../build/threaded-float32-kernels.wasm', import.meta.url));
/** Kernels shared out by rows, by index in this list (RowSharing's `op`). */
const KERNEL_NAMES = ['matVecRows', 'filteredUpdateRows', 'updateMatVecRows'] as const;
const MAT_VEC = 0;
const FILTERED_UPDATE = 1;
const UPDATE_MAT_VEC = 2;

interface ThreadedFloat32Exports {
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, e: number, p: number, coef: number): void;
  updateMatVec(trace: number, weight: number, rows: number, cols: number, e: number, p: number, coef: number, x: number, out: number): void;
}

let available: boolean | undefined;

/** True where the float32 kernels can run on two threads here: SharedArrayBuffer, WebAssembly threads and the shared-memory build. Checked once. */
export function threadedFloat32Available(): boolean {
  if (available === undefined) {
    try {
      const module = compiledWasm(WASM_PATH);
      available = typeof SharedArrayBuffer === 'function' && module !== null && instantiateSharedWasm(module, 1) !== null;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Byte address of element `off` of a Float32Array inside the shared memory. */
function ptr(a: Float32Array, off: number): number {
  return a.byteOffset + off * 4;
}

/**
 * Two-thread float32 kernels over one new shared memory of at least `bytes` (`buffer`, from which
 * the storage takes its arrays). Construction blocks until the worker runs; the worker ends with
 * `dispose`, or when these kernels are garbage-collected.
 */
export class ThreadedFloat32Ops implements Float32Ops {
  readonly kind = 'wasm' as const;
  readonly buffer: SharedArrayBuffer;
  private readonly w: ThreadedFloat32Exports;
  private readonly rows: RowSharing;

  constructor(bytes: number) {
    const module = compiledWasm(WASM_PATH);
    if (module === null) throw new Error('the shared-memory float32 kernels are not built: run `npm run build:kernels`');
    const { memory, buffer, exports } = instantiateSharedWasm<ThreadedFloat32Exports>(module, bytes);
    this.buffer = buffer;
    this.w = exports;
    // The float32 kernels take no per-thread workspace.
    const none = { scratch: 0, column: 0 };
    this.rows = new RowSharing(this, module, memory, exports as unknown as Record<string, unknown>, KERNEL_NAMES, none, none);
  }

  /** Ends the worker; the kernels must not be called afterwards. */
  dispose(): void {
    this.rows.dispose();
  }

  matVec(m: Float32Array, mOff: number, rows: number, cols: number, x: Float32Array, out: Float32Array): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.matVec(ptr(m, mOff), rows, cols, ptr(x, 0), ptr(out, 0));
    else this.rows.share(MAT_VEC, rows, cols, ptr(m, mOff), cols, ptr(x, 0), ptr(out, 0), 0, 0, 0, 0);
  }

  filteredUpdate(block: Float32Array, traceOff: number, weightOff: number, rows: number, cols: number, e: Float32Array, p: Float32Array, coef: Float32Array): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.filteredUpdate(ptr(block, traceOff), ptr(block, weightOff), rows, cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0));
    else this.rows.share(FILTERED_UPDATE, rows, cols, ptr(block, traceOff), ptr(block, weightOff), cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0), 0, 0);
  }

  updateMatVec(block: Float32Array, traceOff: number, weightOff: number, rows: number, cols: number, e: Float32Array, p: Float32Array, coef: Float32Array, x: Float32Array, out: Float32Array): void {
    if (rows * cols < MIN_SPLIT_WORK) {
      this.w.updateMatVec(ptr(block, traceOff), ptr(block, weightOff), rows, cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0), ptr(x, 0), ptr(out, 0));
    } else {
      this.rows.share(UPDATE_MAT_VEC, rows, 2 * cols, ptr(block, traceOff), ptr(block, weightOff), cols, ptr(e, 0), ptr(p, 0), ptr(coef, 0), ptr(x, 0), ptr(out, 0));
    }
  }
}
