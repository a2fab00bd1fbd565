/**
 * The RNN test case of Guilhot, Wójcik, Achterberg & Ponte Costa (2024, arXiv 2410.24070; code
 * qglht/RepAL) on this project's recurrent core and metrics (issue 17, part 2): networks learn the
 * composite Delay-Anti task (M) from scratch or after a curriculum of its parts (Pro A, Anti B,
 * Delay C), with the recurrent weights frozen or not; DSA, CKA and Procrustes measure each group's
 * dissimilarity to Master (M from scratch) on M's stimulus-period states. The paper's claim: DSA
 * orders Untrained > Partial > Full & Unfrozen ≈ Full; CKA and Procrustes stay flat.
 *
 * Groups, settings and where we differ: src/experiments/dsa-curriculum-settings.ts; the training
 * jobs of every configuration (seed) — Master, the ABC pretraining with Full and Full & Unfrozen,
 * each Partial, Master-Frozen, Untrained — run on worker threads, one per core (quick runs in this
 * thread), and write their hidden states as .npy (src/experiments/dsa-curriculum-task.ts); then
 * each group is measured against its Master (src/experiments/dsa-curriculum-measure.ts), one
 * worker-thread task per pair (dsa-curriculum-measure-task.ts), and each configuration written as
 * configuration-<tag>.json.
 *
 * With `--resume`, jobs whose trained networks a run with the same training settings saved in
 * `--out` are loaded instead of trained, and measured afresh: `--variant masked+authors --resume
 * --out <the masked run's folder>` re-measures a `masked` run the authors' way without training.
 *
 *   npm run example -- dsa-curriculum [--variant <training>[+<measurement>]] [--seeds N] [--quick] [--resume]
 */
import { availableParallelism } from 'node:os';
import { InputError } from '../core/input-error.ts';
import { noProgress } from '../core/progress.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import type { Example, ExampleContext } from './example.ts';
import { parallelMap } from './parallel-map.ts';
import { reportFields, reportHeadline, writeCurriculumReport } from './dsa-curriculum-report.ts';
import { curriculumNetworks, dsaCurriculumConfigurations } from './dsa-curriculum-settings.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { configurationJobs, measureConfiguration } from './dsa-curriculum-measure.ts';
import type { DsaCurriculumResult, PairMeasure } from './dsa-curriculum-measure.ts';
import type { PairInput } from './dsa-curriculum-measure-task.ts';
import { configurationTag, curriculumJobs } from './dsa-curriculum-task.ts';
import type { DsaCurriculumInput, JobResult } from './dsa-curriculum-task.ts';

/**
 * Every configuration's dissimilarities to Master. On worker threads (`parallel`), each group
 * against its Master is one task, so the pairs of even one configuration run side by side;
 * otherwise in this thread, Master's DSA operator fitted once per configuration where it can be.
 */
export async function measureAll(configurations: readonly DsaCurriculumSettings[], seeds: readonly number[], jobs: readonly JobResult[], parallel: boolean): Promise<DsaCurriculumResult[]> {
  const runs = configurations.flatMap((settings) => seeds.map((seed) => ({ settings, seed })));
  if (!parallel) return runs.map(({ settings, seed }) => measureConfiguration(settings, seed, jobs));
  const pairs = runs.flatMap(({ settings, seed }) => {
    const { own, masterJob } = configurationJobs(settings, seed, jobs);
    return own.flatMap((j) => j.groups.filter((g) => g.group !== 'master').map((g) => ({ run: configurationTag(settings, seed), group: g.group, input: { settings, states: g.states, masterStates: masterJob.groups[0].states } })));
  });
  const measured = await parallelMap<PairInput, PairMeasure>(new URL('./dsa-curriculum-measure-task.ts', import.meta.url), pairs.map((p) => p.input), { concurrency: Math.min(availableParallelism(), pairs.length) });
  return runs.map(({ settings, seed }) => {
    const tag = configurationTag(settings, seed);
    return measureConfiguration(settings, seed, jobs, new Map(pairs.flatMap((p, i) => (p.run === tag ? [[p.group, measured[i]] as const] : []))));
  });
}

const example: Example = {
  name: 'dsa-curriculum',
  description: 'DSA, CKA and Procrustes to Master of curriculum-trained RNNs on Pro/Anti/Delay tasks (Guilhot et al. 2024)',
  async run(ctx: ExampleContext) {
    if (ctx.checkpoint !== undefined && ctx.checkpoint.every > 0) throw new InputError('--checkpoint-every', 'dsa-curriculum saves every trained network instead; drop the option (--resume re-measures them)');
    const variant = ctx.variant ?? 'masked';
    const configurations = dsaCurriculumConfigurations(ctx.quick, variant);
    const reuse = ctx.checkpoint?.resume === true;
    const inputs: DsaCurriculumInput[] = configurations.flatMap((settings) => ctx.seeds.flatMap((seed) => curriculumJobs(settings).map((job) => ({ settings, seed, job, outDir: ctx.outDir, reuse }))));
    const networks = configurations.reduce((n, settings) => n + ctx.seeds.length * curriculumNetworks(settings), 0);
    const progress = (ctx.progress ?? noProgress)({ label: 'dsa-curriculum', total: networks, unit: 'networks' });
    const done = new Array<number>(inputs.length).fill(0);
    const start = performance.now();
    const jobs = await parallelMap<DsaCurriculumInput, JobResult>(new URL('./dsa-curriculum-task.ts', import.meta.url), inputs, {
      concurrency: ctx.quick || ctx.inThisThread ? 1 : Math.min(availableParallelism(), inputs.length),
      onProgress: (i, n) => {
        done[i] = n;
        progress.update(done.reduce((s, v) => s + v, 0));
      },
    });
    progress.finish();
    const trainedSeconds = (performance.now() - start) / 1000;
    const results = await measureAll(configurations, ctx.seeds, jobs, !(ctx.quick || ctx.inThisThread === true));
    for (const r of results) writeFileAtomic(`${ctx.outDir}/configuration-${r.configuration}.json`, JSON.stringify(r));
    const wallSeconds = (performance.now() - start) / 1000;

    const keepAccuracy = configurations[0].keepAccuracy;
    const report = await writeCurriculumReport(ctx.outDir, results, keepAccuracy);
    writeFileAtomic(
      `${ctx.outDir}/result.json`,
      JSON.stringify({
        variant,
        settings: configurations.length === 1 ? configurations[0] : undefined,
        configurations,
        reusedJobs: jobs.filter((j) => j.reused === true).map((j) => `seed${j.seed}-${j.job}`),
        seeds: ctx.seeds,
        masterAccuracy: Object.fromEntries(results.map((r) => [r.configuration, r.masterAccuracy])),
        masterTestAccuracy: Object.fromEntries(results.map((r) => [r.configuration, r.masterTestAccuracy])),
        streams: { weights: 'RecurrentNetwork seed = configuration seed', training: 'Random(seed, "dsa-curriculum/<group>/<phase>")', measured: 'Random(seed, "dsa-curriculum/measure")' },
        trainedSeconds,
        wallSeconds,
        ...reportFields(results, report),
      }),
    );
    const headline = reportHeadline(results, report);
    return { variant, ...headline, trainedSeconds, wallSeconds };
  },
};
export default example;
