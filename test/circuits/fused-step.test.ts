import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import type { RateFunctionSpec } from '../../src/neurons/rate-function.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/** Every matrix plastic, the top-down ones too, so that every error kind runs. */
function allPlastic(depth: number): PlasticityConfig {
  const h = depth - 1;
  return { tauW: 30, learningLag: 0, eta: { up: Array.from({ length: depth }, (_, k) => 0.002 + 0.001 * k), ip: new Array(h).fill(0.0015), pi: new Array(h).fill(0.006), down: new Array(h).fill(0.001) } };
}

/**
 * 30 patterns of 4.05 ms (so steps are cut at pattern ends) with learning, noise, targets that
 * come and go, averaging and plasticity gates switching and one change of a learning rate; returns the final state and noise stream.
 */
function run(dims: number[], phi: RateFunctionSpec, method: 'euler' | 'expEuler', kernels: 'wasm' | 'js', fusedStep: boolean) {
  const shape = new CircuitShape(dims);
  const circuit = new Microcircuit({
    dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2, phi },
    weights: initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 3),
    plasticity: allPlastic(shape.depth),
    kernels,
    fusedStep,
  });
  const sim = new Simulation(circuit, createIntegrator({ method, dt: 0.1 }), { seed: 7 });
  const rng = new Random(11, 'patterns');
  for (let k = 0; k < 30; k++) {
    circuit.setInput(Array.from({ length: shape.inputSize }, () => rng.uniform()));
    circuit.setTarget(k % 3 === 2 ? null : Array.from({ length: shape.outputSize }, () => rng.uniformIn(-1, 1)));
    circuit.setAveraging(k % 2 === 0);
    circuit.setPlasticity(k % 5 !== 4);
    if (k === 10) circuit.plasticity!.setLearningRate('up', 0, 0.004); // a schedule's change reaches the fused step
    sim.advanceTo(sim.t + 4.05);
  }
  return { state: Array.from(circuit.state), noise: sim.rng.getState(), fused: circuit.hasFusedStep };
}

const SOFTPLUS: RateFunctionSpec = { kind: 'softplus', gamma: 1.2, beta: 0.9, theta: 0.3 };

describe('the fused step (src/circuits/fused-step.ts)', () => {
  it.each([
    ['30-50-10, softplus, Euler', [30, 50, 10], SOFTPLUS, 'euler'],
    ['30-50-10, softplus, exponential Euler', [30, 50, 10], SOFTPLUS, 'expEuler'],
    ['5-7-6-3, logistic, Euler', [5, 7, 6, 3], { kind: 'logistic' }, 'euler'],
    ['5-7-6-3, relu, exponential Euler', [5, 7, 6, 3], { kind: 'relu' }, 'expEuler'],
    ['5-7-3, linear, Euler', [5, 7, 3], { kind: 'linear' }, 'euler'],
  ] as const)('gives the bits of the separate calls and of the JavaScript kernels: %s', (_name, dims, phi, method) => {
    const fused = run([...dims], phi, method, 'wasm', true);
    const separate = run([...dims], phi, method, 'wasm', false);
    const js = run([...dims], phi, method, 'js', false);
    expect(fused.fused).toBe(true);
    expect(separate.fused).toBe(false);
    expect(fused.state.every(Number.isFinite)).toBe(true);
    expect(fused.state).toEqual(separate.state);
    expect(fused.noise).toEqual(separate.noise);
    expect(fused.state).toEqual(js.state);
  });

  it('is not used for tanh (no exact port of Math.tanh), nor with a plasticity window, nor with the JavaScript kernels', () => {
    const shape = new CircuitShape([3, 4, 2]);
    const weights = initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
    const make = (phi: RateFunctionSpec, extra: object) => new Microcircuit({ dims: [3, 4, 2], neuron: { ...PAPER_NEURON_PARAMETERS, phi }, weights, plasticity: allPlastic(2), ...extra });
    expect(make({ kind: 'tanh' }, {}).hasFusedStep).toBe(false);
    expect(make(SOFTPLUS, { plasticityWindow: 4 }).hasFusedStep).toBe(false);
    expect(make(SOFTPLUS, { kernels: 'js' }).hasFusedStep).toBe(false);
    expect(make(SOFTPLUS, {}).hasFusedStep).toBe(true);
  });
});
