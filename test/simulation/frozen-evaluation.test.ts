import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { cloneWeights } from '../../src/anatomy/weight-set.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { FrozenEvaluator } from '../../src/simulation/frozen-evaluation.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

describe('FrozenEvaluator', () => {
  const dims = [4, 6, 3];
  const shape = new CircuitShape(dims);
  const timing = { tPattern: 40, outputLag: 10 };
  const rng = new Random(2);
  const inputs = Float64Array.from({ length: 5 * 4 }, () => rng.uniform());

  it('equals a noiseless run of the same weights without plasticity, and leaves the learner untouched', () => {
    const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 3);
    const learner = new Microcircuit({
      dims,
      neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 },
      weights,
      plasticity: { tauW: 30, learningLag: 0, eta: { up: [0.1, 0.1], ip: [0.1], pi: [0.1], down: [0] } },
    });
    const before = learner.state.slice();
    const evaluator = new FrozenEvaluator(shape, PAPER_NEURON_PARAMETERS, timing, { initialWeights: weights });
    const out = evaluator.outputs(learner.weights(), inputs, 5);
    expect(learner.state).toEqual(before);

    const plain = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: cloneWeights(weights) });
    const sim = new Simulation(plain, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 0 });
    const expected = sim.run(
      Array.from({ length: 5 }, (_, p) => ({ input: inputs.subarray(4 * p, 4 * p + 4), target: null })),
      timing,
    );
    expect(Array.from(out)).toEqual(expected.flatMap((o) => Array.from(o)));
    // Evaluating twice gives the same numbers (it starts from rest each time).
    expect(evaluator.outputs(learner.weights(), inputs, 5)).toEqual(out);
    const targets = out.map((x) => x + 0.5);
    expect(evaluator.mse(learner.weights(), inputs, targets, 5)).toBeCloseTo(0.25, 12);
  });

  it('reports the patterns done every progressEvery simulated ms, fractions included, with outputs bit for bit as without', () => {
    const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 3);
    const evaluator = new FrozenEvaluator(shape, PAPER_NEURON_PARAMETERS, timing, { initialWeights: weights });
    const heard: number[] = [];
    const out = evaluator.outputs(weights, inputs, 5, (done) => heard.push(done), 4);
    expect(out).toEqual(evaluator.outputs(weights, inputs, 5));
    // 5 patterns of 40 ms, a report every 4 ms from t = 0: k/10 patterns for k = 0 … 50 (to rounding of t)
    expect(heard).toHaveLength(51);
    heard.forEach((done, k) => expect(done).toBeCloseTo(k / 10, 9));
  });
});
