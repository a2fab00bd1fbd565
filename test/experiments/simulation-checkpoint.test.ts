import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/circuits/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { checkpointSimulation, restoreSimulation } from '../../src/experiments/simulation-checkpoint.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

describe('simulation checkpoints', () => {
  const dims = [4, 5, 3];
  const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
  const build = () =>
    new Simulation(
      new Microcircuit({
        dims,
        neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2 },
        weights,
        plasticity: { tauW: 30, learningLag: 5, eta: { up: [0.01, 0.01], ip: [0.01], pi: [0.01], down: [0] } },
      }),
      createIntegrator({ method: 'euler', dt: 0.1 }),
      { seed: 4 },
    );
  const rng = new Random(7);
  const patterns = Array.from({ length: 6 }, () => ({
    input: Array.from({ length: 4 }, () => rng.uniform()),
    target: Array.from({ length: 3 }, () => rng.uniformIn(-1, 1)),
  }));
  const timing = { tPattern: 30, outputLag: 10 };

  it('lets a fresh simulation continue bit for bit as the original (noise and plasticity on)', () => {
    const original = build();
    original.run(patterns.slice(0, 3), timing);
    const checkpoint = checkpointSimulation(original);
    const tail = patterns.slice(3).map((p) => Array.from(original.present(p, timing).output));

    const branch = build();
    restoreSimulation(branch, checkpoint);
    expect(patterns.slice(3).map((p) => Array.from(branch.present(p, timing).output))).toEqual(tail);
    expect(branch.circuit.state).toEqual(original.circuit.state);
    expect([branch.t, branch.patternCount]).toEqual([original.t, original.patternCount]);
    // The checkpoint is a copy: running on did not change it.
    expect(checkpoint.state).not.toEqual(original.circuit.state);
  });

  it('rejects a checkpoint of another circuit', () => {
    const other = new Simulation(new Microcircuit({ dims: [4, 6, 3], neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape([4, 6, 3]), { up: 1, down: 1, ip: 1, pi: 1 }, 1) }), createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
    expect(() => restoreSimulation(build(), checkpointSimulation(other))).toThrow(/checkpoint\.state/);
  });
});
