/**
 * Continual learning with replay (issue 6, item 2): one 30-50-10 microcircuit learns task A (a
 * 30-20-10 teacher on the first half of the inputs), then task B (another teacher on the second
 * half), while task-A experiences are kept in a bounded replay buffer. Conditions, all branching
 * from the same task-A training of each seed:
 *   no replay; interleaved replay (one uniformly drawn task-A experience after every 2nd task-B
 *   pattern); sleep replay between the tasks (the same number of replays, all before task B), drawn
 *   uniformly or swept through the buffer in recorded order.
 * Task error = validation MSE of the output potentials on held-out patterns of each teacher.
 *
 *   npm run example -- replay [--seeds N] [--quick]
 */
import { runSeeds } from './run-seeds.ts';
import { refuseCheckpoints, type Example, type ExampleContext } from './example.ts';
import { presentationsPerSeed, replayConditions, type ReplaySeedResult } from './replay-seed.ts';
import { quickReplaySettings, REPLAY_SETTINGS, type ReplaySettings } from './replay-settings.ts';
import { curveSpread, sampleSpread, type SampleSpread } from './sample-spread.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { lineChart } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';

/** Legend names (short: the legend cuts long ones). */
function label(id: string): string {
  if (id === 'none') return 'no replay';
  if (id === 'interleaved') return 'interleaved';
  return `sleep (${id.slice('sleep-'.length)})`;
}

/** 4 significant digits, for the one-line headline. */
const round = (x: number) => Number(x.toPrecision(4));
const short = (s: SampleSpread) => ({ mean: round(s.mean), sd: round(s.sd), min: round(s.min), max: round(s.max) });

const example: Example = {
  name: 'replay',
  description: 'Continual learning of two teacher tasks without replay, with interleaved replay and with sleep replay',
  async run(ctx: ExampleContext) {
    refuseCheckpoints(ctx, 'replay branches its conditions from an in-memory checkpoint after task A and keeps none on disk');
    const settings = ctx.quick ? quickReplaySettings(REPLAY_SETTINGS) : REPLAY_SETTINGS;
    const conditions = replayConditions(settings);
    const perSeed = presentationsPerSeed(settings);
    const { results: seeds, wallSeconds } = await runSeeds<{ settings: ReplaySettings; seed: number }, ReplaySeedResult>(
      new URL('./replay-seed.ts', import.meta.url),
      ctx.seeds.map((seed) => ({ settings, seed })),
      { label: 'replay', patternsPerSeed: perSeed, context: ctx },
    );

    const over = (f: (r: ReplaySeedResult) => number) => sampleSpread(seeds.map(f));
    const summary = Object.fromEntries(
      conditions.map((id) => [
        id,
        {
          taskABeforeB: over((r) => r.conditions[id].taskABeforeB),
          taskAAfterB: over((r) => r.conditions[id].taskAAfterB),
          taskBAfterB: over((r) => r.conditions[id].taskBAfterB),
        },
      ]),
    );
    const taskAAfterA = over((r) => r.taskAAfterA);
    const meanPredictor = { taskA: over((r) => r.meanPredictor.taskA), taskB: over((r) => r.meanPredictor.taskB) };
    // Acceptance: with interleaved replay, task-A error after task B ≤ ½ of no replay (means over seeds).
    const interleavedOverNone = summary.interleaved.taskAAfterB.mean / summary.none.taskAAfterB.mean;
    const perSeedRatio = over((r) => r.conditions.interleaved.taskAAfterB / r.conditions.none.taskAAfterB);

    writeFileAtomic(
      `${ctx.outDir}/result.json`,
      JSON.stringify({
        settings,
        conditions: Object.fromEntries(conditions.map((id) => [id, label(id)])),
        wallSeconds,
        seedSeconds: seeds.map((r) => r.wallSeconds),
        taskAAfterA,
        meanPredictor,
        summary,
        interleavedOverNone,
        perSeedRatio,
        seeds,
      }),
    );
    const phase = (patterns: number) => (patterns * settings.timing.tPattern) / 1000;
    for (const task of ['taskA', 'taskB'] as const) {
      const name = task === 'taskA' ? 'A' : 'B';
      const curves = conditions.map((id) => ({ id, time: seeds[0].conditions[id].time, spread: curveSpread(seeds.map((r) => r.conditions[id][task])) }));
      const end = Math.max(...curves.map((c) => c.time[c.time.length - 1]));
      await writeSvg(
        `${ctx.outDir}/replay-task-${name.toLowerCase()}.svg`,
        lineChart({
          title: `Task-${name} error, ${seeds.length} seeds (mean, range): A ${phase(settings.patternsPerTask)} s → (sleep ${phase(settings.sleepReplays)} s) → B ${phase(settings.patternsPerTask)} s; interleaved: 1 replay per ${settings.interleaveEvery} B patterns`,
          x: { label: 'training time (s simulated; replays count)' },
          y: { label: `task-${name} validation MSE`, scale: 'log' },
          series: [
            ...curves.map((c) => ({ name: label(c.id), x: c.time, y: c.spread.mean, band: { lo: c.spread.min, hi: c.spread.max } })),
            { name: 'mean predictor', x: [0, end], y: [meanPredictor[task].mean, meanPredictor[task].mean] },
          ],
        }),
      );
    }
    return {
      seeds: seeds.length,
      taskAAfterA: short(taskAAfterA),
      taskAAfterB: Object.fromEntries(conditions.map((id) => [id, short(summary[id].taskAAfterB)])),
      taskBAfterB: Object.fromEntries(conditions.map((id) => [id, short(summary[id].taskBAfterB)])),
      interleavedOverNone: round(interleavedOverNone),
      interleavedOverNonePerSeed: short(perSeedRatio),
      accepted: interleavedOverNone <= 0.5,
      wallSeconds: round(wallSeconds),
    };
  },
};
export default example;
