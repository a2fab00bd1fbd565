/**
 * `npm run sweep -- sweep.json --out DIR [--workers N] [--queue redis://HOST:PORT]`: expands a
 * sweep file (README, "Sweeps"), runs its points on a local thread pool or through a BullMQ queue,
 * and writes DIR/points.ndjson, DIR/summary.csv, DIR/points/<hash>.json and DIR/figures/*.svg.
 * Rerunning the command skips the points already done. One JSON line of totals goes to stdout;
 * the exit code is 4 when some points failed (their errors are in points.ndjson).
 */
import { availableParallelism } from 'node:os';
import { Option } from 'commander';
import { InputError } from '../core/input-error.ts';
import type { PointRunner } from '../sweeps/point-runner.ts';
import { DEFAULT_QUEUE_NAME } from '../sweeps/queue-connection.ts';
import { cliProgram, defaultIs, quietOption } from './cli-program.ts';
import { countOption } from './number-option.ts';
import { terminalProgress } from './progress.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

/** Exit code of a sweep that finished with failed points. */
const SOME_FAILED = 4;

const program = cliProgram('npm run sweep --', 'Run every point of a parameter sweep file and tabulate and plot the metrics.')
  .argument('<sweep>', 'sweep file (JSON; README "Sweeps")')
  .requiredOption('--out <dir>', 'output folder; an earlier run there is resumed')
  .addOption(defaultIs(new Option('--workers <n>', 'points at once on this machine'), `the number of cores, ${availableParallelism()} here`))
  .addOption(defaultIs(new Option('--queue <url>', 'run the points through a BullMQ queue on Redis (redis://HOST:PORT or rediss://…) instead; start workers with npm run sweep-worker'), 'none: a local thread pool'))
  .addOption(defaultIs(new Option('--queue-name <name>', 'BullMQ queue name'), DEFAULT_QUEUE_NAME))
  .option('--no-figures', 'skip the SVG figures')
  .addOption(quietOption())
  .addHelpText('afterAll', `Exit code ${SOME_FAILED}: the sweep finished but some points failed (their errors are in <out>/points.ndjson).`);

parseCommandLine(program);
const [sweepPath] = program.args;
const options = program.opts<{ out: string; workers?: string; queue?: string; queueName?: string; figures: boolean; quiet?: boolean }>();

await runCommand(async () => {
  // The options first, then the file: a usage error is reported whatever the file holds.
  const workers = countOption('--workers', options.workers) ?? availableParallelism();
  if (options.queue !== undefined && options.workers !== undefined) throw new InputError('--workers', 'with --queue the workers are separate processes (npm run sweep-worker -- --concurrency N); drop --workers');
  // The run's modules load once the command line is checked: --help and usage errors answer at once.
  const [{ loadSweep }, { LocalPool }, { QueueRunner }, { runSweep }] = await Promise.all([
    import('../sweeps/expand-sweep.ts'),
    import('../sweeps/local-pool.ts'),
    import('../sweeps/queue-runner.ts'),
    import('../sweeps/run-sweep.ts'),
  ]);
  const sweep = loadSweep(sweepPath);
  let runner: PointRunner;
  if (options.queue !== undefined) {
    runner = new QueueRunner(options.queue, {
      queueName: options.queueName,
      onRetry: (attempt, delayMs) => process.stderr.write(`sweep: Redis at ${options.queue} unreachable; retry ${attempt} in ${delayMs} ms\n`),
    });
  } else {
    runner = new LocalPool(Math.min(workers, sweep.points.length));
  }
  const start = performance.now();
  try {
    const report = await runSweep(sweep, { out: options.out, runner, progress: terminalProgress(options.quiet === true), figures: options.figures });
    const line = { out: options.out, points: report.records.length, ran: report.ran, reused: report.reused, failed: report.failed, figures: report.figures.length, wallMs: Math.round(performance.now() - start) };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    if (report.failed > 0) {
      const first = report.records.find((r) => r.status === 'failed')!;
      process.stderr.write(`sweep: ${report.failed} of ${report.records.length} points failed (first: point ${first.index}, ${first.error!.message}); see ${options.out}/points.ndjson\n`);
      process.exitCode = SOME_FAILED;
    }
  } finally {
    await runner.close();
  }
});
