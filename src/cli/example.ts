/**
 * `npm run example -- <name> [--variant V] [--seeds N] [--first-seed K] [--out DIR] [--quick]`: runs
 * one of the experiments of src/experiments/ (EXAMPLE_CATALOG), writes its result JSON and figures,
 * and prints its headline numbers as one JSON line.
 */
import { Option } from 'commander';
import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { EXAMPLE_CATALOG } from '../experiments/example-catalog.ts';
import { join } from 'node:path';
import { checkOutputFolder, makeFolder } from '../io/output-path.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { cliProgram, defaultIs, quietOption } from './cli-program.ts';
import { countOption, wholeNumberOption } from './number-option.ts';
import { terminalProgress } from './progress.ts';
import { addLiveOptions, withLiveView, type LiveFlags } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const names = Object.keys(EXAMPLE_CATALOG);
const width = Math.max(...names.map((n) => n.length));
const variantTable = names.map((n) => {
  const [first, ...rest] = EXAMPLE_CATALOG[n].variants;
  return `  ${n.padEnd(width)}  ${first === undefined ? '(no variants)' : [`${first} (default)`, ...rest].join(', ')}`;
});

const program = cliProgram('npm run example --', `Run one of the paper's experiments or a test case: ${names.join(', ')}.`)
  .argument('<name>', 'experiment name (listed below with its variants)')
  .option('--seeds <n>', 'number of seeds, from --first-seed on', '3')
  .option('--first-seed <k>', 'the first seed (seeds k, k+1, …)', '1')
  .addOption(defaultIs(new Option('--out <dir>', 'output folder'), 'out/<name>'))
  .addOption(defaultIs(new Option('--variant <name>', "a named set of settings of the experiment (listed below)"), "the experiment's first"))
  .option('--quick', 'a short run with the same code path (for smoke tests)')
  .addOption(defaultIs(new Option('--checkpoint-every <patterns>', "save each seed's state every so many patterns (experiments that support it)"), '0 = none'))
  .option('--resume', 'continue from the saved states of an interrupted run')
  .addOption(quietOption())
  .addHelpText('after', ['', 'Experiments and their variants:', ...variantTable].join('\n'));
addLiveOptions(program, 'the latest simulation (apical RMS per hidden layer, outputs against targets, loss) and the values the experiment reports (e.g. the PI/IP ratios); seeds then run one after another in this process');

parseCommandLine(program);
const [name] = program.args;
const opts = program.opts<LiveFlags & { seeds: string; firstSeed: string; out?: string; variant?: string; quick?: boolean; quiet?: boolean; checkpointEvery?: string; resume?: boolean }>();

await runCommand(async () => {
  const entry = Object.hasOwn(EXAMPLE_CATALOG, name) ? EXAMPLE_CATALOG[name] : undefined;
  if (entry === undefined) throw new InputError('name', `unknown experiment ${excerpt(name)}; expected one of ${names.join(', ')}`);
  if (opts.variant !== undefined && !entry.variants.includes(opts.variant) && entry.accepts?.(opts.variant) !== true) {
    throw new InputError('--variant', entry.variants.length === 0 ? `${name} has no variants; drop --variant` : `expected one of ${entry.variants.join(', ')} for ${name}, got ${excerpt(opts.variant)}`);
  }
  const seeds = countOption('--seeds', opts.seeds)!;
  const firstSeed = wholeNumberOption('--first-seed', opts.firstSeed)!;
  const outDir = opts.out ?? `out/${name}`;
  const every = wholeNumberOption('--checkpoint-every', opts.checkpointEvery) ?? 0;
  checkOutputFolder(outDir, '--out');
  makeFolder(outDir, '--out');
  const example = (await entry.load()).default;
  const headline = await withLiveView(opts, terminalProgress(opts.quiet === true), `example ${name}`, (progress, live) =>
    example.run({
      outDir,
      seeds: Array.from({ length: seeds }, (_, i) => firstSeed + i),
      quick: opts.quick === true,
      progress,
      variant: opts.variant ?? entry.variants[0],
      checkpoint: every > 0 || opts.resume ? { every, resume: opts.resume === true } : undefined,
      inThisThread: live,
    }),
  );
  // Also beside the results, for `npm run view`.
  const line = `${JSON.stringify({ experiment: name, ...headline })}\n`;
  writeFileAtomic(join(outDir, 'line.json'), line);
  process.stdout.write(line);
});
