import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { InputError } from '../core/input-error.ts';
import { parseOrThrow } from '../core/zod-issues.ts';
import { probeSchema } from '../experiment-file/experiment-schema.ts';
import type { ProbeSpec } from '../streams/probe.ts';
import type { LiveBoard } from './live-board.ts';
import { livePage } from './live-page.ts';
import type { LiveRunState } from './live-runner.ts';

/** A command of the page's buttons. */
export type LiveCommand = 'pause' | 'resume' | 'stop';

/** How a probe added from the page is drawn: one line per value, or their root mean square. */
export type LiveReduce = 'each' | 'rms';

/** Where the run is, as a source reports it. */
export interface LiveRunStatus {
  /** Simulated time (ms) of the run so far; null when nothing simulates in continuous time. */
  readonly t: number | null;
  /** Units done (patterns, samples) and their total, when known. */
  readonly done: number;
  readonly total: number | null;
  /** What `done` counts, plural: 'patterns', 'samples'. */
  readonly unit: string;
  readonly state: LiveRunState;
}

/** What a live server serves: a board of streams and charts, the run's status, its controls. */
export interface LiveSource {
  readonly board: LiveBoard;
  status(): LiveRunStatus;
  /** The buttons the page shows. */
  readonly controls: readonly LiveCommand[];
  command(command: LiveCommand): void;
  /**
   * Starts streaming `probe` (already checked against the probe schema) as a new chart; calls
   * `done` with null, or with the message of an InputError naming what is wrong.
   */
  addProbe(probe: ProbeSpec, reduce: LiveReduce, done: (error: string | null) => void): void;
}

export interface LiveServerOptions {
  /** Port; default 0: a free one. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1 (loopback only). */
  readonly host?: string;
  readonly title?: string;
  /** Most messages per second to one client. Default 30. */
  readonly maxMessagesPerSecond?: number;
  /** A client with more than this many bytes still unsent gets no new message until it drains (counted as a drop). Default 1 MiB. */
  readonly maxBufferedBytes?: number;
  /** Most probes the page may add. Default 16. */
  readonly maxAddedProbes?: number;
}

/** The run's status, as sent to the page. */
export interface LiveStatus {
  /** Simulated time (ms), or null. */
  readonly t: number | null;
  /** Wall time (ms) since the server started, pauses included. */
  readonly wallMs: number;
  /** Simulated ms per wall second while running (pauses excluded); null before any time has passed. */
  readonly speed: number | null;
  readonly patterns: number;
  readonly total: number | null;
  readonly unit: string;
  /** Estimated wall ms to the end, at the rate so far; null when unknown. */
  readonly etaMs: number | null;
  readonly state: LiveRunState;
  /** Messages not sent to this client because its connection had not drained, plus rows it missed. */
  readonly drops: number;
}

/** A running live server: its address, counters, and `close`. */
export interface LiveServer {
  /** http://host:port/?token=… — the page. */
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
  /** Next row wanted, per stream. */
  cursors: Map<string, number>;
  /** Board version of the layout this client has. */
  version: number;
  /** No update sent since the layout: rows trimmed from the history before it are not drops. */
  fresh: boolean;
  drops: number;
  lastStatus: string;
}

/**
 * Serves a LiveSource on 127.0.0.1 (or `host`): one page and a WebSocket, both behind a random
 * token; WebSocket upgrades from another Origin are refused, and no path reads a file. A timer sends
 * each client the rows it has not yet seen at most `maxMessagesPerSecond` times a second, with the
 * run's status. Nothing here waits for a client: a client whose connection has not drained is
 * skipped (a drop), and rows it falls too far behind on are overwritten in the board's rings
 * (counted too), so server memory stays bounded by the rings and `maxBufferedBytes` per client.
 */
