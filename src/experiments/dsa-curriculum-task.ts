/**
 * One training job of the curriculum test case, run by parallel-map.ts: trains one group's network
 * of one configuration (seed) (src/experiments/dsa-curriculum-settings.ts) — or, for `full`, the
 * ABC pretraining shared by Full and Full & Unfrozen and both their M phases — and records each
 * network's hidden states on the configuration's test trials of M (stimulus period). Jobs of one
 * configuration are independent, so Master and the pretrainings run side by side; the
 * dissimilarities to Master are measured afterwards (dsa-curriculum-measure.ts). With `outDir`,
 * each job writes its states as states-<c>-<group>.npy (trials × time × units, for
 * `npm run compare`), each trained network's parameters as network-<c>-<group>.npy, and its
 * logs as job-<c>-<job>.json, and appends one line per epoch to job-<c>-<job>.log, where <c> is
 * the configuration's tag (configurationTag: seed<k>, or <label>-seed<k>).
 *
 * Streams (seed s): initial weights from seed s (all groups alike), or with `initialWeights`
 * 'per-group' from the seed Random(s, `dsa-curriculum/init/<job>`) draws; training trials of a phase
 * from Random(s, `dsa-curriculum/<group>/<phase>`), the shared ABC pretraining from
 * Random(s, 'dsa-curriculum/full/pretrain'); the measured trials from Random(s, 'dsa-curriculum/measure');
 * Master's test-timing accuracy from Random(s, 'dsa-curriculum/master-test').
 */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../core/input-error.ts';
import { npyToFloat64, readNpy, writeNpy } from '../io/npy.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import type { PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import { Random } from '../random/random.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import { PARTIAL_SETS, trainingSettings } from './dsa-curriculum-settings.ts';
import { measuredStates } from './dsa-curriculum-states.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { curriculumNetwork, taskAccuracy, trainTasks } from './dsa-curriculum-training.ts';
import type { Accuracy, TrainLog, Trainable } from './dsa-curriculum-training.ts';

/** A job: one group, or `full` (Full and Full & Unfrozen from one pretraining). */
export type CurriculumJob = 'master' | 'master-frozen' | 'untrained' | 'full' | `partial-${string}`;

export interface DsaCurriculumInput {
  readonly settings: DsaCurriculumSettings;
  readonly seed: number;
  readonly job: CurriculumJob;
  /** Where to write the job's states, logs and epoch lines (none when absent). */
  readonly outDir?: string;
  /** Load the job's trained networks from `outDir` if a run with the same training settings saved them there, instead of training. */
  readonly reuse?: boolean;
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
  /** configurationTag of its settings and seed. */
  readonly configuration: string;
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
  /** Training seconds (of the run that trained it, if reused). */
  readonly seconds: number;
  /** True if the networks were loaded from a saved run instead of trained. */
  readonly reused?: boolean;
}

/** A configuration's name in file names: seed<k>, or <label>-seed<k> in runs of several configurations. */
export function configurationTag(settings: DsaCurriculumSettings, seed: number): string {
  return settings.label === '' ? `seed${seed}` : `${settings.label}-seed${seed}`;
}

/** Where a job saves a trained network's parameters (float64, in RecurrentNetwork's order), for re-measuring without training. */
export function networkPath(outDir: string, settings: DsaCurriculumSettings, seed: number, group: string): string {
  return `${outDir}/network-${configurationTag(settings, seed)}-${group}.npy`;
}

const M: readonly PerceptualTask[] = ['delay-anti'];
const ABC: readonly PerceptualTask[] = ['pro', 'anti', 'delay'];

/** The jobs of one configuration, in the order they are started: the two longest, then Untrained (instant), then the rest. */
export function curriculumJobs(settings: DsaCurriculumSettings): CurriculumJob[] {
  return ['master', 'full', 'untrained', ...settings.partial.map((x): CurriculumJob => `partial-${x}`), 'master-frozen'];
}

