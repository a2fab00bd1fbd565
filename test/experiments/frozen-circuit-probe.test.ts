import { describe, expect, it } from 'vitest';
import { steadyStateAttenuation } from '../../src/neurons/attenuation.ts';
import { FeedforwardNetwork } from '../../src/baselines/feedforward-network.ts';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { probeFrozenCircuit } from '../../src/experiments/frozen-circuit-probe.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';

const dims = [4, 6, 3];
const protocol = { tPattern: 60, outputLag: 30, dt: 0.1, trialLength: 20 };
const rng = new Random(5, 'probe inputs');
const inputs = Float64Array.from({ length: 5 * 4 }, () => rng.uniform());

describe('probeFrozenCircuit', () => {
  it('leaves a noisy, plastic learner untouched and gives the same numbers every time', () => {
    const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 3);
    const learner = new Microcircuit({
      dims,
      neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.3 },
      weights,
      plasticity: { tauW: 30, learningLag: 0, eta: { up: [0.1, 0.1], ip: [0.1], pi: [0.1], down: [0] } },
    });
    learner.state[0] = 0.7;
    const before = learner.state.slice();
    const a = probeFrozenCircuit(learner, inputs, protocol);
    expect(learner.state).toEqual(before);
    expect(probeFrozenCircuit(learner, inputs, protocol)).toEqual(a);
    expect(a.representation.shape).toEqual([5, 6]);
    expect(a.trajectories.shape).toEqual([5, 20, 6]);
    expect(a.outputs.length).toBe(5 * 3);
  });

  it('with the apical input silent, settles on the feed-forward map; each trial starts from the previous probe’s state', () => {
    const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 4);
    weights.down[0].data.fill(0);
    weights.pi[0].data.fill(0); // v_A = 0: u_1 → c_hid·W^up_1·r, u_2 → c_out·W^up_2·φ(u_1)
    const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights });
    const probe = probeFrozenCircuit(circuit, inputs, protocol);
    const net = new FeedforwardNetwork({ dims, phi: PAPER_NEURON_PARAMETERS.phi, attenuation: steadyStateAttenuation(PAPER_NEURON_PARAMETERS, 2), rule: 'backprop' }, weights.up);
    const hidden = new Float64Array(6);
    const out = new Float64Array(3);
    const traj = probe.trajectories.data;
    const settled = probe.representation.data;
    // Window means keep the tail of the τ_0 relaxation, ≈ (τ_0/30 ms)·e^(−30/τ_0)·|Δ| ≈ 5e-6·|Δ|.
    for (let k = 0; k < 5; k++) {
      const r = inputs.subarray(4 * k, 4 * k + 4);
      net.hidden(1, r, hidden);
      net.forward(r, out);
      for (let i = 0; i < 6; i++) expect(Math.abs(settled[6 * k + i] - hidden[i])).toBeLessThan(1e-4);
      for (let i = 0; i < 3; i++) expect(Math.abs(probe.outputs[3 * k + i] - out[i])).toBeLessThan(1e-4);
      // sample 0 of trial k is the settled state of probe k − 1 (of the last probe for k = 0)
      const previous = (k + 4) % 5;
      for (let i = 0; i < 6; i++) expect(Math.abs(traj[k * 20 * 6 + i] - settled[previous * 6 + i])).toBeLessThan(1e-4);
    }
    // the trajectories really move between the two settled states
    const moved = Math.max(...Array.from(traj.subarray(0, 20 * 6), (x, j) => Math.abs(x - traj[j % 6])));
    expect(moved).toBeGreaterThan(1e-2);
  });
});