export async function startLiveServer(source: LiveSource, options: LiveServerOptions = {}): Promise<LiveServer> {
  const board = source.board;
  const maxBuffered = options.maxBufferedBytes ?? 1 << 20;
  const maxAdded = options.maxAddedProbes ?? 16;
  const host = options.host ?? '127.0.0.1';
  const token = accessToken();
  const { uplotJs, uplotCss } = uplotFiles();
  const page = livePage(token, options.title ?? 'Simulation');

  // Wall clock: total, and running only (pauses excluded) for the speed and the ETA; the state is
  // read on every tick of the send timer.
  const started = performance.now();
  const first = source.status();
  const t0 = first.t ?? 0;
  const done0 = first.done;
  let runningMs = 0;
  let lastTick = started;
  let lastState = first.state;
  let endedAt: number | null = null;
  const tick = () => {
    const now = performance.now();
    if (lastState === 'running') runningMs += now - lastTick;
    lastTick = now;
    lastState = source.status().state;
    if (lastState === 'stopped' || lastState === 'done') endedAt ??= now;
  };
  const status = (client: Client): LiveStatus => {
    const s = source.status();
    const simulated = (s.t ?? 0) - t0;
    const speed = runningMs > 0 && simulated > 0 ? simulated / (runningMs / 1000) : null;
    const done = s.done - done0;
    const ended = s.state === 'stopped' || s.state === 'done';
    const etaMs = s.total !== null && done > 0 && !ended ? ((s.total - s.done) * runningMs) / done : null;
    return { t: s.t, wallMs: (endedAt ?? performance.now()) - started, speed, patterns: s.done, total: s.total, unit: s.unit, etaMs, state: s.state, drops: client.drops };
  };
  const hello = () => JSON.stringify({ type: 'hello', charts: board.charts, history: board.history, controls: source.controls });

  let messages = 0;
  let drops = 0;
  const clients = new Set<Client>();
  // Clients that have read as far get the same rows: serialised once per flush.
  const rowsByCursor = new Map<string, { json: string; count: number; missed: number; next: number }>();
  const rowsSince = (id: string, cursor: number) => {
    const key = `${id}\u0000${cursor}`;
    let cached = rowsByCursor.get(key);
    if (cached === undefined) {
      const ring = board.streams.get(id)!;
      const { rows, missed, next } = ring.since(cursor);
      cached = { json: JSON.stringify(rows), count: rows.length, missed, next };
      rowsByCursor.set(key, cached);
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
    if (client.version !== board.version) {
      client.socket.send(hello());
      client.version = board.version;
      client.cursors = new Map([...board.streams].map(([id, ring]) => [id, ring.oldest]));
      client.fresh = true;
    }
    const parts: string[] = [];
    let count = 0;
    for (const [id, cursor] of client.cursors) {
      const ring = board.streams.get(id)!;
      const rows = rowsSince(id, cursor);
      client.cursors.set(id, rows.next);
      if (!client.fresh) {
        client.drops += rows.missed;
        drops += rows.missed;
      }
      count += rows.count;
      if (rows.count > 0) parts.push(`${JSON.stringify(id)}:{"width":${ring.width},"rows":${rows.json}}`);
    }
    client.fresh = false;
    const key = JSON.stringify(status(client));
    if (count === 0 && key === client.lastStatus) return;
    client.lastStatus = key;
    client.socket.send(`{"type":"update","streams":{${parts.join(',')}},"status":${key}}`);
    messages++;
  };
  const flush = () => {
    tick();
    clients.forEach(send);
    rowsByCursor.clear();
  };
  const timer = setInterval(flush, 1000 / (options.maxMessagesPerSecond ?? 30));

  let added = 0;
  const addProbe = (client: Client, message: { probe?: unknown; reduce?: unknown }) => {
    const answer = (error: string | null) => {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(JSON.stringify({ type: 'probe', ok: error === null, message: error ?? 'added' }));
    };
    try {
      if (added >= maxAdded) throw new InputError('probe', `at most ${maxAdded} probes can be added to one run`);
      const probe = parseOrThrow(probeSchema, message.probe, 'probe') as ProbeSpec;
      const reduce = message.reduce ?? 'each';
      if (reduce !== 'each' && reduce !== 'rms') throw new InputError('reduce', `expected "each" or "rms", got ${JSON.stringify(reduce)}`);
      source.addProbe(probe, reduce, (error) => {
        if (error === null) added++;
        answer(error);
      });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      answer(e.message);
    }
  };

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 });
  sockets.on('connection', (socket: WebSocket) => {
    const client: Client = { socket, cursors: new Map(), version: -1, fresh: true, drops: 0, lastStatus: '' };
    clients.add(client);
    send(client);
    socket.on('message', (data) => {
      const message = parseMessage(String(data));
      if (message === null) return;
      const command = message.command;
      if (command === 'add-probe') addProbe(client, message);
      else if ((command === 'pause' || command === 'resume' || command === 'stop') && source.controls.includes(command)) source.command(command);
    });
    socket.on('close', () => clients.delete(client));
    socket.on('error', () => clients.delete(client));
  });

  const authorised = tokenCheck(token);
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
    const port = (server.address() as AddressInfo).port;
    if (url.pathname !== '/ws' || !authorised(url) || !originAllowed(req.headers.origin, host, port, req.headers.host)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  const port = await listen(server, options.port ?? 0, host);

  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    port,
    token,
    stats: () => ({ clients: clients.size, messages, drops, rows: [...board.streams.values()].reduce((n, ring) => n + ring.written, 0) }),
    close: async () => {
      clearInterval(timer);
      flush();
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

/** A random access token (144 bits, URL-safe). */
export function accessToken(): string {
  return randomBytes(18).toString('base64url');
}

/** Whether a request's `token` parameter is `token` (compared in constant time). */
export function tokenCheck(token: string): (url: URL) => boolean {
  const expected = Buffer.from(token);
  return (url) => {
    const given = Buffer.from(url.searchParams.get('token') ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };
}

/** uPlot's script and style sheet, from node_modules (served by the pages: no network needed). */
export function uplotFiles(): { uplotJs: Buffer; uplotCss: Buffer } {
  return { uplotJs: readFileSync(requireFromHere.resolve('uplot/dist/uPlot.iife.min.js')), uplotCss: readFileSync(requireFromHere.resolve('uplot/dist/uPlot.min.css')) };
}

/** Listens on `port` of `host`; a port in use or an address that cannot be bound is an InputError naming the option. */
export async function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EADDRINUSE') reject(new InputError('--port', `port ${port} is in use; choose another or leave --port out for a free one`));
      else if (e.code === 'EADDRNOTAVAIL' || e.code === 'ENOTFOUND' || e.code === 'EACCES') reject(new InputError(e.code === 'EACCES' ? '--port' : '--host', `cannot listen on ${host}:${port} (${e.code})`));
      else reject(e);
    });
    server.listen(port, host, () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Whether a WebSocket upgrade comes from the page's own origin; tools without an Origin header are
 * allowed. Bound to loopback, the origin must be loopback by name or number on this port. Bound to
 * another address (--host), it must be the address the request was sent to (its Host header), as a
 * browser on another machine reaches the page by this machine's name or address.
 */
export function originAllowed(origin: string | undefined, host: string, port: number, requestHost?: string): boolean {
  if (origin === undefined) return true;
  const allowed = [`http://${urlHost(host)}:${port}`];
  if (host === '127.0.0.1' || host === 'localhost' || host === '::1') allowed.push(`http://127.0.0.1:${port}`, `http://localhost:${port}`, `http://[::1]:${port}`);
  else if (requestHost !== undefined) allowed.push(`http://${requestHost}`);
  return allowed.includes(origin);
}

/** `host` as it appears in a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export function reply(res: ServerResponse, code: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  res.writeHead(code, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff', ...headers });
  res.end(body);
}

function parseMessage(text: string): { command?: unknown; probe?: unknown; reduce?: unknown } | null {
  try {
    const message = JSON.parse(text) as unknown;
    return typeof message === 'object' && message !== null ? (message as { command?: unknown }) : null;
  } catch {
    return null;
  }
}
