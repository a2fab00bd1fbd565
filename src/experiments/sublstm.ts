/**
 * The sequential-MNIST comparison of Costa, Assael, Shillingford, de Freitas & Vogels (NIPS 2017,
 * arXiv 1711.02448, Fig. 3a): LSTM, subLSTM and fix-subLSTM trained side by side on the same split
 * and seeds, with the trainer of `npm run train` (src/recurrent/training/) and its paper defaults
 * (RMSProp with momentum, lr 1e-3 row by row and 1e-4 pixel by pixel, batch 50, clipping at norm 1).
 *
 * Variants: `row` (default; 28 steps × 28 pixels, the quick one), `pixel` (784 steps × 1 pixel,
 * the paper's task, at lr 1e-4 of the authors' run.py) and `pixel-lr1e-3` (the same at lr 1e-3 of
 * the authors' test scripts; the paper states no learning rate). Data: the project's 8,000/2,000
 * split of the `mnist` package's 10,000 digits, not the paper's 60,000/10,000. The (cell, seed) runs train side by side on worker threads, one per
 * core; each keeps its sealed checkpoints in outDir/<cell>-seed<s>/, so `--resume` continues an
 * interrupted comparison.
 *
 * Variant `continuous` (sublstm-continuous.ts): a trained row-MNIST subLSTM and fix-subLSTM run
 * as the continuous-time E-I circuit at smaller integration steps (accuracy against dt).
 *
 *   npm run example -- sublstm [--variant row|pixel|pixel-lr1e-3|continuous] [--seeds N] [--quick] [--checkpoint-every DIGITS] [--resume]
 */
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { noProgress } from '../core/progress.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { RECURRENT_DEFAULTS, RECURRENT_MODEL_NAMES, type RecurrentModelName, type RecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import type { RecurrentTrainingResult } from '../recurrent/training/run-recurrent-training.ts';
import type { Example, ExampleContext } from './example.ts';
import { comparisonRunOptions, SUBLSTM_VARIANTS, sublstmSettings } from './sublstm-settings.ts';
import { runContinuousComparison } from './sublstm-continuous.ts';
import { parallelMap } from './parallel-map.ts';

/** Test accuracy (%) of the paper's sequential MNIST (pixel by pixel, 100 units, 60,000 training digits). */
export const PAPER_ACCURACY: Readonly<Record<RecurrentModelName, number>> = { lstm: 97.96, sublstm: 97.29, 'fix-sublstm': 97.27 };

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

