import { CircuitShape } from '../anatomy/circuit-shape.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import { createTeacher } from '../data/teacher-student.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { Random } from '../random/random.ts';
import { Simulation } from '../simulation/simulation.ts';
import { OrderedSampler } from '../replay/ordered-sampler.ts';
import { recordInto } from '../streams/record-into.ts';
import { ReplayBuffer } from '../replay/replay-buffer.ts';
import type { ReplaySampler } from '../replay/replay-sampler.ts';
import { replay$ } from '../streams/replay-source.ts';
import { UniformSampler } from '../replay/uniform-sampler.ts';
import { FrozenEvaluator } from '../simulation/frozen-evaluation.ts';
import type { ReplaySettings, SleepOrder } from './replay-settings.ts';
import type { CheckpointContents } from '../io/checkpoint-file.ts';
import { captureSimulation, restoreSimulation } from '../simulation/simulation-checkpoint.ts';
import { subsetTeacherPatterns } from './subset-teacher-patterns.ts';

/** 'none', 'interleaved', then 'sleep-<order>' for each sleep order of the settings. */
export function replayConditions(s: ReplaySettings): string[] {
  return ['none', 'interleaved', ...s.sleepOrders.map((order) => `sleep-${order}`)];
}

/** Patterns presented in one seed (task A once, then task B, with replays, per condition): the progress total. */
export function presentationsPerSeed(s: ReplaySettings): number {
  const p = s.patternsPerTask;
  return 2 * p + (p + Math.floor(p / s.interleaveEvery)) + s.sleepOrders.length * (s.sleepReplays + p);
}

/** Validation MSE of both tasks over training time. */
export interface ErrorCurve {
  /** Simulated training time (s) at each validation: every pattern presented, new or replayed, counts. */
  time: number[];
  taskA: number[];
  taskB: number[];
}

export interface ReplayConditionResult extends ErrorCurve {
  /** Task-A error when task B starts (after the sleep phase, if any). */
  taskABeforeB: number;
  taskAAfterB: number;
  taskBAfterB: number;
  /** Task-A experiences replayed. */
  replayed: number;
}

export interface ReplaySeedResult {
  seed: number;
  /** Task-A error at the end of task A, shared by every condition. */
  taskAAfterA: number;
  /** MSE of predicting each output's validation mean, per task: the level of ignoring the input. */
  meanPredictor: { taskA: number; taskB: number };
  conditions: Record<string, ReplayConditionResult>;
  wallSeconds: number;
}

interface TaskData {
  inputs: Float64Array;
  targets: Float64Array;
}

/** A simulation being trained, with its validation curve; validates every `evalEvery` presentations. */
class Learner {
  presented = 0;
  replayed = 0;
  private validatedAt = -1;

  constructor(
    readonly sim: Simulation,
    private readonly s: ReplaySettings,
    private readonly score: (w: WeightSet) => [number, number],
    private readonly tick: () => void,
    readonly curve: ErrorCurve = { time: [], taskA: [], taskB: [] },
  ) {}

  present(input: Float64Array, target: Float64Array | null): void {
    this.sim.present({ input, target }, this.s.timing);
    this.presented++;
    this.tick();
    if (this.presented % this.s.evalEvery === 0) this.validate();
  }

  /** [task-A, task-B] validation MSE now (measured once per presentation count). */
  validate(): [number, number] {
    const c = this.curve;
    if (this.validatedAt !== this.presented) {
      const [a, b] = this.score(this.sim.circuit.weights());
      c.time.push((this.presented * this.s.timing.tPattern) / 1000);
      c.taskA.push(a);
      c.taskB.push(b);
      this.validatedAt = this.presented;
    }
    return [c.taskA[c.taskA.length - 1], c.taskB[c.taskB.length - 1]];
  }

  /** The same history continued in `sim`, restored from `checkpoint` (taken at this learner's present state). */
  branch(sim: Simulation, checkpoint: CheckpointContents): Learner {
    restoreSimulation(sim, checkpoint, 'replay branch');
    const { time, taskA, taskB } = this.curve;
    const copy = new Learner(sim, this.s, this.score, this.tick, { time: time.slice(), taskA: taskA.slice(), taskB: taskB.slice() });
    copy.presented = this.presented;
    copy.validatedAt = this.validatedAt;
    return copy;
  }

  /** Presents each experience a replay stream emits, with its recorded target (plasticity on). */
  replay(buffer: ReplayBuffer, sampler: ReplaySampler, count: number): void {
    replay$(buffer, sampler, count).subscribe((e) => {
      this.present(e.input, e.target);
      this.replayed++;
    });
  }
}

/** Learns `n` new patterns of a task; with `interleave`, one replayed experience after every `every`-th. */
function learnTask(learner: Learner, data: TaskData, n: number, interleave?: { buffer: ReplayBuffer; sampler: ReplaySampler; every: number }): void {
  const nIn = data.inputs.length / n;
  const nOut = data.targets.length / n;
  for (let p = 0; p < n; p++) {
    learner.present(data.inputs.subarray(p * nIn, (p + 1) * nIn), data.targets.subarray(p * nOut, (p + 1) * nOut));
    if (interleave !== undefined && (p + 1) % interleave.every === 0) learner.replay(interleave.buffer, interleave.sampler, 1);
  }
}

