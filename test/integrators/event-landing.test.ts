import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import type { StepObserver } from '../../src/integrators/integrable-system.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { SinglePopulationSystem } from '../helpers/single-population-system.ts';

/**
 * A soma du/dt = b − g·u whose drive b switches from b₁ to b₂ at t_s. The exact solution is
 * piecewise exponential; an integrator that stepped across t_s instead of landing on it would
 * be off by up to (b₂ − b₁)/g·(1 − e^{−g·dt}) ≈ 0.17 here, far above each method's own error.
 */
const g = 1.9;
const b1 = 1.0;
const b2 = -2.0;
const tEnd = 45;

function exact(ts: number, t: number): number {
  const u1 = (b1 / g) * (1 - Math.exp(-g * Math.min(t, ts)));
  if (t <= ts) return u1;
  return b2 / g + (u1 - b2 / g) * Math.exp(-g * (t - ts));
}

function runWithSwitch(spec: IntegratorSpec, ts: number, probeAt: number) {
  let drive = b1;
  const system = new SinglePopulationSystem(1, (u, du) => (du[0] = drive - g * u[0]), g);
  const integrator = createIntegrator(spec);
  const y = new Float64Array(1);
  const rng = new Random(1);
  const seen: number[] = [];
  const observer: StepObserver = {
    nextSampleTime: probeAt,
    sample(t) {
      seen.push(t);
      this.nextSampleTime = Infinity;
    },
  } as StepObserver & { nextSampleTime: number };
  integrator.advance(system, y, 0, ts, rng, observer);
  const atSwitch = y[0];
  drive = b2;
  integrator.advance(system, y, ts, tEnd, rng, null);
  return { atSwitch, final: y[0], seen, steps: integrator.stats.steps };
}

const methods: { spec: IntegratorSpec; tol: number }[] = [
  { spec: { method: 'euler', dt: 0.1 }, tol: 0.02 }, // first order: max error ≈ (b₂−b₁)/g·g·dt/2·e^{-1}
  { spec: { method: 'expEuler', dt: 0.1 }, tol: 1e-13 }, // exact for piecewise-constant drive
  { spec: { method: 'rk4', dt: 0.1 }, tol: 1e-6 }, // (g·dt)^5/120 per step, summed over the transient
  { spec: { method: 'odex', rtol: 1e-10, atol: 1e-10, maxDt: 0 }, tol: 1e-8 },
];

describe.each(methods)('$spec.method lands on a pattern switch', ({ spec, tol }) => {
  it.each([37.3, 37.33])('at t = %f ms with dt = 0.1 ms', (ts) => {
    const r = runWithSwitch(spec, ts, ts);
    // The segment ends exactly at the switch: the last sample is taken there, not a step later.
    expect(r.seen).toEqual([ts]);
    expect(Math.abs(r.atSwitch - exact(ts, ts))).toBeLessThan(tol);
    expect(Math.abs(r.final - exact(ts, tEnd))).toBeLessThan(tol);
    // A switch misplaced by one step would differ from the exact solution by far more than tol.
    const misplaced = Math.abs(exact(ts + 0.1, ts + 0.1) - exact(ts, ts + 0.1));
    expect(misplaced).toBeGreaterThan(10 * tol);
    if (spec.method !== 'odex') {
      // 0.1-ms steps up to the switch (the last one shortened off the grid), then to tEnd.
      const expected = Math.ceil(ts / 0.1 - 1e-9) + Math.ceil((tEnd - ts) / 0.1 - 1e-9);
      expect(r.steps).toBe(expected);
    }
  });
});

describe('Simulation events', () => {
  it('runs a scheduled pattern switch at exactly t = 37.3 ms under every method', () => {
    for (const spec of methods.map((m) => m.spec)) {
      const dims = [2, 3, 2];
      const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 2);
      const c = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights });
      const sim = new Simulation(c, createIntegrator(spec), { seed: 1 });
      c.setInput([0.2, 0.4]);
      const at: number[] = [];
      sim.schedule(37.3, () => {
        at.push(sim.t);
        c.setInput([0.9, 0.1]);
      });
      sim.advanceTo(50);
      expect(at).toEqual([37.3]);
      expect(sim.t).toBe(50);
    }
  });
});