const example: Example = {
  name: 'sublstm',
  description: 'LSTM, subLSTM and fix-subLSTM on sequential MNIST, same split and seeds (Costa et al. 2017)',
  async run(ctx: ExampleContext) {
    const variant = ctx.variant ?? SUBLSTM_VARIANTS[0];
    if (variant === 'continuous') return runContinuousComparison(ctx);
    const s = sublstmSettings(variant, ctx.quick);
    const checkpointEvery = ctx.checkpoint !== undefined && ctx.checkpoint.every > 0 ? Math.max(1, Math.round(ctx.checkpoint.every / s.batch)) : s.data === 'seq-mnist' ? 20 : 0;
    const start = performance.now();
    const planned = ctx.seeds.flatMap((seed) =>
      RECURRENT_MODEL_NAMES.map((cell) => ({ cell, seed, options: comparisonRunOptions(s, { data: s.data, cell, seed, checkpointEvery, outDir: ctx.outDir, resume: ctx.checkpoint?.resume === true }) })),
    );
    // Every (cell, seed) run on its own worker thread, as many at a time as there are cores.
    const progress = (ctx.progress ?? noProgress)({ label: `sublstm ${s.data}`, total: planned.length, unit: 'runs' });
    const done = new Array<number>(planned.length).fill(0);
    const results = await parallelMap<RecurrentTrainOptions, RecurrentTrainingResult>(
      new URL('./sublstm-run-task.ts', import.meta.url),
      planned.map((p) => p.options),
      {
        concurrency: ctx.inThisThread === true ? 1 : Math.min(availableParallelism(), planned.length),
        onProgress: (i, fraction) => {
          done[i] = fraction;
          progress.update(done.reduce((t, f) => t + f, 0));
        },
      },
    );
    progress.finish();
    const runs = planned.map((p, i) => ({ cell: p.cell, seed: p.seed, result: results[i] }));
    const wallSeconds = (performance.now() - start) / 1000;

    const summary = RECURRENT_MODEL_NAMES.map((cell) => {
      const accuracies = runs.filter((r) => r.cell === cell).map((r) => 100 * r.result.testAccuracy);
      const seconds = runs.filter((r) => r.cell === cell).map((r) => r.result.history.reduce((t, h) => t + h.trainSeconds, 0) / r.result.history.length);
      return { cell, mean: mean(accuracies), min: Math.min(...accuracies), max: Math.max(...accuracies), accuracies, secondsPerEpoch: mean(seconds), paper: PAPER_ACCURACY[cell] };
    });
    const first = runs[0].result;
    const pct = (x: number) => x.toFixed(2);
    const table = [
      `Sequential MNIST (${s.data === 'row-mnist' ? 'row by row, 28 steps' : 'pixel by pixel, 784 steps'}), ${s.units} units, ${s.precision}, lr ${s.lr}, ${s.epochs} epochs, seeds ${ctx.seeds.join(', ')}; trained on ${first.trainSize} digits, tested on ${first.testSize} (the paper: 60,000 / 10,000, pixel by pixel).`,
      '',
      '| cell | test accuracy, mean (%) | range over seeds (%) | s per epoch | paper, pixel by pixel, 60,000 digits (%) |',
      '|---|---|---|---|---|',
      ...summary.map((r) => `| ${r.cell} | ${pct(r.mean)} | ${pct(r.min)}–${pct(r.max)} | ${r.secondsPerEpoch.toFixed(1)} | ${r.paper} |`),
      '',
    ].join('\n');
    writeFileAtomic(join(ctx.outDir, 'sublstm-table.md'), table);
    writeFileAtomic(
      join(ctx.outDir, 'result.json'),
      `${JSON.stringify({ settings: { ...s, optimizer: RECURRENT_DEFAULTS.optimizer, clip: RECURRENT_DEFAULTS.clip, seeds: ctx.seeds }, summary, runs: runs.map((r) => ({ cell: r.cell, seed: r.seed, history: r.result.history, testAccuracy: r.result.testAccuracy })), wallSeconds }, null, 1)}\n`,
    );
    const epochs = Array.from({ length: s.epochs }, (_, e) => e + 1);
    const series = RECURRENT_MODEL_NAMES.map((cell) => {
      const errors = runs.filter((r) => r.cell === cell).map((r) => r.result.history.map((h) => 100 * h.testError));
      const at = (e: number) => errors.map((h) => h[e]);
      return { name: cell, x: epochs, y: epochs.map((_, e) => mean(at(e))), band: { lo: epochs.map((_, e) => Math.min(...at(e))), hi: epochs.map((_, e) => Math.max(...at(e))) } };
    });
    await writeSvg(
      join(ctx.outDir, 'sublstm-learning-curves.svg'),
      lineChart({ title: `${s.data}, ${s.units} units: test error (mean and range over ${ctx.seeds.length} seed${ctx.seeds.length > 1 ? 's' : ''})`, x: { label: 'epoch' }, y: { label: 'test error (%)' }, series }),
    );
    return {
      data: s.data,
      units: s.units,
      epochs: s.epochs,
      seeds: ctx.seeds.length,
      trainSize: first.trainSize,
      testAccuracy: Object.fromEntries(summary.map((r) => [r.cell, Number((r.mean / 100).toFixed(4))])),
      wallSeconds: Math.round(wallSeconds),
    };
  },
};

export default example;
