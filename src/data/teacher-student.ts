import { steadyStateAttenuation } from '../neurons/attenuation.ts';
import { FeedforwardNetwork } from '../baselines/feedforward-network.ts';
import { InputError } from '../core/input-error.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import { Random } from '../random/random.ts';

/**
 * The teacher–student regression task (docs/model.md, "The paper's experiments and their settings", Fig. 2; docs/references.md, "Regression"): a
 * fixed random teacher network with the microcircuit's steady-state map,
 *
 *     u_trgt = c_out·W_2·φ(c_hid·W_1·r),   c_hid = g_B/(g_lk+g_B+g_A),  c_out = g_B/(g_lk+g_B),
 *
 * weights U(−a, a), inputs r ~ U(0, 1) per component. With a = 1 (the public reference's "mimic"
 * teacher) the map is nearly linear over the inputs; a larger a makes it clearly nonlinear, as the
 * paper does by scaling the teacher's weights.
 */
export interface TeacherOptions {
  /** Teacher layer sizes, e.g. [30, 20, 10]. */
  readonly dims: readonly number[];
  /** Half-width a of the teacher's uniform weights. */
  readonly weightScale: number;
  readonly neuron: NeuronParameters;
  readonly seed: number;
}

export function createTeacher(options: TeacherOptions): FeedforwardNetwork {
  const { dims, weightScale, neuron, seed } = options;
  if (!(weightScale > 0)) throw new InputError('teacher.weightScale', `expected a positive number, got ${weightScale}`);
  const weights = dims.slice(1).map((rows, k) => {
    const cols = dims[k];
    const data = new Float64Array(rows * cols);
    new Random(seed, `teacher.W[${k}]`).fillUniformSymmetric(data, 0, data.length, weightScale);
    return { rows, cols, data };
  });
  return new FeedforwardNetwork(
    { dims, phi: neuron.phi, attenuation: steadyStateAttenuation(neuron, dims.length - 1), rule: 'backprop' },
    weights,
  );
}

/** n input–target pairs of a teacher: inputs U(0, 1) from `rng`, rows of (n × n_0) and (n × n_N). */
export function teacherPatterns(teacher: FeedforwardNetwork, n: number, rng: Random): { inputs: Float64Array; targets: Float64Array } {
  const nIn = teacher.dims[0];
  const nOut = teacher.dims[teacher.dims.length - 1];
  const inputs = new Float64Array(n * nIn);
  const targets = new Float64Array(n * nOut);
  for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform();
  for (let p = 0; p < n; p++) teacher.forward(inputs.subarray(p * nIn, (p + 1) * nIn), targets.subarray(p * nOut, (p + 1) * nOut));
  return { inputs, targets };
}