/** The job as a run with the same training settings saved it in `outDir`, or undefined if it did not. */
function savedJob(input: DsaCurriculumInput): (Omit<JobResult, 'groups'> & { settings: DsaCurriculumSettings; groups: Omit<TrainedGroup, 'states'>[] }) | undefined {
  const { outDir, seed, job, settings } = input;
  if (outDir === undefined) return undefined;
  const path = `${outDir}/job-${configurationTag(settings, seed)}-${job}.json`;
  if (!existsSync(path)) return undefined;
  const saved = JSON.parse(readFileSync(path, 'utf8')) as Omit<JobResult, 'groups'> & { settings?: DsaCurriculumSettings; groups: Omit<TrainedGroup, 'states'>[] };
  if (saved.settings === undefined || !saved.groups.every((g) => existsSync(networkPath(outDir, settings, seed, g.group)))) return undefined;
  if (!isDeepStrictEqual(trainingSettings(saved.settings), trainingSettings(settings))) {
    throw new InputError('--resume', `${path} was trained with other settings than --variant gives (${JSON.stringify(trainingSettings(saved.settings))}); use the run's training variant or another --out`);
  }
  return saved as Omit<JobResult, 'groups'> & { settings: DsaCurriculumSettings; groups: Omit<TrainedGroup, 'states'>[] };
}

export default function runJob(input: DsaCurriculumInput, report: (done: number) => void): JobResult {
  const { settings, seed, job, outDir } = input;
  const start = performance.now();
  const configuration = configurationTag(settings, seed);
  const tag = `${configuration}-${job}`;
  const saved = input.reuse === true ? savedJob(input) : undefined;
  if (saved !== undefined && outDir !== undefined) {
    // the networks as trained: rebuilt, their parameters loaded, measured with these settings
    const groups = saved.groups.map(({ group, phases }, i): TrainedGroup => {
      const net = curriculumNetwork({ cell: settings.cell, hidden: settings.hidden, activation: settings.activation, seed });
      net.parameters.set(npyToFloat64(readNpy(networkPath(outDir, settings, seed, group))));
      const states = measuredStates(net, settings, seed);
      writeNpy(`${outDir}/states-${configuration}-${group}.npy`, states.data, states.shape);
      report(i + 1);
      return { group, phases, states };
    });
    return { configuration, seed, job, groups, ...(saved.master === undefined ? {} : { master: saved.master }), seconds: saved.seconds, reused: true };
  }
  const logPath = outDir === undefined ? undefined : `${outDir}/job-${tag}.log`;
  if (logPath !== undefined) writeFileAtomic(logPath, '');
  // 'shared': every group starts from the configuration seed's weights; 'per-group': each job from its own
  const initSeed = settings.initialWeights === 'shared' ? seed : new Random(seed, `dsa-curriculum/init/${job}`).integer(2 ** 31);
  const fresh = () => curriculumNetwork({ cell: settings.cell, hidden: settings.hidden, activation: settings.activation, seed: initSeed });
  const train = (net: RecurrentNetwork, tasks: readonly PerceptualTask[], trainable: Trainable, stream: string): Phase => {
    const maxEpochs = trainable === 'input-weights' ? settings.frozenMaxEpochs : settings.maxEpochs;
    const onEpoch = (epoch: number, accuracy: Partial<Record<PerceptualTask, number>>) => {
      if (logPath !== undefined) appendFileSync(logPath, `${JSON.stringify({ phase: stream, epoch, accuracy, seconds: Math.round((performance.now() - start) / 1000) })}\n`);
    };
    return { tasks, trainable, log: trainTasks(net, { ...settings, maxEpochs, tasks, trainable }, new Random(seed, `dsa-curriculum/${stream}`), onEpoch) };
  };
  const groups: TrainedGroup[] = [];
  const add = (group: string, net: RecurrentNetwork, phases: Phase[]) => {
    const states = measuredStates(net, settings, seed);
    if (outDir !== undefined) {
      writeNpy(`${outDir}/states-${configuration}-${group}.npy`, states.data, states.shape);
      writeNpy(networkPath(outDir, settings, seed, group), net.parameters, [net.parameters.length]);
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
  const result: JobResult = { configuration, seed, job, groups, ...(master === undefined ? {} : { master }), seconds: (performance.now() - start) / 1000 };
  if (outDir !== undefined) writeFileAtomic(`${outDir}/job-${tag}.json`, JSON.stringify({ settings, ...result, groups: groups.map(({ group, phases }) => ({ group, phases })) }));
  return result;
}
