/**
 * `npm start`: the main job on built-in defaults — the teacher–student regression (tuned
 * settings, 3 seeds, seeds in parallel) — then a short markdown report, out/report.md, with its
 * figures and numbers. `npm start -- --quick` runs the same path in seconds.
 */
import { cpus } from 'node:os';
import { Command } from 'commander';
import regression from '../experiments/regression.ts';
import { REGRESSION_SETTINGS } from '../experiments/regression-settings.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { terminalProgress } from './progress.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('start')
  .description('Run the teacher–student regression on default settings and write out/report.md')
  .option('--quick', 'a short run with the same code path')
  .option('--seeds <n>', 'number of seeds', '3');
parseCommandLine(program);
const opts = program.opts<{ quick?: boolean; seeds: string }>();

await runCommand(async () => {
  const outDir = 'out/regression';
  const seeds = Array.from({ length: Math.max(1, Number(opts.seeds) || 3) }, (_, i) => i + 1);
  const h = await regression.run({ outDir, seeds, quick: opts.quick === true, progress: terminalProgress(false) });
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
    'Full numbers: out/regression/result.json. The paper’s Fig. 2 settings: `npm run example -- regression --variant paper`.',
    '',
  ].join('\n');
  writeFileAtomic('out/report.md', report);
  process.stdout.write(`${JSON.stringify({ report: 'out/report.md', ...h })}\n`);
});
