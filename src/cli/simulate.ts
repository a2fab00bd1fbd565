/**
 * `npm run simulate -- experiment.json --out result.json` (EXPERIMENT_FORMAT.md): runs one
 * experiment file and writes its result. Progress goes to stderr for runs longer than a few
 * seconds; one JSON line of run statistics goes to stdout at the end.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command } from 'commander';
import { CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { loadExperiment } from '../experiment-file/load-experiment.ts';
import { openExperiment, runExperiment, type ExperimentResult } from '../experiment-file/run-experiment.ts';
import type { Microcircuit } from '../circuits/microcircuit.ts';
import { runLive } from '../live/run-live.ts';
import { InputError } from '../core/input-error.ts';
import { writeNpy } from '../io/npy.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { createProgress } from './progress.ts';
import { runCommand } from './run-command.ts';

const program = new Command()
  .name('simulate')
  .description('Run a microcircuit experiment file (format: docs/experiment-format.md) and write its result as JSON.')
  .argument('<experiment>', 'experiment file (JSON)')
  .requiredOption('--out <file>', 'result file to write (JSON)')
  .option('--weights-npy <dir>', 'also save the final weights as .npy files, one per matrix (up_1.npy, …)')
  .option('--checkpoint-every <patterns>', 'save a checkpoint (<out>.ckpt) every so many patterns')
  .option('--resume', 'continue from the checkpoint <out>.ckpt of an interrupted run')
  .option('--quiet', 'no progress output')
  .option('--live', 'serve a live view of the run on 127.0.0.1 (URL with its access token on stderr): charts sampled every record.every ms (default 1), pause, resume, stop')
  .option('--port <port>', 'port of the live view (default: a free one)')
  .showHelpAfterError(false);

program.parse();
const [experimentPath] = program.args;
const options = program.opts<{ out: string; weightsNpy?: string; checkpointEvery?: string; resume?: boolean; quiet?: boolean; live?: boolean; port?: string }>();

await runCommand(async () => {
  const experiment = loadExperiment(experimentPath);
  const progress = createProgress({ label: 'simulate', total: experiment.patterns.length, unit: 'patterns', quiet: options.quiet });
  const every = options.checkpointEvery === undefined ? 0 : Number(options.checkpointEvery);
  if (!Number.isInteger(every) || every < 0) throw new InputError('--checkpoint-every', `expected a whole number of patterns, got ${options.checkpointEvery}`);
  const checkpointPath = `${options.out}.ckpt`;
  if (options.resume && !existsSync(checkpointPath)) throw new InputError('--resume', `no checkpoint at ${checkpointPath}; run once without --resume (with --checkpoint-every)`);
  const runOptions = {
    onPattern: (done: number) => progress.update(done),
    baseDir: dirname(experimentPath),
    checkpoint: every > 0 || options.resume ? { path: checkpointPath, every, resume: options.resume === true } : undefined,
  };
  let result: ExperimentResult;
  let circuit: Microcircuit;
  if (options.port !== undefined && !options.live) throw new InputError('--port', 'is the live view\'s port: add --live');
  if (options.live) {
    const port = options.port === undefined ? 0 : Number(options.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new InputError('--port', `expected a port number from 0 to 65535, got ${options.port}`);
    const run = openExperiment(experiment, runOptions);
    result = await runLive(run, { port, every: experiment.record?.every ?? 1, title: `simulate ${experimentPath}`, onUrl: (url) => process.stderr.write(`live view: ${url}\n`) });
    circuit = run.circuit;
  } else ({ result, circuit } = runExperiment(experiment, runOptions));
  progress.finish();
  writeFileAtomic(options.out, JSON.stringify(result));
  if (options.weightsNpy !== undefined) {
    mkdirSync(options.weightsNpy, { recursive: true });
    const w = circuit.weights();
    for (const c of CONNECTIONS) w[c].forEach((m, i) => writeNpy(join(options.weightsNpy!, `${c}_${i + 1}.npy`), m.data, [m.rows, m.cols]));
  }
  const { simulatedMs, wallMs, steps } = result.stats;
  const line = { out: options.out, patterns: result.outputs.length, simulatedMs, steps, wallMs: Math.round(wallMs), simulatedMsPerWallSecond: Math.round(simulatedMs / (wallMs / 1000)) };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});
