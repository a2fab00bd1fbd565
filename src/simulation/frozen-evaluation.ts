import { ignoreStreamError } from '../streams/ignore-stream-error.ts';
import type { CircuitShape } from '../anatomy/circuit-shape.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import { createIntegrator, type IntegratorSpec } from '../integrators/create-integrator.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import { Simulation, type PatternTiming } from './simulation.ts';

/**
 * Evaluates a learning circuit without disturbing it: a separate circuit of the same shape, with
 * plasticity off and no noise, takes a copy of the weights and is shown the evaluation inputs one
 * after another (no target), from rest, with the filters starting at the first input — as a
 * validation block is shown in the public reference code. Returns the mean output potentials of
 * each pattern over [outputLag, tPattern).
 */
export class FrozenEvaluator {
  private readonly circuit: Microcircuit;
  private readonly integrator: IntegratorSpec;

  constructor(
    readonly shape: CircuitShape,
    neuron: NeuronParameters,
    readonly timing: PatternTiming,
    options: { readonly tau0?: number; readonly integrator?: IntegratorSpec; readonly initialWeights: WeightSet },
  ) {
    this.circuit = new Microcircuit({ dims: shape.dims, neuron: { ...neuron, noise: 0 }, weights: options.initialWeights, tau0: options.tau0 });
    this.integrator = options.integrator ?? { method: 'euler', dt: 0.1 };
  }

  /**
   * Mean outputs (n × n_N, row-major) for n inputs (n × n_0, row-major) under the given weights.
   * `onProgress`, when given, hears the patterns done so far (fractions included) every
   * `progressEvery` simulated ms, so that a long evaluation shows progress within a pattern.
   */
  outputs(weights: WeightSet, inputs: Float64Array, n: number, onProgress?: (patternsDone: number) => void, progressEvery = 10): Float64Array {
    const c = this.circuit;
    c.setWeights(weights);
    // a direct write is safe here: this circuit is float64 without plasticity, so no float32 copy can go stale
    c.state.fill(0);
    const nIn = this.shape.inputSize;
    const nOut = this.shape.outputSize;
    const sim = new Simulation(c, createIntegrator(this.integrator), { seed: 0 });
    // Frames only sample the state: the integration, and so the outputs, are the same with or without them.
    if (onProgress !== undefined) sim.frames(progressEvery).subscribe({ next: (frame) => onProgress(frame.t / this.timing.tPattern), error: ignoreStreamError });
    const patterns = Array.from({ length: n }, (_, p) => ({ input: inputs.subarray(p * nIn, (p + 1) * nIn), target: null, learn: false }));
    const result = new Float64Array(n * nOut);
    sim.run(patterns, this.timing).forEach((o, p) => result.set(o, p * nOut));
    return result;
  }

  /** Mean squared error of the output potentials against targets (n × n_N), over all entries. */
  mse(weights: WeightSet, inputs: Float64Array, targets: Float64Array, n: number): number {
    const out = this.outputs(weights, inputs, n);
    let s = 0;
    for (let i = 0; i < out.length; i++) s += (out[i] - targets[i]) ** 2;
    return s / out.length;
  }
}
