/**
 * One training job of the curriculum test case, run by parallel-map.ts: trains one group's network
 * of one configuration (seed) (src/experiments/dsa-curriculum-settings.ts) — or, for `full`, the
 * ABC pretraining shared by Full and Full & Unfrozen and both their M phases — and records each
 * network's hidden states on the configuration's test trials of M (stimulus period). Jobs of one
 * configuration are independent, so Master and the pretrainings run side by side; the
 * dissimilarities to Master are measured afterwards (dsa-curriculum-measure.ts). With `outDir`,
 * each job writes its states as states-seed<k>-<group>.npy (trials × time × units, for
 * `npm run compare`), each trained network's parameters as network-seed<k>-<group>.npy, and its
 * logs as job-seed<k>-<job>.json, and appends one line per epoch to job-seed<k>-<job>.log.
 *
 * Streams (seed s): initial weights from seed s (all groups alike), or with `initialWeights`
 * 'per-group' from the seed Random(s, `dsa-curriculum/init/<job>`) draws; training trials of a phase
 * from Random(s, `dsa-curriculum/<group>/<phase>`), the shared ABC pretraining from
 * Random(s, 'dsa-curriculum/full/pretrain'); the measured trials from Random(s, 'dsa-curriculum/measure');
 * Master's test-timing accuracy from Random(s, 'dsa-curriculum/master-test').
 */
