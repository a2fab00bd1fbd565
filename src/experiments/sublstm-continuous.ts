import { join } from 'node:path';
import { loadMnist } from '../data/mnist.ts';
import { readCheckpoint } from '../io/checkpoint-file.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { classifyInContinuousTime } from '../recurrent/continuous-sublstm-classifier.ts';
import { RecurrentNetwork } from '../recurrent/network.ts';
import { RECURRENT_DEFAULTS } from '../recurrent/training/recurrent-train-options.ts';
import { comparisonRunOptions } from './sublstm-settings.ts';
import type { RecurrentTrainingResult } from '../recurrent/training/run-recurrent-training.ts';
import type { ExampleContext } from './example.ts';
import { trainOrReuse } from './train-or-reuse.ts';

/** Settings of the continuous-time comparison: a row-MNIST network trained briefly, then run at smaller steps. */
export interface ContinuousSettings {
  readonly units: number;
  readonly epochs: number;
  readonly batch: number;
  readonly lr: number;
  /** float64: the circuit is compared with the trained cell to 1e-12. */
  readonly precision: 'float64';
  readonly limitTrain?: number;
  readonly limitTest?: number;
  /** Euler steps per frame: dt = τ / k. */
  readonly eulerSteps: readonly number[];
  /** RK4 steps per frame. */
  readonly rk4Steps: readonly number[];
}

/**
 * Full: 32 units, 1 epoch on the 8,000 training digits, tested on the first 1,000 test digits (sized
 * for a shared 2-core machine: the circuit integrates every sequence at up to 16 steps per frame);
 * quick: a tiny network on 300/60 digits.
 */
export function continuousSettings(quick: boolean): ContinuousSettings {
  if (quick) return { units: 8, epochs: 1, batch: 20, lr: 3e-3, precision: 'float64', limitTrain: 300, limitTest: 60, eulerSteps: [1, 2, 4], rk4Steps: [1, 2] };
  return { units: 32, epochs: 1, batch: RECURRENT_DEFAULTS.batch, lr: RECURRENT_DEFAULTS.lr, precision: 'float64', limitTest: 1000, eulerSteps: [1, 2, 4, 8, 16], rk4Steps: [1, 2, 4] };
}

const CELLS = ['sublstm', 'fix-sublstm'] as const;

/** One row of the accuracy curve. */
interface CurvePoint {
  readonly cell: (typeof CELLS)[number];
  readonly seed: number;
  readonly method: 'euler' | 'rk4';
  readonly stepsPerFrame: number;
  readonly accuracy: number;
}

/**
 * `npm run example -- sublstm --variant continuous`: the trained discrete weights in continuous
 * time (issue item 2). For each of subLSTM and fix-subLSTM and each seed: train a one-layer
 * row-MNIST network with the `npm run train` trainer (sealed checkpoints in outDir/<cell>-seed<s>/,
 * so `--resume` reuses finished runs), load its final sealed parameters, and classify the test
 * digits with the continuous-time E-I circuit (`classifyInContinuousTime`) at dt = τ/k, by Euler
 * and by RK4. Euler at dt = τ is the discrete network (its accuracy is the trainer's, exactly);
 * smaller steps approach the circuit's continuous-time solution, which the weights were not
 * trained for. Writes continuous-table.md, continuous-result.json and continuous-accuracy.svg.
 */
