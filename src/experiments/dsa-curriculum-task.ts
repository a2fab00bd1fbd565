/**
 * One configuration (seed) of the curriculum test case, run by parallel-map.ts: trains every
 * group's network (src/experiments/dsa-curriculum-settings.ts), records each one's hidden states
 * on the same test trials of M, and measures each group's dissimilarity to Master.
 *
 * Streams (seed s): initial weights from seed s (all groups alike); training trials of a phase
 * from Random(s, `dsa-curriculum/<group>/<phase>`), the shared ABC pretraining from
 * Random(s, 'dsa-curriculum/full/pretrain'); the measured trials from Random(s, 'dsa-curriculum/measure').
 */
import { commonPca } from '../analysis/common-pca.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { perceptualDecisionBatch } from '../data/perceptual-decision-tasks.ts';
import type { PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import { Random } from '../random/random.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import { ckaDissimilarity, dsaBetween, dsaOperator, procrustesDissimilarity } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';
import { PARTIAL_SETS } from './dsa-curriculum-settings.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { curriculumNetwork, stimulusStates, trainTasks, CURRICULUM_DT } from './dsa-curriculum-training.ts';
import type { TrainLog, Trainable } from './dsa-curriculum-training.ts';

export interface DsaCurriculumInput {
  readonly settings: DsaCurriculumSettings;
  readonly seed: number;
  /** Where to write configuration-seed<k>.json (none when absent). */
  readonly outDir?: string;
}

export interface GroupResult {
  readonly group: string;
  /** Training phases in order (pretraining, then M), with their logs. */
  readonly phases: { readonly tasks: readonly PerceptualTask[]; readonly trainable: Trainable; readonly log: TrainLog }[];
  /** Dissimilarity to Master (0 for Master itself is not recorded). */
  readonly d: Record<Metric, number> | null;
  /** Explained variance of the common PCA with Master. */
  readonly explainedVariance: number | null;
}

export interface DsaCurriculumResult {
  readonly seed: number;
  /** Whether Master met the stopping criterion (every task's accuracy > target) on M. */
  readonly masterReached: boolean;
  /** Master's accuracy on M's test trials after its last epoch. */
  readonly masterAccuracy: number;
  readonly groups: GroupResult[];
  readonly seconds: number;
}

const M: readonly PerceptualTask[] = ['delay-anti'];
const ABC: readonly PerceptualTask[] = ['pro', 'anti', 'delay'];

export default function runConfiguration(input: DsaCurriculumInput, report: (done: number) => void): DsaCurriculumResult {
  const { settings, seed } = input;
  const start = performance.now();
  const fresh = () => curriculumNetwork({ hidden: settings.hidden, activation: settings.activation, seed });
  const train = (net: RecurrentNetwork, tasks: readonly PerceptualTask[], trainable: Trainable, stream: string) => ({
    tasks,
    trainable,
    log: trainTasks(net, { ...settings, tasks, trainable }, new Random(seed, `dsa-curriculum/${stream}`)),
  });
  const measureBatch = perceptualDecisionBatch('delay-anti', settings.measureTrials, new Random(seed, 'dsa-curriculum/measure'), { mode: 'test', dt: CURRICULUM_DT });
  const states = (net: RecurrentNetwork) => stimulusStates(net, measureBatch);

  let done = 0;
  const trained: { group: string; phases: GroupResult['phases']; net: RecurrentNetwork }[] = [];
  const add = (group: string, net: RecurrentNetwork, phases: GroupResult['phases']) => {
    trained.push({ group, phases, net });
    report(++done);
  };

  const master = fresh();
  add('master', master, [train(master, M, 'all', 'master/M')]);
  const masterFrozen = fresh();
  add('master-frozen', masterFrozen, [train(masterFrozen, M, 'input-weights', 'master-frozen/M')]);
  add('untrained', fresh(), []);
  for (const letters of settings.partial) {
    const net = fresh();
    const pre = train(net, PARTIAL_SETS[letters], 'all', `partial-${letters}/pretrain`);
    add(`partial-${letters}`, net, [pre, train(net, M, 'input-weights', `partial-${letters}/M`)]);
  }
  const pretrained = fresh();
  const pre = train(pretrained, ABC, 'all', 'full/pretrain');
  const snapshot = pretrained.snapshot();
  add('full', pretrained, [pre, train(pretrained, M, 'input-weights', 'full/M')]);
  const unfrozen = fresh();
  unfrozen.restore(snapshot);
  add('full-unfrozen', unfrozen, [pre, train(unfrozen, M, 'all', 'full-unfrozen/M')]);

  const masterStates = states(master);
  const groups: GroupResult[] = trained.map(({ group, phases, net }) => {
    if (group === 'master') return { group, phases, d: null, explainedVariance: null };
    const pca = commonPca([states(net), masterStates], settings.pcaComponents);
    const [x, y] = pca.projections.map((p) => ({ data: p.data, shape: [p.trials, p.time, p.units] as [number, number, number] }));
    const d = { dsa: dsaBetween(dsaOperator(x, settings.dsa), dsaOperator(y, settings.dsa), settings.dsa), cka: ckaDissimilarity(x, y), procrustes: procrustesDissimilarity(x, y) };
    return { group, phases, d, explainedVariance: pca.explainedVariance };
  });
  const masterLog = trained[0].phases[0].log;
  const result = { seed, masterReached: masterLog.reached, masterAccuracy: masterLog.accuracy['delay-anti'] ?? NaN, groups, seconds: (performance.now() - start) / 1000 };
  if (input.outDir !== undefined) writeFileAtomic(`${input.outDir}/configuration-seed${seed}.json`, JSON.stringify(result));
  return result;
}
