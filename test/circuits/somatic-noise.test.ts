import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS, type NoiseScaling } from '../../src/neurons/neuron-parameters.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/**
 * With all weights zero every dendrite is silent and each pyramidal soma is an independent
 * Ornstein–Uhlenbeck process du = −g·u dt + s·dW, whose stationary variance is s²/(2g):
 * g = g_lk + g_B + g_A for hidden cells, g_lk + g_B for output cells without a target, and
 * s = σ for the √dt convention, s = σ·√dt for the dt convention (a step adds σ·dt·N(0,1)).
 *
 * Estimate: the variance over 40 hidden and 10 output somata, sampled every 1 ms for 4,000 ms
 * after a 20 ms burn-in. Samples 1 ms apart are correlated by e^{−g} ≈ 0.15 (hidden) and 0.33
 * (output), so each soma gives ≳ 2,000 effective samples and the pooled relative standard error
 * is ≈ √(2/(40·2000)) ≈ 0.5 % (hidden) and 1 % (output): the 5 % bound is ≥ 5 standard errors.
 * Forward Euler's own bias, 1/(1 − g·dt/2) − 1, is 1 % at dt = 0.01 ms; exponential Euler's is 0.
 */
const sigma = 0.3;
const dims = [2, 40, 10];

function stationaryVariance(spec: IntegratorSpec, scaling: NoiseScaling): { hidden: number; output: number } {
  const weights = initUniformWeights(new CircuitShape(dims), { up: 0, down: 0, ip: 0, pi: 0 }, 1);
  const c = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: sigma, noiseScaling: scaling }, weights });
  const sim = new Simulation(c, createIntegrator(spec), { seed: 3 });
  c.setInput([0, 0]);
  c.setTarget(null);
  sim.advanceTo(20);
  const L = c.layout;
  let hidden = 0;
  let output = 0;
  let count = 0;
  for (let t = 21; t <= 4020; t++) {
    sim.advanceTo(t);
    for (let i = 0; i < 40; i++) hidden += c.state[L.pyramidal[0].offset + i] ** 2;
    for (let i = 0; i < 10; i++) output += c.state[L.pyramidal[1].offset + i] ** 2;
    count++;
  }
  return { hidden: hidden / (40 * count), output: output / (10 * count) };
}

const p = PAPER_NEURON_PARAMETERS;
const gHidden = p.gl + p.gb + p.ga;
const gOutput = p.gl + p.gb;

describe.each([
  { scaling: 'sqrt-dt' as const, spec: { method: 'euler', dt: 0.01 } as const },
  { scaling: 'dt' as const, spec: { method: 'euler', dt: 0.01 } as const },
  { scaling: 'sqrt-dt' as const, spec: { method: 'expEuler', dt: 0.1 } as const },
  { scaling: 'dt' as const, spec: { method: 'expEuler', dt: 0.1 } as const },
])('somatic noise, $scaling convention, $spec.method dt $spec.dt', ({ scaling, spec }) => {
  it('has the Ornstein–Uhlenbeck stationary variance s²/(2g) within 5 %', () => {
    const s2 = scaling === 'sqrt-dt' ? sigma ** 2 : sigma ** 2 * spec.dt;
    const v = stationaryVariance(spec, scaling);
    expect(v.hidden / (s2 / (2 * gHidden))).toBeGreaterThan(0.95);
    expect(v.hidden / (s2 / (2 * gHidden))).toBeLessThan(1.05);
    expect(v.output / (s2 / (2 * gOutput))).toBeGreaterThan(0.95);
    expect(v.output / (s2 / (2 * gOutput))).toBeLessThan(1.05);
  });
});

describe('noise reproducibility', () => {
  it('gives bit-identical runs for the same seed and different ones for another', () => {
    const run = (seed: number) => {
      const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1);
      const c = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights });
      const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
      sim.run([{ input: [0.5, 0.2], target: null }], { tPattern: 50, outputLag: 10 });
      return c.state.slice();
    };
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });
});
