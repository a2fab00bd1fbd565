import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DenseKernels } from './dense-kernels.ts';
import { compiledWasm, instantiateSharedWasm, type WasmModule } from './wasm-module.ts';

/**
 * The microcircuit's kernels on two threads: the calling thread and one worker thread run the same
 * compiled kernels (assembly/threaded-kernels.ts: assembly/kernels.ts built over a shared memory,
 * each kernel also over a range of rows) on the same memory. A large call is cut into chunks of
 * rows, and both threads take chunks from one atomic counter in the control block until none is
 * left; the caller then waits for the worker's chunks in progress. Each row is computed by one
 * thread with exactly the one-thread kernel's arithmetic, so the results are bit-identical to one
 * thread (test/kernels/threaded-kernels.test.ts). Taking chunks rather than a fixed half keeps a
 * loaded machine from stalling the step: when the worker is not running, the caller does the rows
 * itself. Calls below MIN_SPLIT_WORK multiply-adds stay on the calling thread.
 */

/** The shared-memory build, made by `npm run build:kernels` next to build/kernels.wasm. */
const WASM_PATH = fileURLToPath(new URL('../../build/threaded-kernels.wasm', import.meta.url));
const WORKER_URL = new URL('./kernel-worker.mjs', import.meta.url);

/**
 * A call is shared out only from this many multiply-adds (rows × cols, ×2 for matVecPair, × count
 * for windowFlush) on: a hand-over and its return take about 1 µs (median) while the worker spins.
 */
export const MIN_SPLIT_WORK = 16384;
/** About this many multiply-adds per chunk (a few microseconds); at least one row. */
const CHUNK_WORK = 8192;

/** Polls of the control block either thread makes before it sleeps (Atomics.wait): tens of microseconds, so the worker stays awake between the kernels of one step. */
const SPINS = 20000;
/** The longest a worker may take to start (a loaded machine can take seconds). */
const START_TIMEOUT_MS = 60000;
/** windowFlushRows' per-thread column and scratch hold this many window steps (plasticity windows are ≤ 64). */
const MAX_FLUSH_COUNT = 64;
/** Per thread: `column` (count doubles) and `scratch` (2·count doubles) of windowFlushRows. */
const WORKSPACE_BYTES_PER_THREAD = 3 * MAX_FLUSH_COUNT * 8;
/** The chunk counter holds (chunks in the call) << CHUNK_BITS | (next chunk to take). */
const CHUNK_BITS = 12;
const CHUNK_MASK = (1 << CHUNK_BITS) - 1;
/** At most this many chunks per call, so that the few claims past the end never carry into the count. */
const MAX_CHUNKS = 2048;

/**
 * Int32 indices of the control block: `request` (sequence number of the last call posted) and
 * `chunks` (the counter both threads take chunks from) sit on separate cache lines from
 * `workerDone` (chunks the worker finished in the current call).
 */
const LAYOUT = {
  request: 0,
  workerSleeping: 1,
  op: 2,
  chunkRows: 3,
  rows: 4,
  args: 5,
  chunks: 16,
  workerDone: 32,
  callerSleeping: 33,
  ready: 34,
  failed: 35,
} as const;
const CONTROL_INTS = 48;
/** Kernels shared out by rows, by index in this list (the control block's `op`; −1 ends the worker). */
const KERNEL_NAMES = ['matVecRows', 'matVecAddRows', 'filteredUpdateRows', 'matVecPairRows', 'windowFlushRows'] as const;
const MAT_VEC = 0;
const MAT_VEC_ADD = 1;
const FILTERED_UPDATE = 2;
const MAT_VEC_PAIR = 3;
const WINDOW_FLUSH = 4;
const EXIT = -1;

/** A kernel over rows [r0, r1): eight whole-number arguments (byte addresses, sizes), then the thread's scratch and column. */
type RowsKernel = (r0: number, r1: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, scratch: number, column: number) => void;

