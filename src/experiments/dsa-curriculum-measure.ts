/**
 * The measurement of one configuration of the curriculum test case (Guilhot et al. 2024; qglht/RepAL
 * main/representation.py, src/toolkit.py): each group's hidden states on M's test trials and
 * Master's are projected on their common principal components (src/analysis/common-pca.ts) or
 * left as recorded, then DSA, arccos(CKA)/(π/2) and Procrustes angle/(π/2) compare them
 * (src/experiments/dsa-lorenz-metrics.ts), DSA along the axes the measurement names
 * (src/experiments/dsa-curriculum-states.ts). The states come from the configuration's training jobs
 * (src/experiments/dsa-curriculum-task.ts).
 */
import { commonPca } from '../analysis/common-pca.ts';
import type { Trajectories } from '../data/lorenz.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import type { Accuracy } from './dsa-curriculum-training.ts';
import { dsaInput } from './dsa-curriculum-states.ts';
import { configurationTag } from './dsa-curriculum-task.ts';
import type { JobResult, Phase } from './dsa-curriculum-task.ts';
import { ckaDissimilarity, dsaBetween, dsaOperator, procrustesDissimilarity } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';
import type { HavokDmd } from '../analysis/havok-dmd.ts';

export interface GroupResult {
  readonly group: string;
  /** Training phases in order (pretraining, then M), with their logs. */
  readonly phases: Phase[];
  /** Dissimilarity to Master (null for Master itself). */
  readonly d: Record<Metric, number> | null;
  /** Explained variance of the common PCA with Master (null without a projection). */
  readonly explainedVariance: number | null;
}

export interface DsaCurriculumResult {
  /** configurationTag: seed<k>, or <label>-seed<k>. */
  readonly configuration: string;
  readonly label: string;
  readonly cell: string;
  readonly activation: string;
  readonly hidden: number;
  readonly seed: number;
  /** Whether Master met the stopping criterion on M. */
  readonly masterReached: boolean;
  /** Master's accuracy on M after its last epoch: the stopping measure (`settings.stopOn`, training timing). */
  readonly masterAccuracy: number;
  /** Master's accuracy on trials of M with the test timing. */
  readonly masterTestAccuracy: Accuracy;
  /** Master first, then the other groups in job order. */
  readonly groups: GroupResult[];
  /** Training seconds summed over the configuration's jobs. */
  readonly seconds: number;
}

/** The two recordings the metrics compare: projected on their common PCA, or as recorded (`settings.measurement.projection`). */
function compared(settings: DsaCurriculumSettings, a: Trajectories, b: Trajectories): { x: Trajectories; y: Trajectories; explainedVariance: number | null } {
  if (settings.measurement.projection === 'none') return { x: a, y: b, explainedVariance: null };
  const pca = commonPca([a, b], settings.pcaComponents);
  const [x, y] = pca.projections.map((p): Trajectories => ({ data: p.data, shape: [p.trials, p.time, p.units] }));
  return { x, y, explainedVariance: pca.explainedVariance };
}

/** One group's dissimilarities to Master and the explained variance of their common PCA. */
export interface PairMeasure {
  readonly d: Record<Metric, number>;
  readonly explainedVariance: number | null;
}

/** Measures one group's states against Master's; `masterOperator`, when given, is Master's DSA operator of these settings (unprojected states only). */
export function measurePair(settings: DsaCurriculumSettings, states: Trajectories, masterStates: Trajectories, masterOperator?: HavokDmd): PairMeasure {
  const axes = settings.measurement.dsaAxes;
  const { x, y, explainedVariance } = compared(settings, states, masterStates);
  const dsa = dsaBetween(dsaOperator(dsaInput(x, axes), settings.dsa), masterOperator ?? dsaOperator(dsaInput(y, axes), settings.dsa), settings.dsa);
  return { d: { dsa, cka: ckaDissimilarity(x, y), procrustes: procrustesDissimilarity(x, y) }, explainedVariance };
}

/** The master job of one configuration (seed), and the jobs of that configuration. */
export function configurationJobs(settings: DsaCurriculumSettings, seed: number, jobs: readonly JobResult[]): { own: JobResult[]; masterJob: JobResult & { master: NonNullable<JobResult['master']> } } {
  const configuration = configurationTag(settings, seed);
  const own = jobs.filter((j) => j.configuration === configuration);
  const masterJob = own.find((j) => j.job === 'master');
  if (masterJob === undefined || masterJob.master === undefined) throw new RangeError(`configuration ${configuration} has no master job`);
  return { own, masterJob: masterJob as JobResult & { master: NonNullable<JobResult['master']> } };
}

/**
 * Dissimilarities to Master of every group trained by `jobs`, all of one configuration (seed):
 * from `measured` (group → its measure, e.g. computed on worker threads), or computed here.
 */
export function measureConfiguration(settings: DsaCurriculumSettings, seed: number, jobs: readonly JobResult[], measured?: ReadonlyMap<string, PairMeasure>): DsaCurriculumResult {
  const configuration = configurationTag(settings, seed);
  const { own, masterJob } = configurationJobs(settings, seed, jobs);
  const masterStates = masterJob.groups[0].states;
  // unprojected, Master's states are the same in every pair: its DSA operator is fitted once
  const masterOperator = measured === undefined && settings.measurement.projection === 'none' ? dsaOperator(dsaInput(masterStates, settings.measurement.dsaAxes), settings.dsa) : undefined;
  const groups: GroupResult[] = own.flatMap((j) =>
    j.groups.map(({ group, phases, states }): GroupResult => {
      if (group === 'master') return { group, phases, d: null, explainedVariance: null };
      const pair = measured?.get(group) ?? measurePair(settings, states, masterStates, masterOperator);
      return { group, phases, ...pair };
    }),
  );
  groups.sort((a, b) => (a.group === 'master' ? -1 : b.group === 'master' ? 1 : 0));
  return {
    configuration,
    label: settings.label,
    cell: settings.cell,
    activation: settings.activation,
    hidden: settings.hidden,
    seed,
    masterReached: masterJob.master.reached,
    masterAccuracy: masterJob.master.accuracy,
    masterTestAccuracy: masterJob.master.testAccuracy,
    groups,
    seconds: own.reduce((s, j) => s + j.seconds, 0),
  };
}
