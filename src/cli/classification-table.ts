/**
 * The README's comparison table and bar figure from `npm run train` results:
 *
 *     npx tsx src/cli/classification-table.ts [--runs DIR] [--out DIR] [--no-speed] [result.json …]
 *
 * Reads the given result files, or every DIR/<run>/result.json (default out/train), groups runs by
 * data set, learner, mode and settings (so only seeds differ within a group), and writes
 * classification-table.md (test error mean ± sd over seeds, the best epoch's test error, training
 * and inference samples/s) and classification-table.svg (grouped bars) into the
 * output folder (default out/). The table also goes to stdout.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliProgram } from './cli-program.ts';
import { parseCommandLine, runCommand } from './run-command.ts';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { barChart } from '../plot/bar-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import type { TrainingResult } from '../training/run-training.ts';

const program = cliProgram('npx tsx src/cli/classification-table.ts', 'Tabulate and plot the test errors of the training runs (README, "Classification").')
  .argument('[results...]', 'result.json files (default: every <runs>/<run>/result.json)')
  .option('--runs <dir>', 'folder of training runs', 'out/train')
  .option('--out <dir>', 'where the table and figure go', 'out')
  .option('--no-speed', 'leave out the samples/s columns (rates of runs that shared the machine say little)');
parseCommandLine(program);
const opts = program.opts<{ runs: string; out: string; speed: boolean }>();

/** Learner names as the table shows them. */
const LEARNER: Record<string, string> = { microcircuit: 'microcircuit', backprop: 'backprop', fa: 'feedback alignment', shallow: 'shallow (output layer only)' };

function learnerName(r: TrainingResult): string {
  return r.model === 'microcircuit' ? `microcircuit (${r.mode === 'full' ? 'full dynamics' : 'steady state'})` : LEARNER[r.model];
}

/** Epochs and learning settings in a few words (full dynamics: online, the rates η scaled by --lr). */
function settingsOf(r: TrainingResult): string {
  const s = r.setup;
  const epochs = `${r.epochs} epoch${r.epochs === 1 ? '' : 's'}`;
  const decay = s.lrDecay === 1 ? '' : `, decay ${s.lrDecay}/epoch`;
  if (r.mode === 'full') return `${epochs}, online, η × ${s.lr}${decay}`;
  // the shallow learner's hidden layers never learn, so their rate says nothing
  const learns = (k: number) => r.model !== 'shallow' || k === s.upLrScale.length - 1;
  const scaled = s.upLrScale.map((x, k) => (x === 1 || !learns(k) ? '' : `, W^up_${k + 1} at ${x}×`)).join('');
  return `${epochs}, ${s.optimizer} lr ${s.lr}${decay}${scaled}, batch ${s.batch}`;
}

function readResult(path: string): TrainingResult {
  let r: TrainingResult;
  try {
    r = JSON.parse(readFileSync(path, 'utf8')) as TrainingResult;
  } catch (e) {
    throw new InputError(path, `not a readable result file (${(e as Error).message})`);
  }
  // results written before --lr-decay and upLrScale existed trained without decay, every layer at 1×
  const upLrScale = r.setup.upLrScale ?? r.setup.dims.slice(1).map(() => 1);
  return { ...r, setup: { ...r.setup, lrDecay: r.setup.lrDecay ?? 1, upLrScale } };
}

/** JSON with the keys of every object sorted, so equal settings give equal text. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** Whole samples per second from 10 up, else one decimal. */
function rate(x: number): string {
  return x >= 10 ? String(Math.round(x)) : x.toFixed(1);
}

function meanSd(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : 0;
  return { mean, sd };
}

await runCommand(async () => {
  let paths = program.args;
  if (paths.length === 0) {
    if (!existsSync(opts.runs)) throw new InputError('--runs', `folder ${opts.runs} not found; run npm run train first`);
    paths = readdirSync(opts.runs)
      .map((run) => join(opts.runs, run, 'result.json'))
      .filter((p) => existsSync(p))
      .sort();
  }
  const results = paths.map(readResult).filter((r) => r.testAccuracy !== null);
  if (results.length === 0) throw new InputError('results', 'no classification results found');

  const groups = new Map<string, TrainingResult[]>();
  for (const r of results) {
    // runs that differ only in their seed
    const key = canonical([r.data, learnerName(r), r.trainSize, r.testSize, r.epochs, r.setup]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  const rows = [...groups.values()].map((runs) => {
    const r = runs[0];
    const error = meanSd(runs.map((x) => 100 * (1 - (x.testAccuracy as number))));
    const best = Math.min(...runs.flatMap((x) => x.history.map((h) => 100 * (h.testError as number))));
    return {
      data: `${r.data} (${r.trainSize}/${r.testSize})`,
      learner: learnerName(r),
      epochs: r.epochs,
      settings: settingsOf(r),
      seeds: runs.length,
      error,
      best,
      trainRate: meanSd(runs.map((x) => x.samplesPerSecond)).mean,
      inferRate: meanSd(runs.map((x) => x.inferenceSamplesPerSecond)).mean,
    };
  });
  rows.sort((a, b) => a.data.localeCompare(b.data) || a.error.mean - b.error.mean);

  // a learner run with several settings on one data set gets one bar per setting (numbered if the settings shown coincide)
  const used = new Set<string>();
  const series = rows.map((r) => {
    const base = rows.filter((o) => o.data === r.data && o.learner === r.learner).length > 1 ? `${r.learner} (${r.settings})` : r.learner;
    let name = base;
    for (let k = 2; used.has(`${r.data}\n${name}`); k++) name = `${base} #${k}`;
    used.add(`${r.data}\n${name}`);
    return name;
  });
  const speedHeader = opts.speed ? ' train samples/s | inference samples/s |' : '';
  const lines = [
    `| data (train/test) | learner | settings | seeds | test error (%) | best epoch (%) |${speedHeader}`,
    `|---|---|---|---:|---:|---:|${opts.speed ? '---:|---:|' : ''}`,
    ...rows.map(
      (r) =>
        `| ${r.data} | ${r.learner} | ${r.settings} | ${r.seeds} | ${r.error.mean.toFixed(2)}${r.seeds > 1 ? ` ± ${r.error.sd.toFixed(2)}` : ''} | ${r.best.toFixed(2)} |` +
        (opts.speed ? ` ${rate(r.trainRate)} | ${rate(r.inferRate)} |` : ''),
    ),
  ];
  const table = `${lines.join('\n')}\n`;
  writeFileAtomic(join(opts.out, 'classification-table.md'), table);
  await writeSvg(
    join(opts.out, 'classification-table.svg'),
    barChart({
      title: 'Test error after the last epoch (mean ± sd over seeds)',
      x: { label: 'data set' },
      y: { label: 'test error (%)' },
      bars: rows.map((r, i) => ({ group: r.data, series: series[i], mean: r.error.mean, spread: r.seeds > 1 ? r.error.sd : undefined })),
      width: 560,
    }),
  );
  process.stdout.write(table);
});
