import { Worker } from 'node:worker_threads';
import type { WasmMemory, WasmModule } from './wasm-module.ts';

/**
 * Row-range kernels of one compiled module run on two threads: the calling thread and one worker
 * thread (kernel-worker.mjs), each with its own instance of the module on the same shared memory.
 * A call is cut into chunks of rows, and both threads take chunks from one atomic counter in the
 * control block until none is left; the caller then waits for the worker's chunks in progress.
 * Each row is computed by one thread with the one-thread kernel's arithmetic, so the results are
 * bit-identical to one thread. Taking chunks rather than a fixed half keeps a loaded machine from
 * stalling the step: when the worker is not running, the caller does the rows itself. Used by the
 * float64 kernels (threaded-kernels.ts) and the float32 storage's (threaded-float32-ops.ts).
 */

const WORKER_URL = new URL('./kernel-worker.mjs', import.meta.url);

/** About this many multiply-adds per chunk (a few microseconds); at least one row. */
const CHUNK_WORK = 8192;
/** Polls of the control block either thread makes before it sleeps (Atomics.wait): tens of microseconds, so the worker stays awake between the kernels of one step. */
const SPINS = 20000;
/** The longest a worker may take to start (a loaded machine can take seconds). */
const START_TIMEOUT_MS = 60000;
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
/** The control block's `op` that ends the worker. */
const EXIT = -1;

/** A kernel over rows [r0, r1): eight whole-number arguments (byte addresses, sizes), then the thread's scratch and column. */
export type RowsKernel = (r0: number, r1: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number, scratch: number, column: number) => void;

/** Where each thread's own workspace lies in the shared memory (byte addresses; 0 when the kernels take none). */
export interface ThreadWorkspace {
  readonly scratch: number;
  readonly column: number;
}

/** Ends a worker whose owner was garbage-collected without `dispose`. */
const orphans = new FinalizationRegistry<{ control: Int32Array; worker: Worker }>(({ control, worker }) => stopWorker(control, worker));

function stopWorker(control: Int32Array, worker: Worker): void {
  Atomics.store(control, LAYOUT.chunks, 0);
  control[LAYOUT.op] = EXIT;
  Atomics.add(control, LAYOUT.request, 1);
  Atomics.notify(control, LAYOUT.request);
  void worker.terminate();
}

/**
 * The kernels named `kernelNames` of `module` (instantiated by the caller as `exports` on the
 * shared `memory`) shared out by rows with one worker thread. Construction blocks until the worker
 * runs. The worker is unref'd (it never keeps a process alive) and ends with `dispose`, or when
 * `owner` is garbage-collected.
 */
export class RowSharing {
  private readonly kernels: readonly RowsKernel[];
  private readonly control: Int32Array;
  private readonly worker: Worker;
  private sequence = 0;
  private disposed = false;

  constructor(
    owner: object,
    module: WasmModule,
    memory: WasmMemory,
    exports: Record<string, unknown>,
    kernelNames: readonly string[],
    private readonly caller: ThreadWorkspace,
    workerSpace: ThreadWorkspace,
  ) {
    this.kernels = kernelNames.map((name) => exports[name] as RowsKernel);
    this.control = new Int32Array(new SharedArrayBuffer(CONTROL_INTS * 4));
    this.worker = startWorker(module, memory, this.control, kernelNames, workerSpace);
    orphans.register(owner, { control: this.control, worker: this.worker }, this);
  }

  /** Ends the worker; `share` must not be called afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    orphans.unregister(this);
    stopWorker(this.control, this.worker);
  }

  /**
   * Runs kernel `op` (index in kernelNames) over `rows` rows on both threads: its eight arguments
   * (whole numbers: byte addresses, sizes; fixed parameters rather than a rest array, which would
   * allocate per call) go into the control block, the chunk counter is set, the worker is told, and
   * both take chunks; the caller then waits for the worker's last chunk. `rowWork` is the
   * multiply-adds of one row.
   */
  share(op: number, rows: number, rowWork: number, a0: number, a1: number, a2: number, a3: number, a4: number, a5: number, a6: number, a7: number): void {
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
    const kernel = this.kernels[op];
    const { scratch, column } = this.caller;
    let mine = 0;
    for (;;) {
      const k = Atomics.add(c, LAYOUT.chunks, 1) & CHUNK_MASK;
      if (k >= n) break;
      const r0 = k * chunkRows;
      kernel(r0, Math.min(rows, r0 + chunkRows), a0, a1, a2, a3, a4, a5, a6, a7, scratch, column);
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
function startWorker(module: WasmModule, memory: WasmMemory, control: Int32Array, kernelNames: readonly string[], space: ThreadWorkspace): Worker {
  const worker = new Worker(WORKER_URL, {
    workerData: { module, memory, control: control.buffer, layout: LAYOUT, kernelNames, spins: SPINS, scratch: space.scratch, column: space.column, chunkBits: CHUNK_BITS },
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