import { appendFileSync } from 'node:fs';
import { writeNpy } from '../io/npy.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { perceptualDecisionBatch } from '../data/perceptual-decision-tasks.ts';
import type { PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import { Random } from '../random/random.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import { PARTIAL_SETS } from './dsa-curriculum-settings.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { curriculumNetwork, stimulusStates, taskAccuracy, trainTasks, CURRICULUM_DT } from './dsa-curriculum-training.ts';
import type { Accuracy, TrainLog, Trainable } from './dsa-curriculum-training.ts';

/** A job: one group, or `full` (Full and Full & Unfrozen from one pretraining). */
export type CurriculumJob = 'master' | 'master-frozen' | 'untrained' | 'full' | `partial-${string}`;

export interface DsaCurriculumInput {
  readonly settings: DsaCurriculumSettings;
  readonly seed: number;
  readonly job: CurriculumJob;
  /** Where to write the job's states, logs and epoch lines (none when absent). */
  readonly outDir?: string;
}

/** One training phase (pretraining, or M) and its log. */
export interface Phase {
  readonly tasks: readonly PerceptualTask[];
  readonly trainable: Trainable;
  readonly log: TrainLog;
}

/** A trained network of a job: its group, phases and hidden states on M's test trials. */
export interface TrainedGroup {
  readonly group: string;
  readonly phases: Phase[];
  readonly states: { readonly data: Float64Array; readonly shape: [number, number, number] };
}

export interface JobResult {
  readonly seed: number;
  readonly job: CurriculumJob;
  readonly groups: TrainedGroup[];
  /** Master's accuracies (the master job only). */
  readonly master?: {
    /** Whether it met the stopping criterion on M. */
    readonly reached: boolean;
    /** The stopping measure after its last epoch (`settings.stopOn`, training timing). */
    readonly accuracy: number;
    /** On `evalTrials` trials of M with the test timing (its 2 s delay is longer than any trained one). */
    readonly testAccuracy: Accuracy;
  };
  readonly seconds: number;
}

/** Where a job saves a trained network's parameters (float64, in RecurrentNetwork's order), for re-measuring without training. */
export function networkPath(outDir: string, seed: number, group: string): string {
  return `${outDir}/network-seed${seed}-${group}.npy`;
}

const M: readonly PerceptualTask[] = ['delay-anti'];
const ABC: readonly PerceptualTask[] = ['pro', 'anti', 'delay'];

/** The jobs of one configuration, in the order they are started: the two longest, then Untrained (instant), then the rest. */
export function curriculumJobs(settings: DsaCurriculumSettings): CurriculumJob[] {
  return ['master', 'full', 'untrained', ...settings.partial.map((x): CurriculumJob => `partial-${x}`), 'master-frozen'];
}

export default function runJob(input: DsaCurriculumInput, report: (done: number) => void): JobResult {
  const { settings, seed, job, outDir } = input;
  const start = performance.now();
  const tag = `seed${seed}-${job}`;
  const logPath = outDir === undefined ? undefined : `${outDir}/job-${tag}.log`;
  if (logPath !== undefined) writeFileAtomic(logPath, '');
  // 'shared': every group starts from the configuration seed's weights; 'per-group': each job from its own
  const initSeed = settings.initialWeights === 'shared' ? seed : new Random(seed, `dsa-curriculum/init/${job}`).integer(2 ** 31);
  const fresh = () => curriculumNetwork({ hidden: settings.hidden, activation: settings.activation, seed: initSeed });
  const train = (net: RecurrentNetwork, tasks: readonly PerceptualTask[], trainable: Trainable, stream: string): Phase => {
    const maxEpochs = trainable === 'input-weights' ? settings.frozenMaxEpochs : settings.maxEpochs;
    const onEpoch = (epoch: number, accuracy: Partial<Record<PerceptualTask, number>>) => {
      if (logPath !== undefined) appendFileSync(logPath, `${JSON.stringify({ phase: stream, epoch, accuracy, seconds: Math.round((performance.now() - start) / 1000) })}\n`);
    };
    return { tasks, trainable, log: trainTasks(net, { ...settings, maxEpochs, tasks, trainable }, new Random(seed, `dsa-curriculum/${stream}`), onEpoch) };
  };
  const measureBatch = perceptualDecisionBatch('delay-anti', settings.measureTrials, new Random(seed, 'dsa-curriculum/measure'), { mode: 'test', dt: CURRICULUM_DT });
  const groups: TrainedGroup[] = [];
  const add = (group: string, net: RecurrentNetwork, phases: Phase[]) => {
    const states = stimulusStates(net, measureBatch);
    if (outDir !== undefined) {
      writeNpy(`${outDir}/states-seed${seed}-${group}.npy`, states.data, states.shape);
      writeNpy(networkPath(outDir, seed, group), net.parameters, [net.parameters.length]);
    }
    groups.push({ group, phases, states });
    report(groups.length);
  };

  let master: JobResult['master'];
  if (job === 'master') {
    const net = fresh();
    const phase = train(net, M, 'all', 'master/M');
    master = { reached: phase.log.reached, accuracy: phase.log.accuracy['delay-anti'] ?? NaN, testAccuracy: taskAccuracy(net, 'delay-anti', settings.evalTrials, new Random(seed, 'dsa-curriculum/master-test')) };
    add('master', net, [phase]);
  } else if (job === 'master-frozen') {
    const net = fresh();
    add('master-frozen', net, [train(net, M, 'input-weights', 'master-frozen/M')]);
  } else if (job === 'untrained') {
    add('untrained', fresh(), []);
  } else if (job === 'full') {
    const pretrained = fresh();
    const pre = train(pretrained, ABC, 'all', 'full/pretrain');
    const snapshot = pretrained.snapshot();
    add('full', pretrained, [pre, train(pretrained, M, 'input-weights', 'full/M')]);
    const unfrozen = fresh();
    unfrozen.restore(snapshot);
    add('full-unfrozen', unfrozen, [pre, train(unfrozen, M, 'all', 'full-unfrozen/M')]);
  } else {
    const letters = job.slice('partial-'.length);
    const tasks = PARTIAL_SETS[letters];
    if (tasks === undefined) throw new RangeError(`unknown Partial set ${letters}; expected one of ${Object.keys(PARTIAL_SETS).join(', ')}`);
    const net = fresh();
    const pre = train(net, tasks, 'all', `${job}/pretrain`);
    add(job, net, [pre, train(net, M, 'input-weights', `${job}/M`)]);
  }
  const result: JobResult = { seed, job, groups, ...(master === undefined ? {} : { master }), seconds: (performance.now() - start) / 1000 };
  if (outDir !== undefined) writeFileAtomic(`${outDir}/job-${tag}.json`, JSON.stringify({ settings, ...result, groups: groups.map(({ group, phases }) => ({ group, phases })) }));
  return result;
}
