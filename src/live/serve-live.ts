import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Subscription } from 'rxjs';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SimulatedSystem, Simulation } from '../simulation/simulation.ts';
import { livePage } from './live-page.ts';
import type { LiveRunner, LiveRunState } from './live-runner.ts';
import { defaultLiveSeries, LiveRowReader, type LiveSeries } from './live-series.ts';
import { RowRing } from './row-ring.ts';

export interface LiveOptions {
  /** Port on 127.0.0.1; default 0: a free one. */
  readonly port?: number;
  /** Simulated ms between points (decimation on simulation time). Default 1 ms. */
  readonly every?: number;
  /** What to plot; default `defaultLiveSeries(sim.circuit)`. */
  readonly series?: readonly LiveSeries[];
  /** The runner whose pause / resume / stop the page's buttons call; without one they do nothing. */
  readonly runner?: LiveRunner;
  /** Patterns in the run, for the counter and the ETA. */
  readonly totalPatterns?: number;
  /** Page title. */
  readonly title?: string;
  /** Rows kept for clients that connect late or fall behind, and points per line on the page. Default 5000. */
  readonly history?: number;
  /** Most messages per second to one client. Default 30. */
  readonly maxMessagesPerSecond?: number;
  /** A client with more than this many bytes still unsent gets no new message until it drains (counted as a drop). Default 1 MiB. */
  readonly maxBufferedBytes?: number;
}

/** The run's status, as sent to the page. */
export interface LiveStatus {
  /** Simulation time (ms). */
  readonly t: number;
  /** Wall time (ms) since the server started, pauses included. */
  readonly wallMs: number;
  /** Simulated ms per wall second while running (pauses excluded); null before any time has passed. */
  readonly speed: number | null;
  readonly patterns: number;
  readonly total: number | null;
  /** Estimated wall ms to the last pattern, at the speed so far; null when unknown. */
  readonly etaMs: number | null;
  readonly state: LiveRunState;
  /** Messages not sent to this client because its connection had not drained, plus rows it missed. */
  readonly drops: number;
}

/** A running live view: its address, counters, and `close`. */
export interface LiveServer {
  /** http://127.0.0.1:port/?token=… — the page. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Counters over all clients: connected clients, messages sent, updates dropped, rows sampled. */
  stats(): { clients: number; messages: number; drops: number; rows: number };
  /** Sends a last update to every client, then closes the connections and the server. */
  close(): Promise<void>;
}

const requireFromHere = createRequire(import.meta.url);

interface Client {
  readonly socket: WebSocket;
  cursor: number;
  /** No update sent yet: rows trimmed from the history before the first one are not drops. */
  fresh: boolean;
  drops: number;
  lastStatus: string;
}

/**
 * Serves a live view of `sim` on 127.0.0.1: one page and a WebSocket, both behind a random token.
 * Frames are sampled on simulation time (every `every` ms) into a bounded ring; a timer sends each
 * client the rows it has not yet seen at most `maxMessagesPerSecond` times a second. The
 * simulation never waits for a client: a client whose connection has not drained is skipped (a
 * drop), and rows it falls too far behind on are overwritten in the ring (counted too), so server
 * memory stays bounded. The timer runs only when the simulation yields to the event loop: drive
 * the simulation with a `LiveRunner`.
 */
