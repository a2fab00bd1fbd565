/**
 * The attractor test case of Guilhot, Wójcik, Achterberg & Ponte Costa (2024, arXiv 2410.24070;
 * code qglht/RepAL) on this project's metrics (issue 17, part 1):
 *
 *   test 1   nine Lorenz systems in three families (one fixed point, two stable attractors,
 *            chaotic); DSA, CKA and Procrustes dissimilarity of every pair; is a metric's
 *            dissimilarity smaller within a family than between families?
 *   mixing   for ordered pairs (A, B) of seven systems, model1 and model2 are A with independent
 *            noise and model3 = noisy A + m·(B − B₀), m = 1, ½, ¼; d(model1, model2) and
 *            d(model2, model3) per m: R² of a line and the gap |last − first|, mean ± SEM over pairs
 *
 * Data and settings: src/data/lorenz.ts, src/experiments/dsa-lorenz-settings.ts (where we differ
 * from the authors); statistics: src/experiments/dsa-lorenz-summary.ts. Every seed is a replicate
 * (new initial points and noise); pairs of all seeds are pooled. The pairs run on worker threads,
 * one per core; quick runs stay in this thread.
 *
 *   npm run example -- dsa-lorenz [--variant lbfgs|adam] [--seeds N] [--quick]
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../core/input-error.ts';
import { noProgress } from '../core/progress.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { heatMap } from '../plot/heat-map.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { refuseCheckpoints, type Example, type ExampleContext } from './example.ts';
import { parallelMap } from './parallel-map.ts';
import { DSA_OPTIMIZERS, dsaLorenzSettings, mixingPairs } from './dsa-lorenz-settings.ts';
import { familyMatrices, familySeparation, MIXING_COMPARISONS, mixingSummary } from './dsa-lorenz-summary.ts';
import type { DsaLorenzJob, DsaLorenzJobResult, DsaLorenzTaskInput, FamilyPairResult, MixingPairResult } from './dsa-lorenz-task.ts';
import { METRICS } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

/**
 * The authors' numbers (their code; notebooks/analysis_lorenz_2.ipynb): gap and R² (against the
 * level index) of the mean model2–model3 curve, and R² of the model1–model2 curve.
 */
export const AUTHORS = {
  model2VsModel3Gap: { dsa: 0.056, cka: 0.337, procrustes: 0.287 },
  model2VsModel3R2AtLeast: 0.997,
  model1VsModel2R2: { dsa: 0.98, cka: 0.96, procrustes: 0.96 },
} as const;

const METRIC_NAMES: Record<Metric, string> = { dsa: 'DSA', cka: 'CKA', procrustes: 'Procrustes' };
const METRIC_UNITS: Record<Metric, string> = { dsa: 'DSA angle (rad)', cka: 'arccos(CKA)/(π/2)', procrustes: 'Procrustes angle/(π/2)' };

