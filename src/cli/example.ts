/**
 * `npm run example -- <name> [--seeds N] [--first-seed K] [--out DIR] [--quick]`: runs one of the experiments in
 * examples/, writes its result JSON and figures, and prints its headline numbers as one JSON line.
 */
import { Command } from 'commander';
import type { Example } from '../experiments/example.ts';
import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { join } from 'node:path';
import { checkOutputFolder, makeFolder } from '../io/output-path.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { wholeNumberOption } from './number-option.ts';
import { terminalProgress } from './progress.ts';
import { addLiveOptions, withLiveView, type LiveFlags } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

/** Every runnable experiment, by name, loaded on demand. */
export const EXAMPLES: Record<string, () => Promise<{ default: Example }>> = {
  'self-prediction': () => import('../experiments/self-prediction.ts'),
  association: () => import('../experiments/association.ts'),
  regression: () => import('../experiments/regression.ts'),
  similarity: () => import('../experiments/similarity.ts'),
  replay: () => import('../experiments/replay.ts'),
  'dsa-lorenz': () => import('../experiments/dsa-lorenz.ts'),
  'bp-lambda': () => import('../experiments/bp-lambda.ts'),
  sublstm: () => import('../experiments/sublstm.ts'),
  'dsa-curriculum': () => import('../experiments/dsa-curriculum.ts'),
};

const program = new Command()
  .name('example')
  .description(`Run an experiment: ${Object.keys(EXAMPLES).join(', ') || '(none yet)'}`)
  .argument('<name>', 'experiment name')
  .option('--seeds <n>', 'number of seeds, from --first-seed on', '3')
  .option('--first-seed <k>', 'the first seed (seeds k, k+1, …)', '1')
  .option('--out <dir>', 'output folder (default out/<name>)')
  .option('--variant <name>', 'a named set of settings the experiment offers (e.g. regression: tuned, paper)')
  .option('--quick', 'a short run with the same code path (for smoke tests)')
  .option('--checkpoint-every <patterns>', 'save each seed\'s state every so many patterns (experiments that support it)')
  .option('--resume', 'continue from the saved states of an interrupted run')
  .option('--quiet', 'no progress output');
addLiveOptions(program, 'the latest simulation (apical RMS per hidden layer, outputs against targets, loss) and the values the experiment reports (e.g. the PI/IP ratios); seeds then run one after another in this process');

parseCommandLine(program);
const [name] = program.args;
const opts = program.opts<LiveFlags & { seeds: string; firstSeed: string; out?: string; variant?: string; quick?: boolean; quiet?: boolean; checkpointEvery?: string; resume?: boolean }>();

await runCommand(async () => {
  const load = EXAMPLES[name];
  if (load === undefined) throw new InputError('name', `unknown experiment ${excerpt(name)}; expected one of ${Object.keys(EXAMPLES).join(', ')}`);
  const seeds = Number(opts.seeds);
  if (!Number.isInteger(seeds) || seeds < 1) throw new InputError('--seeds', `expected a positive integer, got ${excerpt(opts.seeds)}`);
  const firstSeed = Number(opts.firstSeed);
  if (!Number.isInteger(firstSeed) || firstSeed < 0) throw new InputError('--first-seed', `expected a whole number, got ${excerpt(opts.firstSeed)}`);
  const outDir = opts.out ?? `out/${name}`;
  const every = wholeNumberOption('--checkpoint-every', opts.checkpointEvery) ?? 0;
  checkOutputFolder(outDir, '--out');
  makeFolder(outDir, '--out');
  const example = (await load()).default;
  const headline = await withLiveView(opts, terminalProgress(opts.quiet === true), `example ${name}`, (progress, live) =>
    example.run({
      outDir,
      seeds: Array.from({ length: seeds }, (_, i) => firstSeed + i),
      quick: opts.quick === true,
      progress,
      variant: opts.variant,
      checkpoint: every > 0 || opts.resume ? { every, resume: opts.resume === true } : undefined,
      inThisThread: live,
    }),
  );
  // Also beside the results, for `npm run view`.
  const line = `${JSON.stringify({ experiment: name, ...headline })}\n`;
  writeFileAtomic(join(outDir, 'line.json'), line);
  process.stdout.write(line);
});
