/**
 * Self-prediction emerges (MODEL.md, Fig. S1 row): a 30-20-10 circuit from random weights
 * U(−1, 1), no targets, noise σ = 0.1, only the lateral weights plastic (η_IP = 0.0002375,
 * η_PI = 0.0005). The interneurons learn to predict the layer above (W^IP → c·W^up_2) and the
 * apical potentials fall silent (W^PI → −W^down). The default variant `paper` keeps the Fig. S1
 * rates; `fast` raises them by phase (SELF_PREDICTION_VARIANTS). Tracked against patterns seen:
 *   ‖W^PI + W^down‖/‖W^down‖,  ‖W^IP − c·W^up_2‖/‖c·W^up_2‖,  RMS apical potential,
 * the last beside its noise floor: the same circuit set directly into the self-predicting state.
 *
 *   npm run example -- self-prediction [--variant fast|paper] [--seeds N] [--quick]
 */

import { runSeeds } from '../src/experiments/run-seeds.ts';
import type { Example, ExampleContext } from '../src/experiments/example.ts';
import {
  PAPER_RATES,
  SELF_PREDICTION_DIMS,
  SELF_PREDICTION_NEURON,
  SELF_PREDICTION_TIMING,
  type RatePhase,
  type SelfPredictionSeedInput,
  type SelfPredictionSeedResult,
} from '../src/experiments/self-prediction-seed.ts';
import { InputError } from '../src/io/input-error.ts';
import { writeFileAtomic } from '../src/io/write-file-atomic.ts';
import type { PlasticityConfig } from '../src/plasticity/plasticity-config.ts';
import { lineChart } from '../src/plot/line-chart.ts';
import { writeSvg, type VegaLiteSpec } from '../src/plot/render-svg.ts';

/** Both weight ratios and the RMS apical potential of one seed against patterns seen, with the noise floor. */
export function selfPredictionFigure(seed: SelfPredictionSeedResult, rates = 'paper rates'): VegaLiteSpec {
  const x = seed.patterns;
  return lineChart({
    title: `Self-prediction from random weights (30-20-10, σ 0.1, ${rates}): PI = ‖W^PI+W^down‖/‖W^down‖, IP = ‖W^IP−cW^up‖/‖cW^up‖`,
    x: { label: 'patterns seen' },
    y: { label: 'ratio (weights) / RMS potential', scale: 'log' },
    series: [
      { name: 'PI ratio', x, y: seed.piRatio },
      { name: 'IP ratio', x, y: seed.ipRatio },
      { name: 'RMS apical', x, y: seed.apicalRms },
      { name: 'apical noise floor', x, y: x.map(() => seed.apicalNoiseFloor) },
    ],
  });
}

/** A variant's schedule uses the phases of the seed runner, with ip and pi as multiples of PAPER_RATES. */
type RateMultipliers = RatePhase;

/**
 * The variants: rate multipliers over the paper's Fig. S1 rates, by phase, and the run length.
 *
 * `paper` (default): the Fig. S1 rates throughout. Measured (30,000 patterns, seeds 1–3): the apical
 * criterion is met after ~5,000 patterns but the ratios end at PI 0.17–0.46, IP 0.36–0.49.
 *
 * `fast`: η_IP raised far more than η_PI, then stepped down. Why: the hidden rates' correlation
 * matrix is ill-conditioned (condition number 10³–10⁴, the mean direction dominates), so the slow
 * directions of W^IP converge at η·λ_min, and at a fixed rate the ratios stop at a floor of weight
 * diffusion in those directions that grows like √η (seed 1, η_IP ×32 / η_PI ×4: PI 0.15, IP 0.155
 * flat from 16,000 to 40,000 patterns; started in the self-predicting state the ratios drift up to
 * it; η_IP ×64 stalls at IP 0.25). Hence high rates first, lower ones later. What was measured
 * (one seed per run, 50,000 patterns, 3.5–6 min on one core):
 * - this schedule, seeds 1, 2, 3: PI 0.077, 0.33, 0.071 (below 0.1 from 26,500 / never / 26,750
 *   patterns on), IP 0.114, 0.083, 0.146 (never / 23,250 / never); apical within 1.5× of its floor
 *   after 1,250, 2,000, 1,500 patterns. IP still falls ~0.5 % per 1,000 patterns at the end (the
 *   slow directions, slowest on seed 3); seed 1 with η_IP ×32 to 40,000 then ×8 ended at IP 0.119.
 * - PI limits the rate: η_PI ×4 (also ×5 with both rates, the earlier finding) makes W^PI run away
 *   on seed 2 (ratio 3–4.8); ×3 first rises to 1.3; ×8 from pattern 16,001 (IP already 0.15) goes
 *   non-finite 2,500 patterns later; ×2 is stable but on seed 2 the ratio only falls ~1 % per
 *   1,000 patterns (0.48 at 16,000, 0.33 at 50,000).
 * So `fast` does not meet the acceptance (both ratios < 0.1 on seeds 1–3) and is not the default.
 */
