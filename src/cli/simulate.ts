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
import { runExperiment } from '../experiment-file/run-experiment.ts';
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
  .showHelpAfterError(false);

program.parse();
const [experimentPath] = program.args;
const options = program.opts<{ out: string; weightsNpy?: string; checkpointEvery?: string; resume?: boolean; quiet?: boolean }>();

await runCommand(() => {
  const experiment = loadExperiment(experimentPath);
  const progress = createProgress({ label: 'simulate', total: experiment.patterns.length, unit: 'patterns', quiet: options.quiet });
  const every = options.checkpointEvery === undefined ? 0 : Number(options.checkpointEvery);
  if (!Number.isInteger(every) || every < 0) throw new InputError('--checkpoint-every', `expected a whole number of patterns, got ${options.checkpointEvery}`);
  const checkpointPath = `${options.out}.ckpt`;
  if (options.resume && !existsSync(checkpointPath)) throw new InputError('--resume', `no checkpoint at ${checkpointPath}; run once without --resume (with --checkpoint-every)`);
  const { result, circuit } = runExperiment(experiment, {
    onPattern: (done) => progress.update(done),
    baseDir: dirname(experimentPath),
    checkpoint: every > 0 || options.resume ? { path: checkpointPath, every, resume: options.resume === true } : undefined,
  });
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