/** Sleep: `count` replays of stored experiences; an ordered sampler sweeps the buffer (without replacement) as often as needed. */
function sleep(learner: Learner, buffer: ReplayBuffer, order: SleepOrder, count: number, rng: Random): void {
  if (order === 'uniform') return learner.replay(buffer, new UniformSampler(buffer, rng), count);
  const sampler = new OrderedSampler(buffer, order);
  for (let done = 0; done < count; done += buffer.size) learner.replay(buffer, sampler, Math.min(buffer.size, count - done));
}

function meanPredictorMse(targets: Float64Array, n: number, width: number): number {
  const mean = new Float64Array(width);
  for (let p = 0; p < n; p++) for (let i = 0; i < width; i++) mean[i] += targets[p * width + i] / n;
  let sum = 0;
  for (let p = 0; p < n; p++) for (let i = 0; i < width; i++) sum += (targets[p * width + i] - mean[i]) ** 2;
  return sum / (n * width);
}

/**
 * One seed of the replay experiment. Two teachers, A on the first half of the inputs and B on the
 * second, and one student circuit. The student learns task A online while every task-A pattern
 * is recorded into a bounded replay buffer (`recordInto` on `patternEnds$`); the state after task
 * A is checkpointed, and each condition continues from it:
 *   none         task B alone;
 *   interleaved  task B with one uniformly drawn task-A experience replayed after every k-th pattern;
 *   sleep-<o>    a sleep phase of replayed task-A experiences in order o, then task B alone.
 * Replayed experiences are presented like new ones: recorded input and target, plasticity on.
 * Both tasks are scored on held-out patterns through a frozen, noiseless copy of the circuit.
 */
export default function runReplaySeed(input: { settings: ReplaySettings; seed: number }, report: (presented: number) => void): ReplaySeedResult {
  const { settings: s, seed } = input;
  const start = performance.now();
  const shape = new CircuitShape(s.studentDims);
  const nIn = shape.inputSize;
  const nOut = shape.outputSize;
  const half = Math.floor(nIn / 2);
  const teachers = [2 * seed, 2 * seed + 1].map((teacherSeed) => createTeacher({ dims: s.teacherDims, weightScale: s.teacherScale, neuron: s.neuron, seed: teacherSeed }));
  const ranges = [{ from: 0, to: half }, { from: half, to: nIn }];
  const data = (task: 0 | 1, n: number, purpose: string) => subsetTeacherPatterns(teachers[task], n, new Random(seed, `replay/${purpose} ${'AB'[task]}`), ranges[task]);
  const [trainA, trainB] = [data(0, s.patternsPerTask, 'train'), data(1, s.patternsPerTask, 'train')];
  const [valA, valB] = [data(0, s.validationPatterns, 'validation'), data(1, s.validationPatterns, 'validation')];

  const weights = initUniformWeights(shape, s.init, seed);
  setSelfPredicting(shape, weights, s.neuron);
  const build = () => new Simulation(new Microcircuit({ dims: s.studentDims, neuron: s.neuron, weights, plasticity: s.plasticity }), createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
  const evaluator = new FrozenEvaluator(shape, s.neuron, s.evalTiming, { initialWeights: weights });
  const score = (w: WeightSet): [number, number] => [
    evaluator.mse(w, valA.inputs, valA.targets, s.validationPatterns),
    evaluator.mse(w, valB.inputs, valB.targets, s.validationPatterns),
  ];
  let presented = 0;
  const tick = () => report(++presented);

  // Task A, every pattern recorded into the buffer as it ends.
  const buffer = new ReplayBuffer({ capacity: s.bufferCapacity, inputSize: nIn, targetSize: nOut });
  const taskA = new Learner(build(), s, score, tick);
  taskA.validate();
  taskA.sim.circuit.setFilteredInput(trainA.inputs.subarray(0, nIn), trainA.targets.subarray(0, nOut));
  const recording = taskA.sim.patternEnds$.pipe(recordInto(buffer, (r) => ({ input: r.pattern.input, target: r.pattern.target }))).subscribe();
  learnTask(taskA, trainA, s.patternsPerTask);
  recording.unsubscribe();
  const [taskAAfterA] = taskA.validate();
  const afterA = captureSimulation(taskA.sim);

  const conditions: Record<string, ReplayConditionResult> = {};
  for (const id of replayConditions(s)) {
    const learner = taskA.branch(build(), afterA);
    const rng = new Random(seed, `replay/${id}`);
    if (id.startsWith('sleep-')) sleep(learner, buffer, id.slice('sleep-'.length) as SleepOrder, s.sleepReplays, rng);
    const [taskABeforeB] = learner.validate();
    const interleave = id === 'interleaved' ? { buffer, sampler: new UniformSampler(buffer, rng), every: s.interleaveEvery } : undefined;
    learnTask(learner, trainB, s.patternsPerTask, interleave);
    const [taskAAfterB, taskBAfterB] = learner.validate();
    conditions[id] = { ...learner.curve, taskABeforeB, taskAAfterB, taskBAfterB, replayed: learner.replayed };
  }
  return {
    seed,
    taskAAfterA,
    meanPredictor: { taskA: meanPredictorMse(valA.targets, s.validationPatterns, nOut), taskB: meanPredictorMse(valB.targets, s.validationPatterns, nOut) },
    conditions,
    wallSeconds: (performance.now() - start) / 1000,
  };
}
