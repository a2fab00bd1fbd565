import type { InitScales } from '../circuits/weight-init.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import type { PatternTiming } from '../simulation/simulation.ts';

/** Everything that defines one teacher–student regression run (docs/model.md, Fig. 2). */
export interface RegressionSettings {
  readonly name: string;
  readonly description: string;
  readonly teacherDims: readonly number[];
  /** Half-width of the teacher's uniform weights. */
  readonly teacherScale: number;
  readonly studentDims: readonly number[];
  readonly neuron: NeuronParameters;
  readonly init: InitScales;
  /** Start the student's lateral weights in the self-predicting state. */
  readonly selfPredicting: boolean;
  readonly plasticity: PlasticityConfig;
  readonly timing: PatternTiming;
  readonly patterns: number;
  readonly evalEvery: number;
  readonly validationPatterns: number;
  /** Learning rate of the online-SGD baselines (backprop, feedback alignment, shallow). */
  readonly baselineLr: number;
}

const common = {
  teacherDims: [30, 20, 10],
  teacherScale: 1,
  studentDims: [30, 50, 10],
  timing: { tPattern: 100, outputLag: 30 },
  validationPatterns: 50,
  baselineLr: 0.03,
} as const;

/**
 * The paper's Fig. 2 settings (docs/model.md, "The paper's experiments and their settings"): init U(−0.1, 0.1) for every matrix, lateral
 * weights random, σ = 0.3 (in the public reference code's σ·dt convention, as its anchors were
 * measured), the paper's rates for W^up, W^IP and W^PI.
 */
export const PAPER_FIG2: RegressionSettings = {
  ...common,
  name: 'paper',
  description: "the paper's Fig. 2 settings: init ±0.1, random lateral weights, σ 0.3 (σ·dt), paper rates",
  neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.3, noiseScaling: 'dt' },
  init: { up: 0.1, down: 0.1, ip: 0.1, pi: 0.1 },
  selfPredicting: false,
  plasticity: { tauW: 30, learningLag: 0, eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0.0059375], down: [0] } },
  patterns: 4000,
  evalEvery: 250,
};

/**
 * Settings found with this engine that let the microcircuit approach backprop (README,
 * "Regression"), each change measured against the paper's settings:
 * - the student starts in the self-predicting state (as the paper's MNIST network does) with
 *   W^down ±0.3 fixed, so W^PI = −W^down already holds and stays right without PI plasticity
 *   (the PI rule, left on, cancels the teaching signal and at raised rates diverges);
 * - a learning lag of 20 ms: plasticity waits until the somata and the τ_0 filters have settled
 *   after each pattern onset (docs/model.md, the pitfalls under "The paper's experiments and their settings"); without it W^IP drifts away from c·W^up_2
 *   on the onset transients and the run diverges after a few thousand patterns;
 * - forward rates raised 2.5× (output) and 10× (hidden), so a pattern moves the weights about as
 *   much as a step of online SGD at rate 0.03 would: the hidden layer's error arrives attenuated by
 *   λ_hid·(1 − λ_I)·λ_out ≈ 0.1; W^IP at 2.5× keeps tracking W^up_2;
 * - somatic noise σ = 0.02: it enters every error term directly, and at σ = 0.1 it makes W^IP
 *   wander and leaves the error 2–3× higher.
 */
export const TUNED_REFERENCE_TEACHER: RegressionSettings = {
  ...common,
  name: 'tuned-a1',
  description: 'tuned settings on the reference teacher (weights ±1): self-predicting start, W^down ±0.3, no PI plasticity, 20 ms lag, raised forward rates, σ 0.02',
  neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.02, noiseScaling: 'sqrt-dt' },
  init: { up: 0.1, down: 0.3, ip: 0.1, pi: 0.1 },
  selfPredicting: true,
  plasticity: { tauW: 30, learningLag: 20, eta: { up: [0.0011875 * 10, 0.0005 * 2.5], ip: [0.0011875 * 2.5], pi: [0], down: [0] } },
  patterns: 8000,
  evalEvery: 250,
};

/**
 * The tuned settings on a teacher with weights ±0.5, whose output potentials (about ±1) stay where
 * the student's rate function responds. The Urbanczik–Senn error of an output cell is
 * φ(u) − φ(v̂) ≈ φ'(v̂)·λ_out·(u_trgt − v̂): with the reference teacher (±1) many targets lie at −2…−4,
 * where φ' = 0.12…0.02, and those outputs learn up to 50 times more slowly than backprop's
 * potential-space gradient; with ±0.5 the slowest output still has φ' ≈ 0.27.
 */
export const TUNED: RegressionSettings = {
  ...TUNED_REFERENCE_TEACHER,
  name: 'tuned',
  teacherScale: 0.5,
  description: 'tuned settings on a teacher with weights ±0.5 (outputs where φ responds): self-predicting start, W^down ±0.3, no PI plasticity, 20 ms lag, raised forward rates, σ 0.02',
};

export const REGRESSION_SETTINGS: Record<string, RegressionSettings> = { tuned: TUNED, 'tuned-a1': TUNED_REFERENCE_TEACHER, paper: PAPER_FIG2 };
