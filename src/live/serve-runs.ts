import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { accessToken, listen, reply, tokenCheck, uplotFiles, urlHost } from './live-server.ts';
import { findRuns } from './run-folders.ts';
import { runsPage } from './runs-page.ts';

export interface ServeRunsOptions {
  /** Port; default 0: a free one. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1 (loopback only). */
  readonly host?: string;
}

/** A running run browser: its address and `close`. */
export interface RunsServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/plain; charset=utf-8',
  '.log': 'text/plain; charset=utf-8',
};

/** Files are shown as data: an SVG opened on its own runs no script, and nothing loads from elsewhere. */
const FILE_HEADERS = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:" };

/**
 * `npm run view -- out/`: serves a browser over the finished runs under `root` (folders holding a
 * result.json, run-folders.ts): their settings, JSON lines, SVG figures and files, and the series
 * of runs of one experiment overlaid on one chart. Everything is read from the files at each
 * request, so it works offline and shows runs that finish while it is open. Like the live view:
 * 127.0.0.1 unless `host` is given, every request needs the token, and `/file` serves only files
 * inside `root` (a path with `..`, an absolute one, or a link that leads out gives 404).
 */
export async function serveRuns(root: string, options: ServeRunsOptions = {}): Promise<RunsServer> {
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new InputError('folder', `no folder at ${root}; give the output folder of your runs, e.g. out/`);
  const realRoot = realpathSync(root);
  const host = options.host ?? '127.0.0.1';
  const token = accessToken();
  const authorised = tokenCheck(token);
  const { uplotJs, uplotCss } = uplotFiles();
  const page = runsPage(token, root);

  const sendFile = (res: ServerResponse, path: string | null) => {
    const file = insideRoot(realRoot, path);
    if (file === null) return reply(res, 404, 'text/plain', 'not found\n');
    reply(res, 200, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream', readFileSync(file), FILE_HEADERS);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (!authorised(url)) return reply(res, 403, 'text/plain', 'forbidden: this page needs the token printed with its address\n');
    if (req.method !== 'GET') return reply(res, 405, 'text/plain', 'only GET\n');
    if (url.pathname === '/') return reply(res, 200, 'text/html; charset=utf-8', page);
    if (url.pathname === '/runs.json') return reply(res, 200, 'application/json; charset=utf-8', JSON.stringify(findRuns(realRoot)));
    if (url.pathname === '/file') return sendFile(res, url.searchParams.get('path'));
    if (url.pathname === '/uplot.js') return reply(res, 200, 'text/javascript', uplotJs);
    if (url.pathname === '/uplot.css') return reply(res, 200, 'text/css', uplotCss);
    return reply(res, 404, 'text/plain', 'not found\n');
  });
  const port = await listen(server, options.port ?? 0, host);
  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    port,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** The real path of `path` (relative to `root`) when it is a file inside `root`, else null. */
export function insideRoot(realRoot: string, path: string | null): string | null {
  if (path === null || path === '' || isAbsolute(path) || path.split(/[\\/]/).includes('..') || path.includes('\0')) return null;
  const candidate = resolve(realRoot, path);
  if (!existsSync(candidate)) return null;
  const real = realpathSync(candidate);
  const rel = relative(realRoot, real);
  if (rel === '' || rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel)) return null;
  return statSync(real).isFile() ? real : null;
}
