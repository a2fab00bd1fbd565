import type { InitScales } from '../circuits/weight-init.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import type { PatternTiming } from '../simulation/simulation.ts';
import type { ReplayOrder } from '../replay/ordered-sampler.ts';

/** How a sleep phase picks experiences: uniform draws with replacement, or sweeps through the buffer. */
export type SleepOrder = 'uniform' | ReplayOrder;

/** Everything that defines one run of the continual-learning replay experiment (issue 6, item 2). */
export interface ReplaySettings {
  readonly studentDims: readonly number[];
  readonly teacherDims: readonly number[];
  /** Half-width of each teacher's uniform weights. */
  readonly teacherScale: number;
  readonly neuron: NeuronParameters;
  /** U(−a, a) per connection; the lateral weights are then set to the self-predicting state. */
  readonly init: InitScales;
  readonly plasticity: PlasticityConfig;
  /** Every pattern, new or replayed. */
  readonly timing: PatternTiming;
  /** Validation patterns on the frozen copy. */
  readonly evalTiming: PatternTiming;
  /** New patterns of task A, then of task B. */
  readonly patternsPerTask: number;
  readonly validationPatterns: number;
  /** Validation after every this many patterns presented (new or replayed). */
  readonly evalEvery: number;
  /** Task-A experiences the buffer keeps (the most recent ones). */
  readonly bufferCapacity: number;
  /** Interleaved condition: one replayed task-A experience after every this many task-B patterns. */
  readonly interleaveEvery: number;
  /** Sleep conditions: task-A experiences replayed between the tasks. */
  readonly sleepReplays: number;
  readonly sleepOrders: readonly SleepOrder[];
}

/**
 * Two 30-20-10 teachers (the paper's Fig. 2 teacher) on disjoint halves of the 30 inputs, one
 * 30-50-10 student. The learning rule settings follow the regression experiment's `tuned`
 * variant (self-predicting start, W^PI = −W^down fixed, W^IP tracking W^up_2, raised forward
 * rates); a wider initialisation U(−0.5, 0.5) lets each task be learnt in 1,500 patterns.
 * No somatic noise: every condition is deterministic given the seed. The interleaved and the
 * sleep conditions replay the same number of experiences (750) from the same buffer, so they
 * differ only in when replay happens. Interleaved replay draws uniformly (each stored experience
 * equally likely, as in experience replay); sleep compares uniform draws with sweeps in recorded
 * order (each stored experience once per sweep, oldest first, as the episode was lived). The
 * task patterns are independent draws, so no order carries sequence information: the comparison
 * asks whether coverage and recency matter. Validation patterns last 50 ms, averaged from 20 ms:
 * on these circuits their mean outputs differ from 100 ms averaged from 30 ms by ~4e-5 RMS.
 */
export const REPLAY_SETTINGS: ReplaySettings = {
  studentDims: [30, 50, 10],
  teacherDims: [30, 20, 10],
  teacherScale: 1,
  neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0 },
  init: { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 },
  plasticity: { tauW: 30, learningLag: 0, eta: { up: [0.005, 0.002], ip: [0.004], pi: [0], down: [0] } },
  timing: { tPattern: 100, outputLag: 30 },
  evalTiming: { tPattern: 50, outputLag: 20 },
  patternsPerTask: 1500,
  validationPatterns: 50,
  evalEvery: 125,
  bufferCapacity: 250,
  interleaveEvery: 2,
  sleepReplays: 750,
  sleepOrders: ['uniform', 'recorded'],
};

/** A run of a few seconds with the same code path (smoke tests). */
export function quickReplaySettings(s: ReplaySettings): ReplaySettings {
  return { ...s, patternsPerTask: 24, validationPatterns: 6, evalEvery: 12, bufferCapacity: 6, sleepReplays: 12 };
}