export const SELF_PREDICTION_VARIANTS: Record<string, { readonly patterns: number; readonly schedule: readonly RateMultipliers[] }> = {
  paper: { patterns: 30_000, schedule: [{ from: 1, ip: 1, pi: 1 }] },
  fast: {
    patterns: 50_000,
    schedule: [
      { from: 1, ip: 32, pi: 2 },
      { from: 16_001, ip: 12, pi: 2 },
      { from: 24_001, ip: 8, pi: 2 },
      { from: 38_001, ip: 6, pi: 1.5 },
    ],
  },
};
export const DEFAULT_SELF_PREDICTION_VARIANT = 'paper';

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

const example: Example = {
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
    const { results: seeds } = await runSeeds<SelfPredictionSeedInput, SelfPredictionSeedResult>(
      new URL('../src/experiments/self-prediction-seed.ts', import.meta.url),
      ctx.seeds.map((seed) => ({
        seed,
        patterns,
        floorPatterns,
        every,
        plasticity,
        schedule,
        checkpoint: cp && { path: `${ctx.outDir}/${variant}-seed-${seed}.ckpt`, every: cp.every, resume: cp.resume },
      })),
      { label: `self-prediction (${variant})`, patternsPerSeed: patterns + floorPatterns, context: ctx },
    );

    const result = { variant, settings: { dims: SELF_PREDICTION_DIMS, neuron: SELF_PREDICTION_NEURON, plasticity, rateMultipliers: multipliers, schedule, timing: SELF_PREDICTION_TIMING, patterns, init: 'U(-1,1)' }, seeds };
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify(result));
    await writeSvg(`${ctx.outDir}/self-prediction.svg`, selfPredictionFigure(seeds[0], variant === 'paper' ? 'paper rates' : `${variant} rate schedule`));
    const mean = (xs: (number | null)[]) => (xs.some((x) => x === null) ? null : xs.reduce<number>((a, b) => a + (b as number), 0) / xs.length);
    return {
      variant,
      rates: describeRates(multipliers, patterns),
      seeds: seeds.length,
      patterns,
      piRatio: mean(seeds.map((s) => s.piRatio[s.piRatio.length - 1])),
      ipRatio: mean(seeds.map((s) => s.ipRatio[s.ipRatio.length - 1])),
      piRatioPerSeed: seeds.map((s) => s.piRatio[s.piRatio.length - 1]),
      ipRatioPerSeed: seeds.map((s) => s.ipRatio[s.ipRatio.length - 1]),
      apicalRms: mean(seeds.map((s) => s.apicalRms[s.apicalRms.length - 1])),
      apicalNoiseFloor: mean(seeds.map((s) => s.apicalNoiseFloor)),
      patternsToPiBelow01: seeds.map((s) => s.patternsToPiBelow01),
      patternsToIpBelow01: seeds.map((s) => s.patternsToIpBelow01),
      patternsToApicalWithin15xFloor: seeds.map((s) => s.patternsToApicalWithin15xFloor),
    };
  },
};
export default example;
