/**
 * Similarity of the hidden layers of the microcircuit and of backprop over training (issue 7,
 * item 3). The learners, teacher and training stream are the regression experiment's
 * (src/experiments/regression-settings.ts, variants `tuned` and `paper`); at log-spaced
 * checkpoints frozen copies of both are shown a fixed set of 100 held-out probe inputs
 * (src/experiments/hidden-probe.ts) and compared with each other and with their own initial state:
 *
 *   representations  hidden somata per probe input, settled: linear CKA, and the Procrustes score
 *                    1 − θ/(π/2) (1: the same shape up to rotation, translation and scale)
 *   dynamics         hidden somata every 1 ms for 20 ms from each input switch, relative to the
 *                    settled state; backprop given leaky somata with the microcircuit's τ:
 *                    DSA angle in rad (src/experiments/similarity-seed.ts)
 *
 * Seeds run in parallel, one per core.
 *
 *   npm run example -- similarity [--variant tuned|paper] [--seeds N] [--quick]
 */
import { runSeeds } from './run-seeds.ts';
import { refuseCheckpoints, type Example, type ExampleContext } from './example.ts';
import { REGRESSION_SETTINGS, type RegressionSettings } from './regression-settings.ts';
import { curveSpread, sampleSpread } from './sample-spread.ts';
import { COMPARISONS, DSA, METRICS, probeProtocol, type Comparison, type SimilaritySeedResult, type SimilaritySize } from './similarity-seed.ts';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';

/**
 * Legend names, short enough for the legend; "start" is the learner's own initial state. Backprop's
 * dynamics never change, so in the DSA figure micro – backprop lies under micro – start.
 */
const LABELS: Record<Comparison, string> = {
  microVsBackprop: 'micro – backprop',
  microVsInitial: 'micro – start',
  backpropVsInitial: 'backprop – start',
};

/**
 * The full run trains for the variant's own number of patterns (as the regression does), with 10
 * checkpoints, log-spaced because representations move fastest early; 100 probes, twice the 50
 * hidden units, so that CKA and Procrustes compare more samples than dimensions. DSA is rechecked
 * on an (nDelays, rank) grid at the end. Quick: the same path in a few seconds.
 */
function size(settings: RegressionSettings, quick: boolean): SimilaritySize {
  if (quick) return { patterns: 20, checkpoints: 3, probes: 30, dsaGrid: [{ nDelays: 1, rank: 10 }] };
  return { patterns: settings.patterns, checkpoints: 10, probes: 100, dsaGrid: [1, 2, 3].flatMap((nDelays) => [10, 20].map((rank) => ({ nDelays, rank }))) };
}

type Band = ReturnType<typeof curveSpread>;

/** One line per curve (mean over seeds) with its range as a band, against patterns seen on a log axis. */
function chart(title: string, yLabel: string, x: number[], curves: [string, Band][], logY = false) {
  return lineChart({
    title,
    x: { label: 'patterns seen (log axis; the initial state is in result.json)', scale: 'log' },
    y: { label: yLabel, scale: logY ? 'log' : 'linear' },
    series: curves.map(([name, b]) => ({ name, x, y: b.mean, band: { lo: b.min, hi: b.max } })),
  });
}

const example: Example = {
  name: 'similarity',
  description: 'CKA, Procrustes and DSA between the hidden layers of the microcircuit and of backprop over training',
  async run(ctx: ExampleContext) {
    refuseCheckpoints(ctx, 'similarity keeps no checkpoints (a full run takes a few minutes)');
    const variant = ctx.variant ?? 'tuned';
    const settings = REGRESSION_SETTINGS[variant];
    if (settings === undefined) throw new InputError('--variant', `expected one of ${Object.keys(REGRESSION_SETTINGS).join(', ')}, got "${variant}"`);
    const run = size(settings, ctx.quick);
    const { results: seeds, wallSeconds } = await runSeeds<{ settings: RegressionSettings; size: SimilaritySize; seed: number }, SimilaritySeedResult>(
      new URL('./similarity-seed.ts', import.meta.url),
      ctx.seeds.map((seed) => ({ settings, size: run, seed })),
      { label: `similarity (${variant})`, patternsPerSeed: run.patterns, context: ctx },
    );

    const checkpoints = seeds[0].checkpoints;
    const curves = Object.fromEntries(METRICS.map((m) => [m, Object.fromEntries(COMPARISONS.map((c) => [c, curveSpread(seeds.map((s) => s.scores[m][c]))]))])) as Record<
      (typeof METRICS)[number],
      Record<Comparison, Band>
    >;
    const mse = { micro: curveSpread(seeds.map((s) => s.validationMse.micro)), backprop: curveSpread(seeds.map((s) => s.validationMse.backprop)) };
    const dsaGrid = run.dsaGrid.map((o, g) => ({ ...o, ...Object.fromEntries(COMPARISONS.map((c) => [c, sampleSpread(seeds.map((s) => s.dsaGrid[g][c]))])) }));
    const analysis = { probeProtocol: probeProtocol(settings), dsa: DSA, ...run };
    writeFileAtomic(`${ctx.outDir}/result.json`, JSON.stringify({ variant, settings, analysis, wallSeconds, checkpoints, curves, validationMse: mse, dsaGrid, seeds }));

    const n = `${variant} settings, ${seeds.length} seed${seeds.length > 1 ? 's' : ''}: mean and range`;
    const lines = (m: (typeof METRICS)[number]) => COMPARISONS.map((c): [string, Band] => [LABELS[c], curves[m][c]]);
    await writeSvg(`${ctx.outDir}/similarity-cka.svg`, chart(`Hidden-layer representations, linear CKA (${n})`, 'linear CKA', checkpoints, lines('cka')));
    await writeSvg(`${ctx.outDir}/similarity-procrustes.svg`, chart(`Hidden-layer representations, Procrustes (${n})`, 'Procrustes score 1 − θ/(π/2)', checkpoints, lines('procrustes')));
    await writeSvg(`${ctx.outDir}/similarity-dsa.svg`, chart(`Hidden-layer dynamics, DSA with ${DSA.nDelays} delays, rank ${DSA.rank} (${n})`, 'DSA angle (rad)', checkpoints, lines('dsa')));
    await writeSvg(`${ctx.outDir}/similarity-mse.svg`, chart(`Validation MSE on the probe set (${n})`, 'MSE of output potentials', checkpoints, [['microcircuit', mse.micro], ['backprop', mse.backprop]], true));

    const last = checkpoints.length - 1;
    const final: Record<string, number> = {};
    for (const m of METRICS) for (const c of COMPARISONS) final[`${m}${c[0].toUpperCase()}${c.slice(1)}`] = curves[m][c].mean[last];
    return { variant, seeds: seeds.length, patterns: run.patterns, ...final, mseMicro: mse.micro.mean[last], mseBackprop: mse.backprop.mean[last], wallSeconds };
  },
};
export default example;
