import { fileURLToPath } from 'node:url';
import type { DenseKernels } from './dense-kernels.ts';
import { RowSharing } from './row-sharing.ts';
import { compiledWasm, instantiateSharedWasm } from './wasm-module.ts';

/**
 * The microcircuit's kernels on two threads: the calling thread and one worker thread run the same
 * compiled kernels (assembly/threaded-kernels.ts: assembly/kernels.ts built over a shared memory,
 * each kernel also over a range of rows) on the same memory, a large call's rows shared out in
 * chunks (row-sharing.ts). Each row is computed by one thread with exactly the one-thread kernel's
 * arithmetic, so the results are bit-identical to one thread (test/kernels/threaded-kernels.test.ts).
 * Calls below MIN_SPLIT_WORK multiply-adds stay on the calling thread.
 */

/** The shared-memory build, made by `npm run build:kernels` next to build/kernels.wasm. */
const WASM_PATH = fileURLToPath(new URL('../../build/threaded-kernels.wasm', import.meta.url));

/**
 * A call is shared out only from this many multiply-adds (rows × cols, ×2 for matVecPair, × count
 * for windowFlush) on: a hand-over and its return take about 1 µs (median) while the worker spins.
 */
export const MIN_SPLIT_WORK = 16384;
/** windowFlushRows' per-thread column and scratch hold this many window steps (plasticity windows are ≤ 64). */
const MAX_FLUSH_COUNT = 64;
/** Per thread: `column` (count doubles) and `scratch` (2·count doubles) of windowFlushRows. */
const WORKSPACE_BYTES_PER_THREAD = 3 * MAX_FLUSH_COUNT * 8;
/** Kernels shared out by rows, by index in this list (RowSharing's `op`). */
const KERNEL_NAMES = ['matVecRows', 'matVecAddRows', 'filteredUpdateRows', 'matVecPairRows', 'windowFlushRows'] as const;
const MAT_VEC = 0;
const MAT_VEC_ADD = 1;
const FILTERED_UPDATE = 2;
const MAT_VEC_PAIR = 3;
const WINDOW_FLUSH = 4;

interface ThreadedExports {
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  matVecAdd(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, post: number, pre: number, coef: number): void;
  matVecPair(w: number, d: number, rows: number, cols: number, x: number, outW: number, outD: number): void;
  windowFlush(trace: number, weight: number, rows: number, cols: number, errs: number, pres: number, count: number, coef: number, scratch: number): void;
}

let available: boolean | undefined;

/**
 * True where two kernel threads can run here: SharedArrayBuffer, WebAssembly threads (a shared
 * memory) and the shared-memory build of the kernels. Checked once.
 */
export function threadedKernelsAvailable(): boolean {
  if (available === undefined) {
    try {
      available = typeof SharedArrayBuffer === 'function' && compiledWasm(WASM_PATH) !== null && instantiateSharedWasm(compiledWasm(WASM_PATH)!, 1) !== null;
    } catch {
      available = false;
    }
  }
  return available;
}

/** Byte address of element `off` of an array inside the shared memory. */
function ptr(a: Float64Array, off: number): number {
  return a.byteOffset + off * 8;
}

/**
 * Two-thread kernels over one shared memory of `bytes` usable bytes (`buffer`, from which the
 * circuit takes its arrays; the kernels' own workspace lies beyond `bytes`). Construction blocks
 * until the worker runs. The worker is unref'd (it never keeps a process alive) and ends with
 * `dispose`, or when these kernels are garbage-collected.
 */
export class ThreadedKernels implements DenseKernels {
  readonly kind = 'wasm' as const;
  /** The shared memory; arrays handed to the kernels must lie in its first `bytes` bytes. */
  readonly buffer: SharedArrayBuffer;
  private readonly w: ThreadedExports;
  private readonly rows: RowSharing;

  constructor(readonly bytes: number) {
    const module = compiledWasm(WASM_PATH);
    if (module === null) throw new Error('the shared-memory kernels are not built: run `npm run build:kernels`');
    const workspace = Math.ceil(bytes / 16) * 16;
    const { memory, buffer, exports } = instantiateSharedWasm<ThreadedExports>(module, workspace + 2 * WORKSPACE_BYTES_PER_THREAD);
    this.buffer = buffer;
    this.w = exports;
    // Each thread's windowFlushRows scratch (2·MAX_FLUSH_COUNT doubles) and column, beyond `bytes`.
    const worker = workspace + WORKSPACE_BYTES_PER_THREAD;
    this.rows = new RowSharing(
      this,
      module,
      memory,
      exports as unknown as Record<string, unknown>,
      KERNEL_NAMES,
      { scratch: workspace, column: workspace + 2 * MAX_FLUSH_COUNT * 8 },
      { scratch: worker, column: worker + 2 * MAX_FLUSH_COUNT * 8 },
    );
  }

  /** Number of threads the kernels run on. */
  get threads(): number {
    return 2;
  }

  /** Ends the worker; the kernels must not be called afterwards. */
  dispose(): void {
    this.rows.dispose();
  }

  matVec(m: Float64Array, mOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.matVec(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff));
    else this.rows.share(MAT_VEC, rows, cols, ptr(m, mOff), cols, ptr(x, xOff), ptr(out, outOff), 0, 0, 0, 0);
  }

  matVecAdd(m: Float64Array, mOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.matVecAdd(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff));
    else this.rows.share(MAT_VEC_ADD, rows, cols, ptr(m, mOff), cols, ptr(x, xOff), ptr(out, outOff), 0, 0, 0, 0);
  }

  filteredUpdate(y: Float64Array, traceOff: number, weightOff: number, rows: number, cols: number, post: Float64Array, pre: Float64Array, preOff: number, coef: Float64Array): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.filteredUpdate(ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(post, 0), ptr(pre, preOff), ptr(coef, 0));
    else this.rows.share(FILTERED_UPDATE, rows, cols, ptr(y, traceOff), ptr(y, weightOff), cols, ptr(post, 0), ptr(pre, preOff), ptr(coef, 0), 0, 0);
  }

  matVecPair(y: Float64Array, wOff: number, dOff: number, rows: number, cols: number, x: Float64Array, xOff: number, outW: Float64Array, outD: Float64Array): void {
    if (2 * rows * cols < MIN_SPLIT_WORK) this.w.matVecPair(ptr(y, wOff), ptr(y, dOff), rows, cols, ptr(x, xOff), ptr(outW, 0), ptr(outD, 0));
    else this.rows.share(MAT_VEC_PAIR, rows, 2 * cols, ptr(y, wOff), ptr(y, dOff), cols, ptr(x, xOff), ptr(outW, 0), ptr(outD, 0), 0, 0);
  }

  windowFlush(
    y: Float64Array,
    traceOff: number,
    weightOff: number,
    rows: number,
    cols: number,
    errors: Float64Array,
    pres: Float64Array,
    count: number,
    coef: Float64Array,
    scratch: Float64Array,
  ): void {
    if (count > MAX_FLUSH_COUNT || rows * cols * count < MIN_SPLIT_WORK) {
      this.w.windowFlush(ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(errors, 0), ptr(pres, 0), count, ptr(coef, 0), ptr(scratch, 0));
    } else {
      this.rows.share(WINDOW_FLUSH, rows, cols * count, ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(errors, 0), ptr(pres, 0), count, ptr(coef, 0));
    }
  }
}
