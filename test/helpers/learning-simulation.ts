import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { PAPER_REGRESSION_PLASTICITY } from '../../src/plasticity/plasticity-config.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/**
 * A 30-50-10 microcircuit that learns while it runs, for the live view's tests: uniform weights
 * (±0.5, weight seed 1) in the self-predicting state, the paper's neurons with somatic noise 0.1
 * and its regression plasticity, forward Euler at dt = 0.1 ms, noise seed `seed`.
 */
export function learningSimulation(seed: number): Simulation<Microcircuit> {
  const dims = [30, 50, 10];
  const shape = new CircuitShape(dims);
  const weights = initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
  setSelfPredicting(shape, weights, PAPER_NEURON_PARAMETERS);
  const circuit = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights, plasticity: PAPER_REGRESSION_PLASTICITY });
  return new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
}
