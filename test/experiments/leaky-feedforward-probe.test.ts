import { describe, expect, it } from 'vitest';
import { steadyStateAttenuation } from '../../src/neurons/attenuation.ts';
import { FeedforwardNetwork } from '../../src/baselines/feedforward-network.ts';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { probeFrozenCircuit } from '../../src/experiments/frozen-circuit-probe.ts';
import { probeLeakyFeedforward } from '../../src/experiments/leaky-feedforward-probe.ts';
import { PAPER_NEURON_PARAMETERS as neuron } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';

const dims = [4, 6, 3];
const protocol = { tPattern: 60, outputLag: 30, dt: 0.1, trialLength: 20 };
const rng = new Random(6, 'probe inputs');
const inputs = Float64Array.from({ length: 5 * 4 }, () => rng.uniform());
const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 7);
const net = new FeedforwardNetwork({ dims, phi: neuron.phi, attenuation: steadyStateAttenuation(neuron, 2), rule: 'backprop' }, weights.up);
const dynamics = { tau: 1 / (neuron.gl + neuron.gb + neuron.ga), tau0: 3 };

describe('probeLeakyFeedforward', () => {
  it('integrates τ_0·dr̄/dt = r − r̄, τ·du/dt = −u + c·W·r̄ by forward Euler, settling on hidden(1, r)', () => {
    const probe = probeLeakyFeedforward(net, inputs, protocol, dynamics);
    // The plain scheme: r̄ filtered, c·W·r̄ recomputed every step.
    const rBar = Float64Array.from(inputs.subarray(16, 20));
    const u = new Float64Array(6);
    net.hidden(1, rBar, u);
    const drive = new Float64Array(6);
    let worst = 0;
    for (let k = 0; k < 5; k++) {
      const r = inputs.subarray(4 * k, 4 * k + 4);
      const settled = new Float64Array(6);
      net.hidden(1, r, settled);
      expect(Array.from(probe.representation.data.subarray(6 * k, 6 * k + 6))).toEqual(Array.from(settled));
      for (let step = 0; step < 600; step++) {
        if (step % 10 === 0 && step < 200) {
          for (let i = 0; i < 6; i++) worst = Math.max(worst, Math.abs(probe.trajectories.data[(k * 20 + step / 10) * 6 + i] - u[i]));
        }
        net.hidden(1, rBar, drive);
        for (let i = 0; i < 6; i++) u[i] += (0.1 / dynamics.tau) * (drive[i] - u[i]);
        for (let i = 0; i < 4; i++) rBar[i] += (0.1 / 3) * (r[i] - rBar[i]);
      }
      for (let i = 0; i < 6; i++) expect(Math.abs(u[i] - settled[i])).toBeLessThan(1e-6);
    }
    expect(worst).toBeLessThan(1e-12);
  });

  it('equals the frozen microcircuit whose apical input is silent (same soma, same filter, same steps)', () => {
    const silent = { ...weights, down: [{ ...weights.down[0], data: new Float64Array(6 * 3) }], pi: [{ ...weights.pi[0], data: new Float64Array(6 * 3) }] };
    const micro = probeFrozenCircuit(new Microcircuit({ dims, neuron, weights: silent, tau0: 3 }), inputs, protocol);
    const leaky = probeLeakyFeedforward(net, inputs, protocol, dynamics);
    const diff = Math.max(...Array.from(micro.trajectories.data, (x, j) => Math.abs(x - leaky.trajectories.data[j])));
    expect(diff).toBeLessThan(1e-9);
    // outputs: the microcircuit's window mean keeps the tail of the τ_0 relaxation, backprop's is the fixed point
    for (let j = 0; j < leaky.outputs.length; j++) expect(Math.abs(micro.outputs[j] - leaky.outputs[j])).toBeLessThan(1e-4);
  });
});
