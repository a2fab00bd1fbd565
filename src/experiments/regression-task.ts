import { steadyStateAttenuation } from '../neurons/attenuation.ts';
import type { FeedforwardNetwork } from '../baselines/feedforward-network.ts';
import { CircuitShape } from '../anatomy/circuit-shape.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import { createTeacher, teacherPatterns } from '../data/teacher-student.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { Random } from '../random/random.ts';
import { Simulation } from '../simulation/simulation.ts';
import type { RegressionSettings } from './regression-settings.ts';

/**
 * The teacher–student task of one seed, as every experiment on it sees it: the teacher, the
 * training stream, the student microcircuit (initial weights kept, so baselines can start from
 * the same W^up) and its simulation. The same seed gives the same task everywhere.
 */
export interface RegressionTask {
  readonly teacher: FeedforwardNetwork;
  readonly train: { inputs: Float64Array; targets: Float64Array };
  readonly shape: CircuitShape;
  /** The student's initial weights (self-predicting when the settings say so). */
  readonly weights: WeightSet;
  readonly circuit: Microcircuit;
  readonly sim: Simulation;
  /** Steady-state attenuation c_k per layer, for baselines on the student's feed-forward map. */
  readonly attenuation: number[];
}

export function setUpRegressionTask(s: RegressionSettings, seed: number, patterns: number): RegressionTask {
  const teacher = createTeacher({ dims: s.teacherDims, weightScale: s.teacherScale, neuron: s.neuron, seed });
  const train = teacherPatterns(teacher, patterns, new Random(seed, 'regression/train'));
  const shape = new CircuitShape(s.studentDims);
  const weights = initUniformWeights(shape, s.init, seed);
  if (s.selfPredicting) setSelfPredicting(shape, weights, s.neuron);
  const circuit = new Microcircuit({ dims: s.studentDims, neuron: s.neuron, weights, plasticity: s.plasticity });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
  return { teacher, train, shape, weights, circuit, sim, attenuation: steadyStateAttenuation(s.neuron, shape.depth) };
}
