/**
 * Nonlinear regression (docs/model.md, Fig. 2): a 30-50-10 microcircuit learns a fixed random
 * 30-20-10 teacher online, in continuous time, beside backprop, feedback alignment (with the
 * microcircuit's own W^down) and a shallow learner of the same architecture on the same teacher,
 * pattern sequence and initial weights, for several seeds. Variants: `tuned` (default) and
 * `paper` (the paper's Fig. 2 settings); see src/experiments/regression-settings.ts.
 *
 *   npm run example -- regression [--variant tuned|paper] [--seeds N] [--quick]
 */
import { runSeeds } from './run-seeds.ts';
import type { Example, ExampleContext } from './example.ts';
import { LEARNERS, type RegressionLearner, type RegressionSeedInput, type RegressionSeedResult } from './regression-seed.ts';
import { REGRESSION_SETTINGS, type RegressionSettings } from './regression-settings.ts';
import { curveSpread } from './sample-spread.ts';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';

function quickVersion(s: RegressionSettings): RegressionSettings {
  return { ...s, patterns: 60, evalEvery: 20, validationPatterns: 10 };
}

const example = {
  name: 'regression',
  description: 'Teacher–student regression against backprop, feedback alignment and a shallow learner (Fig. 2)',
  async run(ctx: ExampleContext) {
    const variant = ctx.variant ?? 'tuned';
    const chosen = REGRESSION_SETTINGS[variant];
    if (chosen === undefined) throw new InputError('--variant', `expected one of ${Object.keys(REGRESSION_SETTINGS).join(', ')}, got "${variant}"`);
    const settings = ctx.quick ? quickVersion(chosen) : chosen;
    const checkpoint = ctx.checkpoint;
    const { results: seeds, wallSeconds } = await runSeeds<RegressionSeedInput, RegressionSeedResult>(
      new URL('./regression-seed.ts', import.meta.url),
      ctx.seeds.map((seed) => ({
        settings,
        seed,
        checkpoint: checkpoint && { path: `${ctx.outDir}/${variant}-seed-${seed}.ckpt`, every: checkpoint.every, resume: checkpoint.resume },
      })),
      { label: `regression (${variant})`, patternsPerSeed: settings.patterns, context: ctx },
    );

    const patterns = seeds[0].patterns;
    const curves = Object.fromEntries(LEARNERS.map((l) => [l, curveSpread(seeds.map((s) => s.mse[l]))])) as Record<RegressionLearner, ReturnType<typeof curveSpread>>;
    const last = patterns.length - 1;
    const final = Object.fromEntries(LEARNERS.map((l) => [l, { mean: curves[l].mean[last], min: curves[l].min[last], max: curves[l].max[last] }])) as Record<
      RegressionLearner,
      { mean: number; min: number; max: number }
    >;
    const ratioToBackprop = final.microcircuit.mean / final.backprop.mean;
    const ratioToShallow = final.microcircuit.mean / final.shallow.mean;
    const meanPredictor = seeds.reduce((a, s) => a + s.meanPredictorMse, 0) / seeds.length;

    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify({ variant, settings, wallSeconds, final, ratioToBackprop, ratioToShallow, meanPredictor, seeds }));
    await writeSvg(
      `${ctx.outDir}/regression-mse.svg`,
      lineChart({
        title: `Teacher–student regression, ${variant} settings (${seeds.length} seeds, mean and range)`,
        x: { label: 'patterns seen' },
        y: { label: 'validation MSE (output potentials)', scale: 'log' },
        series: [
          ...LEARNERS.map((l) => ({ name: l, x: patterns, y: curves[l].mean, band: { lo: curves[l].min, hi: curves[l].max } })),
          { name: 'mean predictor', x: patterns, y: patterns.map(() => meanPredictor) },
        ],
      }),
    );
    const angle = curveSpread(seeds.map((s) => s.angle));
    await writeSvg(
      `${ctx.outDir}/regression-alignment.svg`,
      lineChart({
        title: 'Microcircuit: angle between W^up₂ and (W^down₁)ᵀ',
        x: { label: 'patterns seen' },
        y: { label: 'angle (degrees)' },
        series: [{ name: 'angle', x: patterns, y: angle.mean, band: { lo: angle.min, hi: angle.max } }],
      }),
    );
    return {
      variant,
      seeds: seeds.length,
      patterns: settings.patterns,
      finalMse: Object.fromEntries(LEARNERS.map((l) => [l, final[l].mean])),
      finalMseRange: Object.fromEntries(LEARNERS.map((l) => [l, [final[l].min, final[l].max] as [number, number]])),
      meanPredictorMse: meanPredictor,
      microcircuitOverBackprop: ratioToBackprop,
      microcircuitOverShallow: ratioToShallow,
      finalAngleDegrees: angle.mean[last],
      wallSeconds,
    };
  },
} satisfies Example;
export default example;
