import { Option, type Command } from 'commander';
import type { ProgressFactory } from '../core/progress.ts';
import { InputError } from '../core/input-error.ts';
import { startLiveHost } from '../live/live-host.ts';
import { defaultIs } from './cli-program.ts';
import { wholeNumberOption } from './number-option.ts';

/** The live view's options as commander parses them. */
export interface LiveFlags {
  readonly live?: boolean;
  readonly port?: string;
  readonly host?: string;
}

/** Adds `--live`, `--port` and `--host` to a command; `what` says what the page shows. */
export function addLiveOptions(program: Command, what: string): Command {
  return program
    .option('--live', `serve a live view on 127.0.0.1 (URL with its access token on stderr): ${what}`)
    .addOption(defaultIs(new Option('--port <port>', 'port of the live view (with --live)'), 'a free one'))
    .addOption(defaultIs(new Option('--host <address>', 'address the live view listens on (with --live)'), '127.0.0.1, loopback only'));
}

/** The live server's address from the flags, or null without --live; --port or --host alone is an InputError. */
export function liveAddress(flags: LiveFlags): { port: number; host: string } | null {
  for (const [option, value] of [['--port', flags.port], ['--host', flags.host]] as const) {
    if (value !== undefined && !flags.live) throw new InputError(option, "is the live view's: add --live");
  }
  if (!flags.live) return null;
  const port = wholeNumberOption('--port', flags.port) ?? 0;
  if (port > 65535) throw new InputError('--port', `expected a port number from 0 to 65535, got ${flags.port}`);
  const host = flags.host ?? '127.0.0.1';
  if (host.trim() === '') throw new InputError('--host', 'expected an address such as 127.0.0.1 or 0.0.0.0, got an empty one');
  return { port, host };
}

/**
 * Runs `run` with a live view when the flags ask for one (startLiveHost: served from its own
 * thread, following the simulations this thread builds and the numbers its progress reports):
 * `run` gets the progress factory to use (`base`, also reporting to the page) and whether the
 * view is on. The URL goes to stderr; the server closes when `run` ends, however it ends.
 */
export async function withLiveView<T>(flags: LiveFlags, base: ProgressFactory, title: string, run: (progress: ProgressFactory, live: boolean) => Promise<T>): Promise<T> {
  const address = liveAddress(flags);
  if (address === null) return run(base, false);
  const host = await startLiveHost({ ...address, title });
  process.stderr.write(`live view: ${host.url}\n`);
  try {
    return await run(host.publisher.progress(base), true);
  } finally {
    await host.close();
  }
}
