import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/**
 * A 1-1-1 circuit with linear φ (rates = potentials), g_lk 0.1, g_B 1, g_A 0.8, g_D 1, g_som 0.8,
 * W^up = 2 and 3, W^down = 1, W^IP = 0.5, W^PI = −0.25, somata u_1 = 1.2, u_2 = 0.5, u^I = 0.7,
 * filtered input r_0 = 0.4. By hand (docs/model.md):
 *   v_B,1 = 2·0.4 = 0.8        v_B,2 = 3·1.2 = 3.6        v_I = 0.5·1.2 = 0.6
 *   v_A = 1·0.5 − 0.25·0.7 = 0.325
 *   W^up_1:  e = 1.2 − 0.8/1.9 = 0.778947…,  p = 0.4  → e·p = +0.311578…  (soma above prediction: grow)
 *   W^up_2:  e = 0.5 − 3.6/1.1 = −2.772727…, p = 1.2  → e·p = −3.327272…  (soma below prediction: shrink)
 *   W^IP:    e = 0.7 − 0.6/1.1 = 0.154545…,  p = 1.2  → e·p = +0.185454…
 *   W^PI:    e = −0.325,                      p = 0.7  → e·p = −0.2275      (cancels the apical potential)
 *   W^down:  e = 1.2 − 1·0.5 = 0.7,           p = 0.5  → e·p = +0.35
 */
const handInduction = { up1: 0.4 * (1.2 - 0.8 / 1.9), up2: 1.2 * (0.5 - 3.6 / 1.1), ip: 1.2 * (0.7 - 0.6 / 1.1), pi: -0.2275, down: 0.35 };

const linear: NeuronParameters = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'linear' } };
const eta = { up: [0.5, 0.25], ip: [0.2], pi: [0.4], down: [0.1] };

function tinyCircuit(): Microcircuit {
  const m = (x: number) => ({ rows: 1, cols: 1, data: Float64Array.of(x) });
  const c = new Microcircuit({
    dims: [1, 1, 1],
    neuron: linear,
    weights: { up: [m(2), m(3)], down: [m(1)], ip: [m(0.5)], pi: [m(-0.25)] },
    plasticity: { tauW: 30, learningLag: 0, eta },
  });
  const L = c.layout;
  c.state[L.pyramidal[0].offset] = 1.2;
  c.state[L.pyramidal[1].offset] = 0.5;
  c.state[L.interneuron[0].offset] = 0.7;
  c.state[L.input.offset] = 0.4;
  c.setInput([0.4]);
  c.setTarget(null);
  c.setPlasticity(true);
  return c;
}

describe('dendritic plasticity rules', () => {
  it('move each trace by dt/τ_w·e·p and each weight by dt·η·Δ, with the hand-computed sign and size', () => {
    const c = tinyCircuit();
    const slot = (conn: 'up' | 'ip' | 'pi' | 'down', i: number) => c.layout.slot(conn, i)!;
    const trace0 = 0.03;
    for (const s of c.layout.plastic) c.state[s.trace] = trace0;
    const eulerStep = (circuit: Microcircuit) => createIntegrator({ method: 'euler', dt: 0.1 }).advance(circuit, circuit.state, 0, 0.1, new Random(1), null);
    eulerStep(c);
    const expected = [
      [slot('up', 0), handInduction.up1, eta.up[0], 2],
      [slot('up', 1), handInduction.up2, eta.up[1], 3],
      [slot('ip', 0), handInduction.ip, eta.ip[0], 0.5],
      [slot('pi', 0), handInduction.pi, eta.pi[0], -0.25],
      [slot('down', 0), handInduction.down, eta.down[0], 1],
    ] as const;
    for (const [s, ep, rate, w0] of expected) {
      expect(c.state[s.trace]).toBeCloseTo(trace0 + (0.1 / 30) * (ep - trace0), 14);
      expect(c.state[s.weight]).toBeCloseTo(w0 + 0.1 * rate * trace0, 14);
    }
    // From a zero trace the first step moves only the trace, in the direction of the induction.
    const fresh = tinyCircuit();
    eulerStep(fresh);
    expect(Math.sign(fresh.state[slot('up', 0).trace])).toBe(1);
    expect(Math.sign(fresh.state[slot('up', 1).trace])).toBe(-1);
    expect(Math.sign(fresh.state[slot('pi', 0).trace])).toBe(-1);
    expect(fresh.state[slot('up', 0).weight]).toBe(2);
  });

  it('leave a self-predicting circuit without target and noise where it is (no weight drift)', () => {
    const dims = [6, 9, 7, 4];
    const shape = new CircuitShape(dims);
    const plasticity: PlasticityConfig = { tauW: 30, learningLag: 0, eta: { up: [0.01, 0.01, 0.01], ip: [0.01, 0.01], pi: [0.01, 0.01], down: [0, 0] } };
    const drift = (selfPredicting: boolean) => {
      const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 4);
      if (selfPredicting) setSelfPredicting(shape, weights, PAPER_NEURON_PARAMETERS);
      const c = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights, plasticity });
      const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
      const input = [0.1, 0.9, 0.4, 0.6, 0.2, 0.8];
      // Settle for 300 ms with learning off, then learn for 500 ms on the same input.
      sim.run([{ input, target: null, learn: false }, { input, target: null }], { tPattern: 300, outputLag: 0 });
      let worst = 0;
      for (const s of c.layout.plastic) {
        const c0 = s.connection;
        for (let i = 0; i < s.rows * s.cols; i++) worst = Math.max(worst, Math.abs(c.state[s.weight + i] - weights[c0][s.index].data[i]));
      }
      return worst;
    };
    expect(drift(false)).toBeGreaterThan(1e-4); // away from the self-predicting state the weights move
    expect(drift(true)).toBeLessThan(1e-13);
  });
});