const example: Example = {
  name: 'dsa-lorenz',
  description: 'DSA, CKA and Procrustes on Lorenz attractor families and mixtures (Guilhot et al. 2024)',
  async run(ctx: ExampleContext) {
    refuseCheckpoints(ctx, 'dsa-lorenz keeps no checkpoints');
    const variant = ctx.variant ?? 'lbfgs';
    if (DSA_OPTIMIZERS[variant] === undefined) throw new InputError('--variant', `expected one of ${Object.keys(DSA_OPTIMIZERS).join(', ')}, got "${variant}"`);
    const settings = dsaLorenzSettings(variant, ctx.quick);
    const familyNames = Object.keys(settings.families);
    const systems = familyNames.flatMap((f) => [...settings.families[f]]);
    const familyOf = (r: number) => familyNames.find((f) => settings.families[f].includes(r))!;
    const pairs = mixingPairs(settings);

    // Mixing jobs first (the heavier ones), then dealt round-robin to one lane per core.
    const jobs: DsaLorenzJob[] = [];
    for (const seed of ctx.seeds) for (const [a, b] of pairs) jobs.push({ kind: 'mixing', seed, a, b });
    for (const seed of ctx.seeds) for (let i = 0; i < systems.length; i++) for (let j = i + 1; j < systems.length; j++) jobs.push({ kind: 'family', seed, a: systems[i], b: systems[j] });
    const lanes = ctx.quick || ctx.inThisThread ? 1 : Math.min(availableParallelism(), jobs.length);
    const inputs: DsaLorenzTaskInput[] = Array.from({ length: lanes }, (_, k) => ({ settings, jobs: jobs.filter((_, i) => i % lanes === k) }));
    const progress = (ctx.progress ?? noProgress)({ label: `dsa-lorenz (${variant})`, total: jobs.length, unit: 'pairs' });
    const done = new Array<number>(lanes).fill(0);
    const start = performance.now();
    const laneResults = await parallelMap<DsaLorenzTaskInput, DsaLorenzJobResult[]>(new URL('./dsa-lorenz-task.ts', import.meta.url), inputs, {
      concurrency: lanes,
      onProgress: (k, n) => {
        done[k] = n;
        progress.update(done.reduce((s, v) => s + v, 0));
      },
    });
    progress.finish();
    const wallSeconds = (performance.now() - start) / 1000;
    const results = laneResults.flat();
    const familyPairs = results.filter((r): r is FamilyPairResult => r.kind === 'family');
    const mixingResults = results.filter((r): r is MixingPairResult => r.kind === 'mixing');

    const matrices = familyMatrices(familyPairs, systems);
    const separation = familySeparation(familyPairs, familyOf);
    const mixingLevels = settings.mixingLevels.map((l) => l.mixing);
    const mixing = mixingSummary(mixingResults, mixingLevels);
    const dsaRanks = Object.fromEntries(systems.map((r) => [r, Math.min(...familyPairs.flatMap((p) => (p.a === r ? [p.ranks[0]] : p.b === r ? [p.ranks[1]] : [])))]));

    writeFileAtomic(
      `${ctx.outDir}/result.json`,
      JSON.stringify({
        variant,
        settings,
        seeds: ctx.seeds,
        streams: { systems: 'Random(seed, "dsa-lorenz/system/r=<r>")', mixingNoise: 'Random(seed, "dsa-lorenz/mixing/<A>→<B>")' },
        wallSeconds,
        authors: AUTHORS,
        systems,
        families: settings.families,
        dsaRanks,
        matrices,
        separation,
        mixingPairs: pairs,
        mixingLevels: settings.mixingLevels,
        mixing,
        familyPairs,
        mixingResults,
      }),
    );

    const names = systems.map((r) => `r=${r}`);
    const seedNote = ctx.seeds.length > 1 ? `, mean of ${ctx.seeds.length} seeds` : '';
    for (const m of METRICS) {
      const s = separation[m];
      await writeSvg(
        `${ctx.outDir}/dsa-lorenz-matrix-${m}.svg`,
        heatMap({
          title: `${METRIC_NAMES[m]}: within ${s.meanWithin.toFixed(3)}, between ${s.meanBetween.toFixed(3)}, AUC ${s.auc.toFixed(2)}${seedNote}`,
          rows: names,
          values: matrices[m],
          colorLabel: METRIC_UNITS[m],
        }),
      );
    }
    const n = mixingResults.length;
    const band = (c: (typeof MIXING_COMPARISONS)[number], m: Metric) => {
      const levels = mixing.curves[c][m].levels;
      return { lo: levels.map((l) => l.mean - l.sem), hi: levels.map((l) => l.mean + l.sem) };
    };
    const series = (c: (typeof MIXING_COMPARISONS)[number], m: Metric, name: string) => ({ name, x: mixingLevels, y: mixing.curves[c][m].levels.map((l) => l.mean), band: band(c, m) });
    for (const m of METRICS) {
      const c = mixing.curves.model2VsModel3[m];
      await writeSvg(
        `${ctx.outDir}/dsa-lorenz-mixing-${m}.svg`,
        lineChart({
          title: `${METRIC_NAMES[m]}, mixing test: gap ${c.gap.toFixed(3)}, R² ${c.r2VsLevel.toFixed(3)} (mean ± SEM, ${n} pairs)`,
          x: { label: 'mixing weight m of B in model3' },
          y: { label: METRIC_UNITS[m] },
          series: [series('model1VsModel2', m, 'model1 – model2 (noise only)'), series('model2VsModel3', m, 'model2 – model3 (A + m·(B − B₀))')],
        }),
      );
    }
    await writeSvg(
      `${ctx.outDir}/dsa-lorenz-mixing.svg`,
      lineChart({
        title: `d(model2, model3) against the mixing weight (mean ± SEM, ${n} pairs)`,
        x: { label: 'mixing weight m of B in model3' },
        y: { label: 'dissimilarity (DSA in rad; CKA, Procrustes angle/(π/2))' },
        series: METRICS.map((m) => series('model2VsModel3', m, METRIC_NAMES[m])),
      }),
    );

    const headline: Record<string, number | string> = { variant, seeds: ctx.seeds.length, mixingPairs: n };
    for (const m of METRICS) {
      const s = separation[m];
      const c23 = mixing.curves.model2VsModel3[m];
      const c12 = mixing.curves.model1VsModel2[m];
      Object.assign(headline, {
        [`${m}Within`]: s.meanWithin,
        [`${m}Between`]: s.meanBetween,
        [`${m}SeparationRatio`]: s.ratio,
        [`${m}SeparationAuc`]: s.auc,
        [`${m}SeparationPAdjusted`]: s.pAdjusted,
        [`${m}MixingGap`]: c23.gap,
        [`${m}MixingR2`]: c23.r2VsLevel,
        [`${m}MixingR2VsM`]: c23.r2VsMixing,
        [`${m}NoiseGap`]: c12.gap,
        [`${m}NoiseR2`]: c12.r2VsLevel,
      });
    }
    return { ...headline, wallSeconds };
  },
};
export default example;