export async function runContinuousComparison(ctx: ExampleContext): Promise<Record<string, unknown>> {
  const s = continuousSettings(ctx.quick);
  const start = performance.now();
  const points: CurvePoint[] = [];
  const discrete: { cell: string; seed: number; accuracy: number; trainSeconds: number }[] = [];
  let testSize = 0;
  for (const seed of ctx.seeds) {
    const split = loadMnist(seed);
    for (const cell of CELLS) {
      const checkpointEvery = ctx.checkpoint !== undefined && ctx.checkpoint.every > 0 ? Math.max(1, Math.round(ctx.checkpoint.every / s.batch)) : 0;
      const options = comparisonRunOptions(s, { data: 'row-mnist', cell, seed, checkpointEvery, outDir: ctx.outDir, resume: ctx.checkpoint?.resume === true });
      const result: RecurrentTrainingResult = await trainOrReuse(options, ctx.progress);
      const net = new RecurrentNetwork({ cell, inputSize: 28, hidden: [s.units], outputSize: 10, seed });
      const parameters = readCheckpoint(join(options.out, `checkpoint-${s.epochs}-0.bin`)).blocks.parameters;
      if (parameters === undefined) throw new Error(`${options.out}: the final checkpoint holds no parameters`);
      net.parameters.set(parameters);
      testSize = result.testSize;
      discrete.push({ cell, seed, accuracy: result.testAccuracy, trainSeconds: result.history.reduce((t, h) => t + h.trainSeconds, 0) });
      const runs = [...s.eulerSteps.map((k) => ['euler', k] as const), ...s.rk4Steps.map((k) => ['rk4', k] as const)];
      const progress = ctx.progress?.({ label: `continuous ${cell} seed ${seed}`, total: runs.length, unit: 'step sizes' });
      runs.forEach(([method, k], i) => {
        const { predictions } = classifyInContinuousTime(net, split.test, testSize, { method, stepsPerFrame: k });
        let right = 0;
        for (let d = 0; d < testSize; d++) if (predictions[d] === split.test.labels[d]) right++;
        points.push({ cell, seed, method, stepsPerFrame: k, accuracy: right / testSize });
        progress?.update(i + 1, {});
      });
      progress?.finish();
    }
  }
  const wallSeconds = (performance.now() - start) / 1000;

  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const at = (cell: string, method: string, k: number) => mean(points.filter((p) => p.cell === cell && p.method === method && p.stepsPerFrame === k).map((p) => 100 * p.accuracy));
  const allSteps = [...new Set([...s.eulerSteps, ...s.rk4Steps])].sort((a, b) => a - b);
  const cellText = (cell: string, method: 'euler' | 'rk4', k: number) => ((method === 'euler' ? s.eulerSteps : s.rk4Steps).includes(k) ? at(cell, method, k).toFixed(2) : '–');
  const table = [
    `Row-MNIST (28 frames × 28 pixels), one layer of ${s.units} units, ${s.epochs} epoch${s.epochs > 1 ? 's' : ''} of discrete training, seeds ${ctx.seeds.join(', ')}; test accuracy (%) on ${testSize} digits, mean over seeds, of the trained weights in the continuous-time E-I circuit at frame time τ = τ_c = τ_o and step dt.`,
    '',
    '| dt / τ | subLSTM, Euler | subLSTM, RK4 | fix-subLSTM, Euler | fix-subLSTM, RK4 |',
    '|---|---|---|---|---|',
    ...allSteps.map((k) => `| ${k === 1 ? '1 (discrete cell)' : `1/${k}`} | ${cellText('sublstm', 'euler', k)} | ${cellText('sublstm', 'rk4', k)} | ${cellText('fix-sublstm', 'euler', k)} | ${cellText('fix-sublstm', 'rk4', k)} |`),
    '',
    `Discrete network, as trained: ${CELLS.map((cell) => `${cell} ${mean(discrete.filter((d) => d.cell === cell).map((d) => 100 * d.accuracy)).toFixed(2)} %`).join(', ')}.`,
    '',
  ].join('\n');
  writeFileAtomic(join(ctx.outDir, 'continuous-table.md'), table);
  writeFileAtomic(join(ctx.outDir, 'continuous-result.json'), `${JSON.stringify({ settings: { ...s, seeds: ctx.seeds, testSize }, discrete, points, wallSeconds }, null, 1)}\n`);
  const series = CELLS.flatMap((cell) =>
    (['euler', 'rk4'] as const).map((method) => {
      const ks = method === 'euler' ? s.eulerSteps : s.rk4Steps;
      return { name: `${cell}, ${method === 'euler' ? 'Euler' : 'RK4'}`, x: ks.map((k) => 1 / k), y: ks.map((k) => at(cell, method, k)) };
    }),
  );
  await writeSvg(
    join(ctx.outDir, 'continuous-accuracy.svg'),
    lineChart({ title: `Trained row-MNIST weights in continuous time (${s.units} units, ${testSize} test digits)`, x: { label: 'dt / τ', scale: 'log' }, y: { label: 'test accuracy (%)' }, series }),
  );
  return {
    variant: 'continuous',
    units: s.units,
    epochs: s.epochs,
    testSize,
    discreteAccuracy: Object.fromEntries(CELLS.map((cell) => [cell, Number(mean(discrete.filter((d) => d.cell === cell).map((d) => d.accuracy)).toFixed(4))])),
    finestEulerAccuracy: Object.fromEntries(CELLS.map((cell) => [cell, Number((at(cell, 'euler', s.eulerSteps[s.eulerSteps.length - 1]) / 100).toFixed(4))])),
    wallSeconds: Math.round(wallSeconds),
  };
}
