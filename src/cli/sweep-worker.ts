/**
 * `npm run sweep-worker -- --queue redis://HOST:PORT [--concurrency N]`: takes sweep points from
 * the BullMQ queue that `npm run sweep -- … --queue` fills, on any machine that can reach Redis,
 * until stopped (Ctrl-C or SIGTERM lets the points in hand finish, for at most a minute; a second
 * signal stops at once). One JSON line per event (`ready`, `active`, `completed`, `failed`,
 * `retry`, `stopping`) goes to stdout.
 */
import { Option } from 'commander';
import { InputError } from '../core/input-error.ts';
import { DEFAULT_QUEUE_NAME } from '../sweeps/queue-connection.ts';
import { cliProgram, defaultIs } from './cli-program.ts';
import { countOption } from './number-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

/** Longest wait for the points in hand after SIGINT or SIGTERM, ms. */
const CLOSE_WAIT_MS = 60_000;

const program = cliProgram('npm run sweep-worker --', 'Run sweep points from a BullMQ queue on Redis until stopped; one JSON line per event on stdout.')
  .requiredOption('--queue <url>', 'Redis URL: redis://[user:password@]HOST:PORT[/db] or rediss://… for TLS')
  .addOption(defaultIs(new Option('--queue-name <name>', 'BullMQ queue name'), DEFAULT_QUEUE_NAME))
  .option('--concurrency <n>', 'points at once, each on its own thread', '1')
  .option('--lock-ms <ms>', "job lock time: a killed worker's job goes to another worker within about twice this", '30000');

parseCommandLine(program);
const options = program.opts<{ queue: string; queueName?: string; concurrency: string; lockMs: string }>();

await runCommand(async () => {
  const concurrency = countOption('--concurrency', options.concurrency)!;
  const lockMs = Number(options.lockMs);
  if (!(Number.isFinite(lockMs) && lockMs >= 100)) throw new InputError('--lock-ms', `expected at least 100 ms, got ${options.lockMs}`);
  const say = (event: object) => process.stdout.write(`${JSON.stringify({ ...event, pid: process.pid })}\n`);
  // The run's modules load once the command line is checked: --help and usage errors answer at once.
  const { startQueueWorker } = await import('../sweeps/queue-worker.ts');
  const worker = await startQueueWorker(options.queue, { queueName: options.queueName, concurrency, lockMs, onEvent: say });
  say({ kind: 'ready', queue: options.queueName ?? DEFAULT_QUEUE_NAME, concurrency });
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
