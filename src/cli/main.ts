/**
 * `npm start`: the main job on built-in defaults — the teacher–student regression (tuned
 * settings, 3 seeds, seeds in parallel) — then a short markdown report, <out>/report.md (default
 * out/start/), with its figures and numbers beside it. `npm start -- --quick` runs the same path in
 * seconds. The folder is the command's own, so `npm run example -- regression` never replaces
 * the files its report links.
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Option } from 'commander';
import { REGRESSION_SETTINGS } from '../experiments/regression-settings.ts';
import { checkOutputFolder, makeFolder } from '../io/output-path.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { cliProgram, quietOption } from './cli-program.ts';
import { countOption, wholeNumberOption } from './number-option.ts';
import { terminalProgress } from './progress.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = cliProgram('npm start --', 'Run the teacher–student regression on default settings and write <out>/report.md')
  .option('--quick', 'a short run with the same code path')
  .option('--seeds <n>', 'number of seeds, from --first-seed on', '3')
  .option('--first-seed <k>', 'the first seed (seeds k, k+1, …)', '1')
  .addOption(new Option('--variant <name>', 'regression settings (src/experiments/regression-settings.ts)').choices(Object.keys(REGRESSION_SETTINGS)).default(Object.keys(REGRESSION_SETTINGS)[0]))
  .option('--out <dir>', 'output folder: report.md, and the figures and result.json under regression/', 'out/start')
  .addOption(quietOption());
parseCommandLine(program);
const opts = program.opts<{ quick?: boolean; seeds: string; firstSeed: string; variant: string; out: string; quiet?: boolean }>();

await runCommand(async () => {
  const count = countOption('--seeds', opts.seeds)!;
  const first = wholeNumberOption('--first-seed', opts.firstSeed)!;
  checkOutputFolder(opts.out, '--out', []);
  const outDir = join(opts.out, 'regression');
  makeFolder(outDir, '--out');
  const seeds = Array.from({ length: count }, (_, i) => first + i);
  // The run's modules load once the command line is checked: --help and usage errors answer at once.
  const { default: regression } = await import('../experiments/regression.ts');
  const h = await regression.run({ outDir, seeds, quick: opts.quick === true, variant: opts.variant, progress: terminalProgress(opts.quiet === true) });
  const settings = REGRESSION_SETTINGS[h.variant];
  const rows = Object.entries(h.finalMse).map(
    ([learner, mse]) => `| ${learner} | ${mse.toFixed(4)} | ${h.finalMseRange[learner][0].toFixed(4)} – ${h.finalMseRange[learner][1].toFixed(4)} |`,
  );
  const report = [
    '# Teacher–student regression: dendritic microcircuit against backprop',
    '',
    `A 30-50-10 microcircuit learns a fixed random 30-20-10 teacher online (${h.patterns} patterns of 100 ms, forward Euler at dt 0.1 ms), beside`,
    'backprop, feedback alignment (with the microcircuit’s own W^down) and a shallow learner of the same architecture, on the same',
    `teacher, patterns and initial weights. Settings: **${h.variant}** — ${settings.description}. ${seeds.length} seeds.`,
    '',
    '| learner | final validation MSE (mean over seeds) | range |',
    '|---|---:|---:|',
    ...rows,
    `| predicting each output's mean | ${h.meanPredictorMse.toFixed(4)} | |`,
    '',
    `Microcircuit / backprop: **${h.microcircuitOverBackprop.toFixed(2)}×**; microcircuit / shallow: **${h.microcircuitOverShallow.toFixed(2)}×**;`,
    `final angle between W^up₂ and (W^down₁)ᵀ: ${h.finalAngleDegrees.toFixed(1)}°.`,
    '',
    '![validation MSE](regression/regression-mse.svg)',
    '',
    '![alignment](regression/regression-alignment.svg)',
    '',
    `Made by \`npm start${opts.quick ? ' -- --quick' : ''}\` in ${h.wallSeconds.toFixed(0)} s on ${cpus()[0].model} (${cpus().length} cores), Node ${process.version}.`,
    `Full numbers: ${join(outDir, 'result.json')}. The paper’s Fig. 2 settings: \`npm start -- --variant paper\`.`,
    '',
  ].join('\n');
  const reportPath = join(opts.out, 'report.md');
  writeFileAtomic(reportPath, report);
  // Also beside the results, for `npm run view`.
  const line = `${JSON.stringify({ report: reportPath, ...h })}\n`;
  writeFileAtomic(join(outDir, 'line.json'), line);
  process.stdout.write(line);
});