export async function serveLive<S extends SimulatedSystem>(sim: Simulation<S>, options: LiveOptions = {}): Promise<LiveServer> {
  const every = options.every ?? 1;
  const series = options.series ?? defaultLiveSeries(sim.circuit);
  if (series.length === 0) throw new RangeError('serveLive: this system has no default series; pass options.series');
  const reader = new LiveRowReader(series, sim.circuit);
  const history = options.history ?? 5000;
  const ring = new RowRing(reader.rowWidth, history);
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const runner = options.runner;
  const token = randomBytes(18).toString('base64url');
  const uplotJs = readFileSync(requireFromHere.resolve('uplot/dist/uPlot.iife.min.js'));
  const uplotCss = readFileSync(requireFromHere.resolve('uplot/dist/uPlot.min.css'));
  const page = livePage(token, options.title ?? 'Simulation');

  let finished = false;
  const frames: Subscription = sim.frames(every).subscribe({
    next: (frame) => reader.read(frame, ring.data, ring.claim()),
    complete: () => (finished = true),
    error: () => (finished = true),
  });

  // Wall clock: total, and running only (pauses excluded) for the speed and the ETA.
  const started = performance.now();
  const t0 = sim.t;
  const patterns0 = sim.patternCount;
  let runningMs = 0;
  let runningSince: number | null = started;
  let endedAt: number | null = null;
  const noteState = (state: LiveRunState) => {
    const now = performance.now();
    if (runningSince !== null) runningMs += now - runningSince;
    runningSince = state === 'running' ? now : null;
    if (state === 'stopped' || state === 'done') endedAt ??= now;
  };
  const offState = runner?.onState(noteState);
  const state = (): LiveRunState => runner?.state ?? (finished ? 'done' : 'running');
  const status = (client: Client): LiveStatus => {
    const now = performance.now();
    if (finished) {
      endedAt ??= now;
      if (runningSince !== null) noteState('done');
    }
    const running = runningMs + (runningSince === null ? 0 : now - runningSince);
    const simulated = sim.t - t0;
    const speed = running > 0 && simulated > 0 ? simulated / (running / 1000) : null;
    const done = sim.patternCount - patterns0;
    const total = options.totalPatterns ?? null;
    const etaMs = total !== null && done > 0 && !finished ? ((total - sim.patternCount) * running) / done : null;
    return { t: sim.t, wallMs: (endedAt ?? now) - started, speed, patterns: sim.patternCount, total, etaMs, state: state(), drops: client.drops };
  };

  let messages = 0;
  let drops = 0;
  const clients = new Set<Client>();
  // Clients that have read as far get the same rows: serialised once per flush.
  const rowsByCursor = new Map<number, { json: string; count: number; missed: number; next: number }>();
  const rowsSince = (cursor: number) => {
    let cached = rowsByCursor.get(cursor);
    if (cached === undefined) {
      const { rows, missed, next } = ring.since(cursor);
      cached = { json: JSON.stringify(rows), count: rows.length, missed, next };
      rowsByCursor.set(cursor, cached);
    }
    return cached;
  };
  const send = (client: Client) => {
    if (client.socket.readyState !== client.socket.OPEN) return;
    if (client.socket.bufferedAmount > maxBuffered) {
      client.drops++;
      drops++;
      return;
    }
    const { json, count, missed, next } = rowsSince(client.cursor);
    client.cursor = next;
    if (!client.fresh) {
      client.drops += missed;
      drops += missed;
    }
    client.fresh = false;
    const s = status(client);
    const key = JSON.stringify(s);
    if (count === 0 && key === client.lastStatus) return;
    client.lastStatus = key;
    client.socket.send(`{"type":"update","width":${ring.width},"rows":${json},"status":${key}}`);
    messages++;
  };
  const flush = () => {
    clients.forEach(send);
    rowsByCursor.clear();
  };
  const timer = setInterval(flush, 1000 / (options.maxMessagesPerSecond ?? 30));

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 1024 });
  sockets.on('connection', (socket: WebSocket) => {
    const client: Client = { socket, cursor: ring.oldest, fresh: true, drops: 0, lastStatus: '' };
    clients.add(client);
    socket.send(JSON.stringify({ type: 'hello', charts: reader.charts, history, width: ring.width }));
    socket.on('message', (data) => {
      const command = parseCommand(String(data));
      if (command === 'pause') runner?.pause();
      else if (command === 'resume') runner?.resume();
      else if (command === 'stop') runner?.stop();
    });
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
  });

  const tokenBuffer = Buffer.from(token);
  const authorised = (url: URL) => {
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    return given.length === tokenBuffer.length && timingSafeEqual(given, tokenBuffer);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(url)) return reply(res, 403, 'text/plain', 'forbidden: this page needs the token printed with its address\n');
    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'only GET\n');
    if (url.pathname === '/') return reply(res, 200, 'text/html; charset=utf-8', page);
    if (url.pathname === '/uplot.js') return reply(res, 200, 'text/javascript', uplotJs);
    if (url.pathname === '/uplot.css') return reply(res, 200, 'text/css', uplotCss);
    return reply(res, 404, 'text/plain', 'not found\n');
  });
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = req.headers.origin;
    const port = (server.address() as AddressInfo).port;
    const originOk = origin === undefined || origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
    if (url.pathname !== '/ws' || !authorised(url) || !originOk) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    stats: () => ({ clients: clients.size, messages, drops, rows: ring.written }),
    close: async () => {
      clearInterval(timer);
      flush();
      frames.unsubscribe();
      offState?.();
      // A closing handshake needs the client to read: one that has stopped reading is cut off.
      for (const client of clients) {
        if (client.socket.bufferedAmount > maxBuffered) client.socket.terminate();
        else {
          client.socket.close(1001, 'run ended');
          setTimeout(() => client.socket.terminate(), 1000).unref();
        }
      }
      await new Promise<void>((resolve) => sockets.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function reply(res: ServerResponse, code: number, type: string, body: string | Buffer): void {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function parseCommand(text: string): string | null {
  try {
    const message = JSON.parse(text) as { command?: unknown };
    return typeof message.command === 'string' ? message.command : null;
  } catch {
    return null;
  }
}
