/**
 * `npm run sweep-worker -- --queue redis://HOST:PORT [--concurrency N]`: takes sweep points from
 * the BullMQ queue that `npm run sweep -- … --queue` fills, on any machine that can reach Redis,
 * until stopped (Ctrl-C or SIGTERM lets the points in hand finish, for at most a minute; a second
 * signal stops at once). One JSON line per event (`ready`, `active`, `completed`, `failed`,
 * `retry`, `stopping`) goes to stdout.
 */
import { Command } from 'commander';
import { InputError } from '../core/input-error.ts';
import { startQueueWorker } from '../sweeps/queue-worker.ts';
import { runCommand } from './run-command.ts';

/** Longest wait for the points in hand after SIGINT or SIGTERM, ms. */
const CLOSE_WAIT_MS = 60_000;

const program = new Command()
  .name('sweep-worker')
  .description('Run sweep points from a BullMQ queue on Redis until stopped.')
  .requiredOption('--queue <url>', 'Redis URL: redis://[user:password@]HOST:PORT[/db] or rediss://… for TLS')
  .option('--queue-name <name>', 'BullMQ queue name (default dendritic-sweep-points)')
  .option('--concurrency <n>', 'points at once, each on its own thread', '1')
  .option('--lock-ms <ms>', 'job lock time: a killed worker\'s job goes to another worker within about twice this', '30000')
  .showHelpAfterError(false);

program.parse();
const options = program.opts<{ queue: string; queueName?: string; concurrency: string; lockMs: string }>();

await runCommand(async () => {
  const concurrency = Number(options.concurrency);
  if (!(Number.isInteger(concurrency) && concurrency >= 1)) throw new InputError('--concurrency', `expected a positive whole number, got ${options.concurrency}`);
  const lockMs = Number(options.lockMs);
  if (!(Number.isFinite(lockMs) && lockMs >= 100)) throw new InputError('--lock-ms', `expected at least 100 ms, got ${options.lockMs}`);
  const say = (event: object) => process.stdout.write(`${JSON.stringify({ ...event, pid: process.pid })}\n`);
  const worker = await startQueueWorker(options.queue, { queueName: options.queueName, concurrency, lockMs, onEvent: say });
  say({ kind: 'ready', queue: options.queueName ?? 'dendritic-sweep-points', concurrency });
  await new Promise<void>((resolve) => {
    const stop = () => {
      say({ kind: 'stopping' });
      // The points in hand finish, but no longer than CLOSE_WAIT_MS (Redis may be gone); a second signal ends at once.
      const timer = setTimeout(resolve, CLOSE_WAIT_MS);
      void worker.close().then(() => {
        clearTimeout(timer);
        resolve();
      });
      const now = () => process.exit(130);
      process.once('SIGINT', now);
      process.once('SIGTERM', now);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
});
// ioredis may still hold reconnection timers of a lost Redis: a stopped worker exits regardless.
process.exit();
