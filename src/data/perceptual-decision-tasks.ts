import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * The four perceptual decision tasks of the compositional curriculum of Guilhot, Wójcik, Achterberg
 * & Ponte Costa (2024, arXiv 2410.24070): Pro (A), Anti (B), Delay (C) and Delay-Anti (M, the
 * composite), NeuroGym two-alternative tasks with a rule input.
 *
 * Facts from the authors' code (qglht/RepAL main/task.py, main/generate_data.py, main/train.py,
 * config.yaml) and the NeuroGym version it used (neurogym/envs/perceptualdecisionmaking.py, 2024:
 * `PerceptualDecisionMaking` and `PerceptualDecisionMakingDelayResponse`):
 * - dt 20 ms. Periods fixation → stimulus → delay → decision; a period of d ms lasts d/dt steps.
 * - Training timing, each drawn uniformly from a list per trial: fixation {100, 200, 300} ms,
 *   stimulus {3000, 4000, 5000}, delay {500, 1000, 1500} for the delay tasks (0 otherwise),
 *   decision {100, 200, 300}. Test timing, fixed: 200 / 4000 / 0 / 200 ms without delay (220
 *   steps) and 500 / 4000 / 2000 / 500 ms with delay (350 steps) — the test delay is longer than
 *   any training delay.
 * - Inputs (7): fixation (1 in fixation, stimulus and delay, 0 in the decision period), two
 *   stimulus channels, then the rule one-hot over the four tasks in the authors' order
 *   (config.yaml `all_rules`: Anti, Pro, Delay, Delay-Anti), present at every step.
 * - Stimulus: a correct side g ∈ {1, 2} and a coherence c ∈ {0, 6.4, 12.8, 25.6, 51.2}, both
 *   uniform; during the stimulus period channel g carries 0.5 + c/200 and the other 0.5 − c/200,
 *   plus independent Gaussian noise of s.d. σ/√dt = 1/√20 per step and channel (NeuroGym's
 *   `sigma / sqrt(dt)` with σ = 1, dt in ms). Stimulus channels are 0 outside the stimulus period.
 *   At c = 0 the side is drawn all the same and cannot be inferred.
 * - Outputs (3): fixate (class 0), choice 1, choice 2. Target class 0 at every step before the
 *   decision period; in the decision period Pro and Delay answer g, Anti and Delay-Anti the other
 *   side 3 − g.
 * - Loss: cross-entropy at every step, unweighted (the authors' loss-mask line is commented out).
 *   Accuracy: over decision steps only, which the authors find as the steps where the three task
 *   inputs are all 0 (`decision` below marks them).
 *
 * Two layouts: `perceptualDecisionBatch` gives one whole trial per row from its fixation onset,
 * padded with zeros (no loss) to the longest trial in the batch — the authors' test layout, and a
 * clean training layout; `perceptualDecisionStreamBatch` gives the authors' training layout,
 * windows of 400 steps cut from streams of trials played back to back (NeuroGym's `Dataset`).
 * NeuroGym's observations are float32; ours float64. Our random streams are `Random`, not NumPy's.
 */
export type PerceptualTask = 'pro' | 'anti' | 'delay' | 'delay-anti';

/** Rule channel order, as the authors' `all_rules` (Anti, Pro, Delay, Delay-Anti). */
export const PERCEPTUAL_TASKS: readonly PerceptualTask[] = ['anti', 'pro', 'delay', 'delay-anti'];

/** Inputs: fixation, stimulus 1, stimulus 2, then the four rule channels. */
export const PERCEPTUAL_INPUTS = 7;
/** Index of the first rule channel. */
export const PERCEPTUAL_RULE_START = 3;
/** Output classes: fixate, choice 1, choice 2. */
export const PERCEPTUAL_CLASSES = 3;

export const PERCEPTUAL_COHERENCES = [0, 6.4, 12.8, 25.6, 51.2] as const;

interface Timing {
  fixation: readonly number[];
  stimulus: readonly number[];
  delay: readonly number[];
  decision: readonly number[];
}

/** Period durations in ms: lists are drawn uniformly per trial (training), singletons are fixed (test). */
export const PERCEPTUAL_TIMING: Record<'train' | 'test', Record<'withoutDelay' | 'withDelay', Timing>> = {
  train: {
    withoutDelay: { fixation: [100, 200, 300], stimulus: [3000, 4000, 5000], delay: [0], decision: [100, 200, 300] },
    withDelay: { fixation: [100, 200, 300], stimulus: [3000, 4000, 5000], delay: [500, 1000, 1500], decision: [100, 200, 300] },
  },
  test: {
    withoutDelay: { fixation: [200], stimulus: [4000], delay: [0], decision: [200] },
    withDelay: { fixation: [500], stimulus: [4000], delay: [2000], decision: [500] },
  },
};

export interface PerceptualDecisionOptions {
  /** 'train' draws the timing per trial; 'test' uses the fixed test timing. */
  mode: 'train' | 'test';
  /** Step in ms; default 20. Durations must be multiples of it. */
  dt?: number;
  /** NeuroGym's σ before division by √dt; default 1. */
  sigma?: number;
}

/** A batch of whole trials, with what a trainer and an analysis need besides the SequenceBatch. */
export interface PerceptualDecisionBatch extends SequenceBatch {
  task: PerceptualTask;
  /** Side with the stronger stimulus, 1 or 2, per trial. */
  stimulusSide: Int32Array;
  /** The correct decision, 1 or 2, per trial (the side for Pro/Delay, the other for the Anti tasks). */
  choice: Int32Array;
  /** Coherence per trial. */
  coherence: Float64Array;
  /**
   * [batch][5] step indices: starts of fixation (0), stimulus, delay and decision, and the trial's
   * end (= its length). The delay period is empty in tasks without delay.
   */
  periods: Int32Array;
  /** [batch][steps]: 1 at decision steps (where accuracy is scored), else 0. */
  decision: Uint8Array;
}

/** Whether the task has a delay period. */
export function hasDelay(task: PerceptualTask): boolean {
  return task === 'delay' || task === 'delay-anti';
}

/** Whether the correct choice is the side opposite the stronger stimulus. */
export function isAnti(task: PerceptualTask): boolean {
  return task === 'anti' || task === 'delay-anti';
}

function steps(ms: number, dt: number, field: string): number {
  const n = ms / dt;
  if (!Number.isInteger(n)) throw new InputError(field, `duration ${ms} ms is not a multiple of dt = ${dt} ms`);
  return n;
}

function pick(values: readonly number[], rng: Random): number {
  return values.length === 1 ? values[0] : values[rng.integer(values.length)];
}

/**
 * `batchSize` trials of one task. Draws per trial, in order: side, coherence, then (training only)
 * fixation, stimulus, delay (delay tasks) and decision durations; then the stimulus noise, step by
 * step, channel 1 before channel 2.
 */
export function perceptualDecisionBatch(task: PerceptualTask, batchSize: number, rng: Random, options: PerceptualDecisionOptions): PerceptualDecisionBatch {
  const rule = PERCEPTUAL_TASKS.indexOf(task);
  if (rule < 0) throw new InputError('task', `expected one of ${PERCEPTUAL_TASKS.join(', ')}, got ${String(task)}`);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InputError('batchSize', `expected a positive integer, got ${batchSize}`);
  if (options.mode !== 'train' && options.mode !== 'test') throw new InputError('mode', `expected "train" or "test", got ${String(options.mode)}`);
  const dt = options.dt ?? 20;
  if (!(dt > 0)) throw new InputError('dt', `expected a positive step in ms, got ${dt}`);
  const noise = (options.sigma ?? 1) / Math.sqrt(dt);
  const timing = PERCEPTUAL_TIMING[options.mode][hasDelay(task) ? 'withDelay' : 'withoutDelay'];

  const stimulusSide = new Int32Array(batchSize);
  const choice = new Int32Array(batchSize);
  const coherence = new Float64Array(batchSize);
  const periods = new Int32Array(batchSize * 5);
  for (let b = 0; b < batchSize; b++) {
    stimulusSide[b] = 1 + rng.integer(2);
    coherence[b] = PERCEPTUAL_COHERENCES[rng.integer(PERCEPTUAL_COHERENCES.length)];
    choice[b] = isAnti(task) ? 3 - stimulusSide[b] : stimulusSide[b];
    const fixation = steps(pick(timing.fixation, rng), dt, 'timing.fixation');
    const stimulus = steps(pick(timing.stimulus, rng), dt, 'timing.stimulus');
    const delay = steps(pick(timing.delay, rng), dt, 'timing.delay');
    const decision = steps(pick(timing.decision, rng), dt, 'timing.decision');
    const p = b * 5;
    periods[p] = 0;
    periods[p + 1] = fixation;
    periods[p + 2] = fixation + stimulus;
    periods[p + 3] = fixation + stimulus + delay;
    periods[p + 4] = fixation + stimulus + delay + decision;
  }
  let maxSteps = 0;
  for (let b = 0; b < batchSize; b++) maxSteps = Math.max(maxSteps, periods[b * 5 + 4]);

  const values = new Float64Array(batchSize * maxSteps * PERCEPTUAL_INPUTS);
  const labels = new Int32Array(batchSize * maxSteps).fill(-1);
  const decision = new Uint8Array(batchSize * maxSteps);
  const lengths = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) {
    const p = b * 5;
    const [stimStart, delayStart, decisionStart, end] = [periods[p + 1], periods[p + 2], periods[p + 3], periods[p + 4]];
    lengths[b] = end;
    const strong = 0.5 + coherence[b] / 200;
    const weak = 0.5 - coherence[b] / 200;
    for (let t = 0; t < end; t++) {
      const k = (b * maxSteps + t) * PERCEPTUAL_INPUTS;
      if (t < decisionStart) values[k] = 1;
      if (t >= stimStart && t < delayStart) {
        values[k + 1] = (stimulusSide[b] === 1 ? strong : weak) + noise * rng.normal();
        values[k + 2] = (stimulusSide[b] === 2 ? strong : weak) + noise * rng.normal();
      }
      values[k + PERCEPTUAL_RULE_START + rule] = 1;
      const inDecision = t >= decisionStart;
      labels[b * maxSteps + t] = inDecision ? choice[b] : 0;
      decision[b * maxSteps + t] = inDecision ? 1 : 0;
    }
  }
  return {
    batch: batchSize,
    steps: maxSteps,
    inputSize: PERCEPTUAL_INPUTS,
    inputs: { kind: 'dense', values },
    lengths,
    targets: { kind: 'classes', classes: PERCEPTUAL_CLASSES, labels },
    continuesPrevious: false,
    task,
    stimulusSide,
    choice,
    coherence,
    periods,
    decision,
  };
}

/** A batch of windows cut from streams of back-to-back trials. */
export interface PerceptualDecisionStreamBatch extends SequenceBatch {
  task: PerceptualTask;
  /** [batch][steps]: 1 at decision steps, else 0. */
  decision: Uint8Array;
  /** [batch][steps]: 1 at the first step of each trial that starts inside the window, else 0. */
  trialStart: Uint8Array;
}

/**
 * The authors' training data layout: each row is a window of `windowSteps` steps (400 in their
 * generate_data.py) cut from a stream of training trials of one task played back to back, so it
 * usually starts and ends mid-trial; the loss covers every step (no padding). NeuroGym fills a
 * cache of consecutive trials and serves successive windows of it; here each row is its own
 * stream, entered at a phase drawn uniformly within its first trial. Draws per row: the first
 * trial (as `perceptualDecisionBatch` draws one trial), the phase, then further trials as needed.
 */
export function perceptualDecisionStreamBatch(task: PerceptualTask, batchSize: number, windowSteps: number, rng: Random, options: Omit<PerceptualDecisionOptions, 'mode'> = {}): PerceptualDecisionStreamBatch {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InputError('batchSize', `expected a positive integer, got ${batchSize}`);
  if (!Number.isSafeInteger(windowSteps) || windowSteps < 1) throw new InputError('windowSteps', `expected a positive integer, got ${windowSteps}`);
  const T = windowSteps;
  const values = new Float64Array(batchSize * T * PERCEPTUAL_INPUTS);
  const labels = new Int32Array(batchSize * T);
  const decision = new Uint8Array(batchSize * T);
  const trialStart = new Uint8Array(batchSize * T);
  for (let b = 0; b < batchSize; b++) {
    let trial = perceptualDecisionBatch(task, 1, rng, { ...options, mode: 'train' });
    let from = rng.integer(trial.steps);
    let t = 0;
    while (t < T) {
      if (trial.inputs.kind !== 'dense' || trial.targets.kind !== 'classes') throw new Error('unreachable: trials are dense with class targets');
      const n = Math.min(trial.steps - from, T - t);
      const row = b * T + t;
      values.set(trial.inputs.values.subarray(from * PERCEPTUAL_INPUTS, (from + n) * PERCEPTUAL_INPUTS), row * PERCEPTUAL_INPUTS);
      labels.set(trial.targets.labels.subarray(from, from + n), row);
      decision.set(trial.decision.subarray(from, from + n), row);
      if (from === 0) trialStart[row] = 1;
      t += n;
      if (t < T) {
        trial = perceptualDecisionBatch(task, 1, rng, { ...options, mode: 'train' });
        from = 0;
      }
    }
  }
  return {
    batch: batchSize,
    steps: T,
    inputSize: PERCEPTUAL_INPUTS,
    inputs: { kind: 'dense', values },
    lengths: new Int32Array(batchSize).fill(T),
    targets: { kind: 'classes', classes: PERCEPTUAL_CLASSES, labels },
    continuesPrevious: false,
    task,
    decision,
    trialStart,
  };
}