interface ThreadedExports {
  matVec(w: number, rows: number, cols: number, x: number, out: number): void;
  matVecAdd(w: number, rows: number, cols: number, x: number, out: number): void;
  filteredUpdate(trace: number, weight: number, rows: number, cols: number, post: number, pre: number, coef: number): void;
  matVecPair(w: number, d: number, rows: number, cols: number, x: number, outW: number, outD: number): void;
  windowFlush(trace: number, weight: number, rows: number, cols: number, errs: number, pres: number, count: number, coef: number, scratch: number): void;
  matVecRows: RowsKernel;
  matVecAddRows: RowsKernel;
  filteredUpdateRows: RowsKernel;
  matVecPairRows: RowsKernel;
  windowFlushRows: RowsKernel;
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

/** Ends a worker whose kernels were garbage-collected without `dispose`. */
const orphans = new FinalizationRegistry<{ control: Int32Array; worker: Worker }>(({ control, worker }) => stopWorker(control, worker));

function stopWorker(control: Int32Array, worker: Worker): void {
  Atomics.store(control, LAYOUT.chunks, 0);
  control[LAYOUT.op] = EXIT;
  Atomics.add(control, LAYOUT.request, 1);
  Atomics.notify(control, LAYOUT.request);
  void worker.terminate();
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
  private readonly rowsKernels: readonly RowsKernel[];
  private readonly control: Int32Array;
  private readonly worker: Worker;
  /** Byte addresses of the calling thread's windowFlushRows scratch and column. */
  private readonly scratch: number;
  private readonly column: number;
  private sequence = 0;
  private disposed = false;

  constructor(readonly bytes: number) {
    const module = compiledWasm(WASM_PATH);
    if (module === null) throw new Error('the shared-memory kernels are not built: run `npm run build:kernels`');
    const workspace = Math.ceil(bytes / 16) * 16;
    const { memory, buffer, exports } = instantiateSharedWasm<ThreadedExports>(module, workspace + 2 * WORKSPACE_BYTES_PER_THREAD);
    this.buffer = buffer;
    this.w = exports;
    this.rowsKernels = KERNEL_NAMES.map((name) => exports[name]);
    this.scratch = workspace;
    this.column = workspace + 2 * MAX_FLUSH_COUNT * 8;
    const worker = workspace + WORKSPACE_BYTES_PER_THREAD;
    this.control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    this.worker = startWorker(module, memory, this.control, worker, worker + 2 * MAX_FLUSH_COUNT * 8);
    orphans.register(this, { control: this.control, worker: this.worker }, this);
  }

  /** Number of threads the kernels run on. */
  get threads(): number {
    return 2;
  }

  /** Ends the worker; the kernels must not be called afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    orphans.unregister(this);
    stopWorker(this.control, this.worker);
  }

  matVec(m: Float64Array, mOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.matVec(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff));
    else this.share(MAT_VEC, rows, cols, ptr(m, mOff), cols, ptr(x, xOff), ptr(out, outOff), 0, 0, 0, 0);
  }

  matVecAdd(m: Float64Array, mOff: number, rows: number, cols: number, x: Float64Array, xOff: number, out: Float64Array, outOff: number): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.matVecAdd(ptr(m, mOff), rows, cols, ptr(x, xOff), ptr(out, outOff));
    else this.share(MAT_VEC_ADD, rows, cols, ptr(m, mOff), cols, ptr(x, xOff), ptr(out, outOff), 0, 0, 0, 0);
  }

  filteredUpdate(y: Float64Array, traceOff: number, weightOff: number, rows: number, cols: number, post: Float64Array, pre: Float64Array, preOff: number, coef: Float64Array): void {
    if (rows * cols < MIN_SPLIT_WORK) this.w.filteredUpdate(ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(post, 0), ptr(pre, preOff), ptr(coef, 0));
    else this.share(FILTERED_UPDATE, rows, cols, ptr(y, traceOff), ptr(y, weightOff), cols, ptr(post, 0), ptr(pre, preOff), ptr(coef, 0), 0, 0);
  }

  matVecPair(y: Float64Array, wOff: number, dOff: number, rows: number, cols: number, x: Float64Array, xOff: number, outW: Float64Array, outD: Float64Array): void {
    if (2 * rows * cols < MIN_SPLIT_WORK) this.w.matVecPair(ptr(y, wOff), ptr(y, dOff), rows, cols, ptr(x, xOff), ptr(outW, 0), ptr(outD, 0));
    else this.share(MAT_VEC_PAIR, rows, 2 * cols, ptr(y, wOff), ptr(y, dOff), cols, ptr(x, xOff), ptr(outW, 0), ptr(outD, 0), 0, 0);
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
      this.share(WINDOW_FLUSH, rows, cols * count, ptr(y, traceOff), ptr(y, weightOff), rows, cols, ptr(errors, 0), ptr(pres, 0), count, ptr(coef, 0));
    }
  }

  /**
   * Runs kernel `op` over `rows` rows on both threads: its eight arguments (whole numbers: byte
   * addresses, sizes; fixed parameters rather than a rest array, which would allocate per call) go
   * into the control block, the chunk counter is set, the worker is told, and both take chunks; the
   * caller then waits for the worker's last chunk. `rowWork` is the multiply-adds of one row.
   */
  private share(op: number, rows: number, rowWork: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number): void {
    const c = this.control;
    const chunkRows = Math.max(Math.ceil(CHUNK_WORK / rowWork), Math.ceil(rows / MAX_CHUNKS));
    const n = Math.ceil(rows / chunkRows);
    const b = LAYOUT.args;
    c[LAYOUT.op] = op;
    c[LAYOUT.chunkRows] = chunkRows;
    c[LAYOUT.rows] = rows;
    c[b] = a0;
    c[b + 1] = a1;
    c[b + 2] = a2;
    c[b + 3] = a3;
    c[b + 4] = a4;
    c[b + 5] = a5;
    c[b + 6] = a6;
    c[b + 7] = a7;
    Atomics.store(c, LAYOUT.workerDone, 0);
    Atomics.store(c, LAYOUT.chunks, n << CHUNK_BITS);
    Atomics.store(c, LAYOUT.request, ++this.sequence);
    if (Atomics.load(c, LAYOUT.workerSleeping) === 1) Atomics.notify(c, LAYOUT.request);
    const kernel = this.rowsKernels[op];
    let mine = 0;
    for (;;) {
      const k = Atomics.add(c, LAYOUT.chunks, 1) & CHUNK_MASK;
      if (k >= n) break;
      const r0 = k * chunkRows;
      kernel(r0, Math.min(rows, r0 + chunkRows), a0, a1, a2, a3, a4, a5, a6, a7, this.scratch, this.column);
      mine++;
    }
    this.join(n - mine);
  }

  /** Waits until the worker has finished `chunks` chunks of the current call: spins, then sleeps until woken. */
  private join(chunks: number): void {
    const c = this.control;
    let spins = 0;
    for (;;) {
      const done = Atomics.load(c, LAYOUT.workerDone);
      if (done === chunks) return;
      if (Atomics.load(c, LAYOUT.failed) === 1) throw new Error('the kernel worker thread failed; run with threads: 1');
      if (++spins < SPINS) continue;
      Atomics.store(c, LAYOUT.callerSleeping, 1);
      // A timeout, so that the `failed` flag is read again even if no wake-up comes.
      Atomics.wait(c, LAYOUT.workerDone, done, 100);
      Atomics.store(c, LAYOUT.callerSleeping, 0);
      spins = 0;
    }
  }
}

/** Starts the worker on the shared memory and blocks until it has instantiated the kernels. */
function startWorker(module: WasmModule, memory: unknown, control: Int32Array, scratch: number, column: number): Worker {
  const worker = new Worker(WORKER_URL, {
    workerData: { module, memory, control: control.buffer, layout: LAYOUT, kernelNames: KERNEL_NAMES, spins: SPINS, scratch, column, chunkBits: CHUNK_BITS },
    // The worker is plain JavaScript: no TypeScript loader (tsx) from this process's flags.
    execArgv: [],
  });
  worker.unref();
  // Errors surface through the control block (`failed`); this keeps an uncaught one from ending the process.
  worker.on('error', () => undefined);
  const start = Date.now();
  while (Atomics.load(control, LAYOUT.ready) === 0) {
    if (Date.now() - start > START_TIMEOUT_MS) {
      void worker.terminate();
      throw new Error(`the kernel worker thread did not start within ${START_TIMEOUT_MS / 1000} s; run with threads: 1`);
    }
    Atomics.wait(control, LAYOUT.ready, 0, 100);
  }
  if (Atomics.load(control, LAYOUT.failed) === 1) {
    void worker.terminate();
    throw new Error('the kernel worker thread could not load the kernels; run with threads: 1');
  }
  return worker;
}
