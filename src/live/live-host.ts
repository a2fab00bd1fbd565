import { MessageChannel, Worker } from 'node:worker_threads';
import { InputError } from '../core/input-error.ts';
import { CONTROL, LivePublisher, type LivePublisherOptions } from './live-publisher.ts';
import type { LiveServerOptions } from './live-server.ts';

export interface LiveHostOptions extends LiveServerOptions, LivePublisherOptions {
  /** Rows kept per stream. Default 5000. */
  readonly history?: number;
}

/** A live view served from its own thread: its address, the publisher of this thread, and `close`. */
export interface LiveHost {
  readonly url: string;
  /** Follows this thread's simulations and progress (see LivePublisher). */
  readonly publisher: LivePublisher;
  /** Ends the run on the page (a last update) and stops the server and its thread. */
  close(): Promise<void>;
}

/**
 * Starts a live server in a worker thread (live-host-worker.ts) fed by a LivePublisher in this
 * thread: a run in this thread is served even while it computes without yielding, and the page's
 * pause holds it. Pause and resume are offered; stop is not (the run's own code decides when it
 * ends). A port in use or a host that cannot be bound is an InputError.
 */
export async function startLiveHost(options: LiveHostOptions = {}): Promise<LiveHost> {
  const { port1, port2 } = new MessageChannel();
  const control = new SharedArrayBuffer(CONTROL.words * Int32Array.BYTES_PER_ELEMENT);
  const { every, maxRowsPerSecond, maxPointsPerSecond, ...serverOptions } = options;
  const worker = new Worker(new URL('./live-host-bootstrap.mjs', import.meta.url), { workerData: { port: port2, control, options: serverOptions }, transferList: [port2] });
  const url = await new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { kind: string; url: string; field: string; problem: string }) => (m.kind === 'url' ? resolve(m.url) : reject(new InputError(m.field, m.problem))));
    worker.once('error', reject);
  });
  const publisher = new LivePublisher(port1, control, { every, maxRowsPerSecond, maxPointsPerSecond });
  return {
    url,
    publisher,
    close: async () => {
      publisher.close();
      const closed = new Promise<void>((resolve) => worker.once('message', () => resolve()));
      worker.postMessage({ kind: 'close' });
      await closed;
      await worker.terminate();
      port1.close();
    },
  };
}
