// The second thread of RowSharing (row-sharing.ts): with its own instance of the same
// compiled kernels on the same shared memory, it takes chunks of rows of each posted call until
// none is left, as the calling thread does. Plain JavaScript (no TypeScript loader), so that it
// starts in milliseconds. The control block's layout, the spin count, the kernels' names and this
// thread's workspace come from row-sharing.ts in workerData.
import { workerData } from 'node:worker_threads';

const { module, memory, control, layout, kernelNames, spins, scratch, column, chunkBits } = workerData;
const ctrl = new Int32Array(control);
const { request, workerSleeping, chunks, workerDone, callerSleeping, ready, failed, op, chunkRows, rows, args } = layout;
const chunkMask = (1 << chunkBits) - 1;

try {
  const exports = new WebAssembly.Instance(module, { env: { memory, abort: () => undefined } }).exports;
  const kernels = kernelNames.map((name) => exports[name]);
  Atomics.store(ctrl, ready, 1);
  Atomics.notify(ctrl, ready);
  let seen = 0;
  for (;;) {
    // Spin while the caller is likely to post again soon (the next kernel of the same step), then
    // sleep; the caller wakes a sleeping worker (workerSleeping), and only then.
    let n = 0;
    while (Atomics.load(ctrl, request) === seen) {
      if (++n < spins) continue;
      Atomics.store(ctrl, workerSleeping, 1);
      Atomics.wait(ctrl, request, seen);
      Atomics.store(ctrl, workerSleeping, 0);
      n = 0;
    }
    seen = Atomics.load(ctrl, request);
    if (ctrl[op] < 0) break;
    // A claim is a chunk of the call in progress (the call cannot end before its chunks are done),
    // so the parameters read after a successful claim are that call's, however late this thread is.
    for (;;) {
      const word = Atomics.add(ctrl, chunks, 1);
      const k = word & chunkMask;
      if (k >= word >>> chunkBits) break;
      const step = ctrl[chunkRows];
      const r0 = k * step;
      const r1 = Math.min(ctrl[rows], r0 + step);
      const a = args;
      kernels[ctrl[op]](r0, r1, ctrl[a], ctrl[a + 1], ctrl[a + 2], ctrl[a + 3], ctrl[a + 4], ctrl[a + 5], ctrl[a + 6], ctrl[a + 7], scratch, column);
      Atomics.add(ctrl, workerDone, 1);
      if (Atomics.load(ctrl, callerSleeping) === 1) Atomics.notify(ctrl, workerDone);
    }
  }
} catch (error) {
  // The caller checks `failed` while it waits for the start or for a chunk.
  Atomics.store(ctrl, failed, 1);
  Atomics.store(ctrl, ready, 1);
  Atomics.notify(ctrl, ready);
  Atomics.notify(ctrl, workerDone);
  throw error;
}
