/**
 * The thread of a live host (live-host.ts): serves the page (startLiveServer) from what a
 * LivePublisher in the running thread posts, so a run that never yields to its event loop (a
 * synchronous training loop, an experiment's seeds) is still served, and pause holds it.
 */
import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { InputError } from '../core/input-error.ts';
import { LiveBoard } from './live-board.ts';
import { CONTROL, type ProbeRequest, type PublisherMessage } from './live-publisher.ts';
import { startLiveServer, type LiveRunStatus, type LiveServerOptions, type LiveSource } from './live-server.ts';

interface HostData {
  readonly port: MessagePort;
  readonly control: SharedArrayBuffer;
  readonly options: LiveServerOptions & { readonly history?: number };
}

const { port, control: shared, options } = workerData as HostData;
const control = new Int32Array(shared);
const board = new LiveBoard(options.history ?? 5000);
let status: Omit<LiveRunStatus, 'state'> = { t: null, done: 0, total: null, unit: 'patterns' };
let ended = false;
let requests = 0;
const pending = new Map<number, (error: string | null) => void>();

const source: LiveSource = {
  board,
  status: () => ({ ...status, state: ended ? 'done' : Atomics.load(control, CONTROL.paused) === 1 ? 'paused' : 'running' }),
  controls: ['pause', 'resume'],
  command: (command) => {
    if (command === 'pause') Atomics.store(control, CONTROL.paused, 1);
    else if (command === 'resume') {
      Atomics.store(control, CONTROL.paused, 0);
      Atomics.notify(control, CONTROL.paused);
    }
  },
  addProbe: (probe, reduce, done) => {
    if (ended) return done('probe: the run has ended');
    const request = ++requests;
    pending.set(request, done);
    port.postMessage({ kind: 'add-probe', request, probe, reduce } satisfies ProbeRequest);
    Atomics.add(control, CONTROL.requests, 1);
  },
};

port.on('message', (message: PublisherMessage) => {
  switch (message.kind) {
    case 'stream':
      board.setStream(message.id, message.width, message.charts, message.x);
      break;
    case 'drop':
      board.dropStreams((id) => id.startsWith(message.prefix));
      break;
    case 'rows': {
      const ring = board.streams.get(message.id);
      if (ring === undefined) break;
      for (let r = 0; r < message.rows.length; r += ring.width) ring.data.set(message.rows.subarray(r, r + ring.width), ring.claim());
      break;
    }
    case 'status':
      status = { t: message.t, done: message.done, total: message.total, unit: message.unit };
      break;
    case 'probe-result':
      pending.get(message.request)?.(message.error);
      pending.delete(message.request);
      break;
    case 'end':
      ended = true;
      break;
  }
});

let server: Awaited<ReturnType<typeof startLiveServer>>;
try {
  server = await startLiveServer(source, options);
} catch (e) {
  if (!(e instanceof InputError)) throw e;
  parentPort!.postMessage({ kind: 'refused', field: e.field, problem: e.problem });
  process.exit(0);
}
parentPort!.postMessage({ kind: 'url', url: server.url });
parentPort!.on('message', async (message: { kind: string }) => {
  if (message.kind !== 'close') return;
  await server.close();
  port.close();
  parentPort!.postMessage({ kind: 'closed' });
});
