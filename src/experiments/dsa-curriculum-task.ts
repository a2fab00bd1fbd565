/**
 * One configuration (seed) of the curriculum test case, run by parallel-map.ts: trains every
 * group's network (src/experiments/dsa-curriculum-settings.ts), records each one's hidden states
 * on the same test trials of M, and measures each group's dissimilarity to Master.
 *
 * Streams (seed s): initial weights from seed s (all groups alike); training trials of a phase
 * from Random(s, `dsa-curriculum/<group>/<phase>`), the shared ABC pretraining from
 * Random(s, 'dsa-curriculum/full/pretrain'); the measured trials from Random(s, 'dsa-curriculum/measure');
 * Master's test-timing accuracy from Random(s, 'dsa-curriculum/master-test').
 */
import { commonPca } from '../analysis/common-pca.ts';
import { appendFileSync } from 'node:fs';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { perceptualDecisionBatch } from '../data/perceptual-decision-tasks.ts';
import type { PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import { Random } from '../random/random.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import { ckaDissimilarity, dsaBetween, dsaOperator, procrustesDissimilarity } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';
import { curriculumNetworks, PARTIAL_SETS } from './dsa-curriculum-settings.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { curriculumNetwork, stimulusStates, taskAccuracy, trainTasks, CURRICULUM_DT } from './dsa-curriculum-training.ts';
import type { Accuracy, TrainLog, Trainable } from './dsa-curriculum-training.ts';

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
  /** Master's accuracy on M after its last epoch: the stopping measure (`settings.stopOn`, training timing). */
  readonly masterAccuracy: number;
  /** Master's accuracy on `evalTrials` trials of M with the test timing (its 2 s delay is longer than any trained one). */
  readonly masterTestAccuracy: Accuracy;
  readonly groups: GroupResult[];
  readonly seconds: number;
}

const M: readonly PerceptualTask[] = ['delay-anti'];
const ABC: readonly PerceptualTask[] = ['pro', 'anti', 'delay'];

export default function runConfiguration(input: DsaCurriculumInput, report: (done: number) => void): DsaCurriculumResult {
  const { settings, seed } = input;
  const start = performance.now();
  const fresh = () => curriculumNetwork({ hidden: settings.hidden, activation: settings.activation, seed });
  const logPath = input.outDir === undefined ? undefined : `${input.outDir}/configuration-seed${seed}.log`;
  if (logPath !== undefined) writeFileAtomic(logPath, '');
  const train = (net: RecurrentNetwork, tasks: readonly PerceptualTask[], trainable: Trainable, stream: string) => {
    const maxEpochs = trainable === 'input-weights' ? settings.frozenMaxEpochs : settings.maxEpochs;
    const onEpoch = (epoch: number, accuracy: Partial<Record<PerceptualTask, number>>) => {
      if (logPath !== undefined) appendFileSync(logPath, `${JSON.stringify({ phase: stream, epoch, accuracy, seconds: Math.round((performance.now() - start) / 1000) })}\n`);
    };
    return { tasks, trainable, log: trainTasks(net, { ...settings, maxEpochs, tasks, trainable }, new Random(seed, `dsa-curriculum/${stream}`), onEpoch) };
  };
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
  const masterLog = trained[0].phases[0].log;
  const masterTestAccuracy = taskAccuracy(master, 'delay-anti', settings.evalTrials, new Random(seed, 'dsa-curriculum/master-test'));
  const finish = (groups: GroupResult[]): DsaCurriculumResult => {
    const result: DsaCurriculumResult = {
      seed,
      masterReached: masterLog.reached,
      masterAccuracy: masterLog.accuracy['delay-anti'] ?? NaN,
      masterTestAccuracy,
      groups,
      seconds: (performance.now() - start) / 1000,
    };
    if (input.outDir !== undefined) writeFileAtomic(`${input.outDir}/configuration-seed${seed}.json`, JSON.stringify(result));
    return result;
  };
  // A configuration whose Master misses keepAccuracy is left out of the summary: skip its groups.
  if (!((masterLog.accuracy['delay-anti'] ?? NaN) >= settings.keepAccuracy)) {
    report(curriculumNetworks(settings));
    return finish([{ group: 'master', phases: trained[0].phases, d: null, explainedVariance: null }]);
  }
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
  return finish(groups);
}
