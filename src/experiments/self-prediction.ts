/**
 * Self-prediction emerges (docs/model.md, Fig. S1): a 30-20-10 circuit from random weights
 * U(−1, 1), no targets, noise σ = 0.1, only the lateral weights plastic (η_IP = 0.0002375,
 * η_PI = 0.0005). The interneurons learn to predict the layer above (W^IP → c·W^up_2) and the
 * apical potentials fall silent (W^PI → −W^down). The default variant `paper` keeps the Fig. S1
 * rates; `fast` raises them by phase, `reference-noise` adds the NumPy reference's noise convention
 * (SELF_PREDICTION_VARIANTS). Tracked against patterns seen:
 *   ‖W^PI + W^down‖/‖W^down‖,  ‖W^IP − c·W^up_2‖/‖c·W^up_2‖,  RMS apical potential,
 * the last beside its noise floor: the same circuit set directly into the self-predicting state.
 * The same schedule is also run from that state, and the final mismatch is split by unit.
 * Writes result.json and self-prediction-<variant>-seed-N.svg per seed.
 *
 *   npm run example -- self-prediction [--variant paper|fast|reference-noise] [--seeds N] [--quick]
 */

import { availableParallelism } from 'node:os';
import { runSeeds } from './run-seeds.ts';
import type { Example, ExampleContext } from './example.ts';
import {
  PAPER_RATES,
  SELF_PREDICTION_DIMS,
  SELF_PREDICTION_NEURON,
  SELF_PREDICTION_TIMING,
  type SelfPredictionSeedInput,
  type SelfPredictionSeedResult,
  patternsPerSeed,
} from './self-prediction-seed.ts';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg, type VegaLiteSpec } from '../plot/render-svg.ts';
import { DEFAULT_SELF_PREDICTION_VARIANT, SELF_PREDICTION_VARIANTS, type RateMultipliers } from './self-prediction-variants.ts';

/**
 * Both weight ratios of one seed from random weights and from the self-predicting state, the RMS
 * apical potential and its noise floor, against patterns seen.
 */
export function selfPredictionFigure(seed: SelfPredictionSeedResult, rates = 'paper rates'): VegaLiteSpec {
  const x = seed.patterns;
  return lineChart({
    title: `Self-prediction (30-20-10, seed ${seed.seed}, σ 0.1, ${rates}): PI = ‖W^PI+W^down‖/‖W^down‖, IP = ‖W^IP−cW^up‖/‖cW^up‖`,
    x: { label: 'patterns seen' },
    y: { label: 'ratio (weights) / RMS potential', scale: 'log' },
    series: [
      { name: 'PI ratio', x, y: seed.piRatio },
      { name: 'IP ratio', x, y: seed.ipRatio },
      { name: 'PI ratio, from self-predicting', x: seed.fromSelfPredicting.patterns, y: seed.fromSelfPredicting.piRatio },
      { name: 'IP ratio, from self-predicting', x: seed.fromSelfPredicting.patterns, y: seed.fromSelfPredicting.ipRatio },
      { name: 'RMS apical', x, y: seed.apicalRms },
      { name: 'apical noise floor', x, y: x.map(() => seed.apicalNoiseFloor) },
      { name: 'ratio 0.1', x, y: x.map(() => 0.1) },
    ],
  });
}

/**
 * The headline's description of a schedule, e.g. "paper's Fig. S1 rates × (η_IP, η_PI): 32, 2 for
 * patterns 1–16000; 12, 2 for 16001–24000; …".
 */
export function describeRates(schedule: readonly RateMultipliers[], patterns: number): string {
  if (schedule.length === 1 && schedule[0].ip === 1 && schedule[0].pi === 1) return 'paper (Fig. S1)';
  const phases = schedule.map((ph, i) => {
    const to = i + 1 < schedule.length ? schedule[i + 1].from - 1 : patterns;
    return `${ph.ip}, ${ph.pi} for ${i === 0 ? 'patterns ' : ''}${ph.from}–${to}`;
  });
  return `paper's Fig. S1 rates × (η_IP, η_PI): ${phases.join('; ')}`;
}

/** A mean square rate below this (a rate ≲ 0.1, softplus γ = 1) makes an interneuron quiet. */
export const QUIET_MEAN_SQUARE_RATE = 0.01;

/**
 * The interneurons whose mean square rate in the self-predicting state is below
 * QUIET_MEAN_SQUARE_RATE, and the share of the final squared PI ratio in their columns of W^PI.
 */
export function quietInterneurons(s: SelfPredictionSeedResult): { units: number[]; meanSquareRates: number[]; shareOfPiMismatch: number } {
  const units = s.interneuronMeanSquareRate.flatMap((r, j) => (r < QUIET_MEAN_SQUARE_RATE ? [j] : []));
  const total = s.piMismatchByInterneuron.reduce((a, b) => a + b, 0);
  const quiet = units.reduce((a, j) => a + s.piMismatchByInterneuron[j], 0);
  return { units, meanSquareRates: units.map((j) => s.interneuronMeanSquareRate[j]), shareOfPiMismatch: quiet / total };
}

