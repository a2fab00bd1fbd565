import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ProgressExtra } from '../core/progress.ts';

/**
 * A task module's default export: runs one input (a seed, a sweep point) and may report progress,
 * with values to show beside it (e.g. `{ piRatio: 0.3 }`: the progress line, the live view's charts).
 * Inputs and results cross threads by structured clone: plain data and typed arrays.
 */
export type Task<I, O> = (input: I, report: (progress: number, extra?: ProgressExtra) => void) => O | Promise<O>;

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/**
 * Runs the default export of `module` on every input, in worker threads, at most `concurrency`
 * at a time (default: the machine's cores); results come back in input order. Independent runs
 * (seeds) thus use every core. With concurrency 1 the tasks run in this thread, one after another.
 * `onProgress(i, progress, extra)` receives what task i reports.
 */
export async function parallelMap<I, O>(
  module: URL,
  inputs: readonly I[],
  options: { concurrency?: number; onProgress?: (index: number, progress: number, extra?: ProgressExtra) => void } = {},
): Promise<O[]> {
  const concurrency = Math.max(1, Math.min(options.concurrency ?? availableParallelism(), inputs.length));
  const report = (i: number) => (progress: number, extra?: ProgressExtra) => options.onProgress?.(i, progress, extra);
  if (concurrency === 1) {
    const task = (await import(module.href)).default as Task<I, O>;
    const results: O[] = [];
    for (let i = 0; i < inputs.length; i++) results.push(await task(inputs[i], report(i)));
    return results;
  }
  const results = new Array<O>(inputs.length);
  let next = 0;
  // After the first failure no task starts and the running ones stop: the command reports the
  // error at once instead of after the other runs' hours.
  let failed = false;
  const running = new Set<Worker>();
  const runOne = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const worker = new Worker(BOOTSTRAP, { workerData: { module: module.href, input: inputs[i] } });
      running.add(worker);
      const fail = (err: Error) => {
        if (!failed) {
          failed = true;
          for (const other of running) if (other !== worker) void other.terminate();
        }
        reject(err);
      };
      worker.on('message', (m: { kind: string; progress?: number; extra?: ProgressExtra; value?: O; message?: string; name?: string }) => {
        if (m.kind === 'progress') report(i)(m.progress!, m.extra);
        else if (m.kind === 'result') results[i] = m.value!;
        else {
          const err = new Error(m.message);
          err.name = m.name ?? 'Error';
          fail(err);
        }
      });
      worker.on('error', fail);
      worker.on('exit', () => {
        running.delete(worker);
        resolve();
      });
    });
  const lane = async () => {
    while (!failed && next < inputs.length) await runOne(next++);
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return results;
}
