// Entry of the worker threads of parallel-map.ts: lets the worker load TypeScript through tsx (as
// the main thread does), runs the task module's default export on the input, and posts back
// progress messages and the result.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const task = (await import(workerData.module)).default;
try {
  const value = await task(workerData.input, (progress, extra) => parentPort.postMessage({ kind: 'progress', progress, extra }));
  parentPort.postMessage({ kind: 'result', value });
} catch (error) {
  parentPort.postMessage({ kind: 'error', message: error instanceof Error ? error.message : String(error), name: error?.name });
}