const example = {
  name: 'self-prediction',
  description: 'Self-predicting state emerging from random weights (Fig. S1)',
  async run(ctx: ExampleContext) {
    const variant = ctx.variant ?? DEFAULT_SELF_PREDICTION_VARIANT;
    const chosen = Object.hasOwn(SELF_PREDICTION_VARIANTS, variant) ? SELF_PREDICTION_VARIANTS[variant] : undefined;
    if (chosen === undefined) throw new InputError('--variant', `expected one of ${Object.keys(SELF_PREDICTION_VARIANTS).join(', ')}, got "${variant}"`);
    const patterns = ctx.quick ? 200 : chosen.patterns;
    // --quick keeps the phases at the same fractions of the run.
    const multipliers = chosen.schedule.map((ph) => ({ ...ph, from: ph.from === 1 ? 1 : Math.round(((ph.from - 1) * patterns) / chosen.patterns) + 1 }));
    const schedule = multipliers.map((ph) => ({ from: ph.from, ip: PAPER_RATES.ip * ph.ip, pi: PAPER_RATES.pi * ph.pi }));
    const floorPatterns = ctx.quick ? 20 : 300;
    const every = ctx.quick ? 20 : 250;
    const plasticity: PlasticityConfig = {
      tauW: 30,
      learningLag: 0,
      eta: { up: [0, 0], ip: [schedule[0].ip], pi: [schedule[0].pi], down: [0] },
    };
    const cp = ctx.checkpoint;
    if (cp !== undefined && cp.every % every !== 0) throw new InputError('--checkpoint-every', `expected a multiple of ${every} patterns (the trace spacing), got ${cp.every}`);
    const inputs = ctx.seeds.map((seed) => ({
      seed,
      patterns,
      floorPatterns,
      every,
      plasticity,
      schedule,
      noiseScaling: chosen.noiseScaling ?? SELF_PREDICTION_NEURON.noiseScaling,
      checkpoint: cp && { path: `${ctx.outDir}/${variant}-seed-${seed}.ckpt`, every: cp.every, resume: cp.resume },
    }));
    const { results: seeds } = await runSeeds<SelfPredictionSeedInput, SelfPredictionSeedResult>(new URL('./self-prediction-seed.ts', import.meta.url), inputs, {
      label: `self-prediction (${variant})`,
      patternsPerSeed: patternsPerSeed(inputs[0]),
      context: ctx,
      // Seeds of equal length finish soonest all at once (3 seeds on 2 cores: 1.5 seed-times, not 2).
      concurrency: Math.min(inputs.length, 2 * availableParallelism()),
    });

    const neuron = { ...SELF_PREDICTION_NEURON, noiseScaling: inputs[0].noiseScaling };
    const result = { variant, settings: { dims: SELF_PREDICTION_DIMS, neuron, plasticity, rateMultipliers: multipliers, schedule, timing: SELF_PREDICTION_TIMING, patterns, init: 'U(-1,1)' }, seeds };
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify(result));
    for (const seed of seeds) await writeSvg(`${ctx.outDir}/self-prediction-${variant}-seed-${seed.seed}.svg`, selfPredictionFigure(seed, variant === 'paper' ? 'paper rates' : `${variant} variant`));
    const mean = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0) / xs.length);
    const last = (xs: number[]) => xs[xs.length - 1];
    return {
      variant,
      rates: describeRates(multipliers, patterns),
      noise: `σ ${neuron.noise}, ${neuron.noiseScaling === 'dt' ? 'σ·dt per step (the NumPy reference)' : 'σ·√dt per step (white noise)'}`,
      seeds: seeds.length,
      patterns,
      piRatio: mean(seeds.map((s) => last(s.piRatio))),
      ipRatio: mean(seeds.map((s) => last(s.ipRatio))),
      piRatioPerSeed: seeds.map((s) => last(s.piRatio)),
      ipRatioPerSeed: seeds.map((s) => last(s.ipRatio)),
      piRatioFromSelfPredictingPerSeed: seeds.map((s) => last(s.fromSelfPredicting.piRatio)),
      ipRatioFromSelfPredictingPerSeed: seeds.map((s) => last(s.fromSelfPredicting.ipRatio)),
      apicalRms: mean(seeds.map((s) => last(s.apicalRms))),
      apicalNoiseFloor: mean(seeds.map((s) => s.apicalNoiseFloor)),
      patternsToPiBelow01: seeds.map((s) => s.patternsToPiBelow01),
      patternsToIpBelow01: seeds.map((s) => s.patternsToIpBelow01),
      patternsToApicalWithin15xFloor: seeds.map((s) => s.patternsToApicalWithin15xFloor),
      quietInterneurons: seeds.map(quietInterneurons),
    };
  },
} satisfies Example;
export default example;
