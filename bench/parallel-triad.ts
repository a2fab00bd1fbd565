/**
 * STREAM's triad on one or two cores at once, for the roofline (bench/roofline.ts): each thread a
 * worker with its own instance of the `triad` kernel (assembly/kernels.ts) on its own three arrays
 * of n doubles; the threads start together and the aggregate rate is the bytes of all of them over
 * the longest one's wall time. It says how much bandwidth a second core adds: whether the roof of
 * a step is the core's (it doubles) or the shared cache's or memory's (it does not).
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';

const KERNELS = fileURLToPath(new URL('../build/kernels.wasm', import.meta.url));

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const { path, n, repeats, start } = workerData;
const memory = new WebAssembly.Memory({ initial: Math.ceil((3 * n * 8 + 64) / 65536) });
const { triad } = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(path)), { env: { memory, abort() {} } }).exports;
const scalar = 3 * n * 8;
new Float64Array(memory.buffer, scalar, 1)[0] = 3;
const all = new Float64Array(memory.buffer, 0, 3 * n);
for (let i = 0; i < all.length; i++) all[i] = (i % 1000) * 1e-3;
triad(0, n * 8, 2 * n * 8, n, scalar);
const go = new Int32Array(start);
parentPort.postMessage('ready');
Atomics.wait(go, 0, 0);
const t0 = performance.now();
for (let r = 0; r < repeats; r++) triad(0, n * 8, 2 * n * 8, n, scalar);
parentPort.postMessage(performance.now() - t0);
`;

/** Aggregate GB/s (24 bytes per element, as STREAM counts) of `threads` simultaneous triads over 3 × n doubles each, about 1.6 GB per thread. */
export async function parallelTriad(threads: number, n: number): Promise<number> {
  const repeats = Math.max(1, Math.round(0.2e9 / (3 * n)));
  const start = new SharedArrayBuffer(4);
  const workers = Array.from({ length: threads }, () => new Worker(WORKER, { eval: true, workerData: { path: KERNELS, n, repeats, start } }));
  const messages = workers.map((w) => {
    const queue: unknown[] = [];
    const waiting: ((m: unknown) => void)[] = [];
    w.on('message', (m) => (waiting.length > 0 ? waiting.shift()!(m) : queue.push(m)));
    return () => new Promise<unknown>((resolve) => (queue.length > 0 ? resolve(queue.shift()) : waiting.push(resolve)));
  });
  await Promise.all(messages.map((next) => next()));
  Atomics.store(new Int32Array(start), 0, 1);
  Atomics.notify(new Int32Array(start), 0);
  const ms = (await Promise.all(messages.map((next) => next()))) as number[];
  await Promise.all(workers.map((w) => w.terminate()));
  return (threads * 24 * n * repeats) / (Math.max(...ms) / 1000) / 1e9;
}
