import { describe, expect, it } from 'vitest';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { HiddenPyramidalPopulation } from '../../src/neurons/hidden-pyramidal.ts';
import { InterneuronPopulation } from '../../src/neurons/interneuron.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { OutputPyramidalPopulation } from '../../src/neurons/output-pyramidal.ts';
import { Random } from '../../src/random/random.ts';
import { convergenceOrder, SinglePopulationSystem } from '../helpers/single-population-system.ts';

/**
 * Each soma with constant dendritic potentials is linear, du/dt = drive − g·u, with the exact
 * solution u(t) = u∞ + (u₀ − u∞)·e^{−g t}. The global error at T = 1 ms (about 1/g, where the
 * transient and so the error are largest) over step sizes 0.1…0.0125 ms gives the order of each
 * method as a log–log slope.
 */
const p = PAPER_NEURON_PARAMETERS;
const n = 4;
const vB = Float64Array.from([0.7, -1.2, 2.5, 0.1]);
const vA = Float64Array.from([-0.4, 0.9, 0.3, -2.0]);
const vI = Float64Array.from([1.1, -0.2, 0.6, 0.05]);
const teacher = Float64Array.from([0.5, 1.5, -0.8, 0.2]); // u_{k+1} seen by the interneurons
const target = Float64Array.from([0.3, -0.6, 1.4, 0.9]);
const u0 = Float64Array.from([0.2, 0.0, -1.0, 3.0]);
const T = 1;
const dts = [0.1, 0.05, 0.025, 0.0125];

interface Case {
  name: string;
  system: () => SinglePopulationSystem;
  steady: (i: number) => number;
  rate: number;
}

const hidden = new HiddenPyramidalPopulation(n, p);
const output = new OutputPyramidalPopulation(n, p);
const inter = new InterneuronPopulation(n, p);

const cases: Case[] = [
  {
    name: 'hidden pyramidal soma',
    system: () => new SinglePopulationSystem(n, (u, du) => hidden.somaDerivative(u, 0, vB, vA, du, 0), hidden.decayRate),
    steady: (i) => (p.gb * vB[i] + p.ga * vA[i]) / (p.gl + p.gb + p.ga),
    rate: p.gl + p.gb + p.ga,
  },
  {
    name: 'nudged output pyramidal soma',
    system: () => new SinglePopulationSystem(n, (u, du) => output.somaDerivative(u, 0, vB, true, target, 0, du, 0), output.decayRate(true)),
    steady: (i) => (p.gb * vB[i] + p.gsom * target[i]) / (p.gl + p.gb + p.gsom),
    rate: p.gl + p.gb + p.gsom,
  },
  {
    name: 'interneuron soma',
    system: () => new SinglePopulationSystem(n, (u, du) => inter.somaDerivative(u, 0, vI, teacher, 0, du, 0), inter.decayRate),
    steady: (i) => (p.gd * vI[i] + p.gsom * teacher[i]) / (p.gl + p.gd + p.gsom),
    rate: p.gl + p.gd + p.gsom,
  },
];

function exact(c: Case, t: number): Float64Array {
  return Float64Array.from(u0, (x, i) => c.steady(i) + (x - c.steady(i)) * Math.exp(-c.rate * t));
}

function globalError(c: Case, spec: Parameters<typeof createIntegrator>[0]): number {
  const system = c.system();
  const y = Float64Array.from(u0);
  createIntegrator(spec).advance(system, y, 0, T, new Random(1), null);
  const ref = exact(c, T);
  return Math.max(...Array.from(y, (v, i) => Math.abs(v - ref[i])));
}

describe.each(cases)('$name with constant dendrites', (c) => {
  it('has the steady state and rate of docs/model.md', () => {
    // The population's own steady-state formula and decay rate against the test's.
    const pop = c.name.startsWith('hidden') ? hidden : c.name.startsWith('nudged') ? output : inter;
    for (let i = 0; i < n; i++) {
      const s =
        pop === hidden ? hidden.steadyState(vB[i], vA[i]) : pop === output ? output.steadyState(vB[i], target[i]) : inter.steadyState(vI[i], teacher[i]);
      expect(s).toBeCloseTo(c.steady(i), 14);
    }
    // Long integration relaxes to the steady state.
    const y = Float64Array.from(u0);
    createIntegrator({ method: 'rk4', dt: 0.05 }).advance(c.system(), y, 0, 40, new Random(1), null);
    for (let i = 0; i < n; i++) expect(Math.abs(y[i] - c.steady(i))).toBeLessThan(1e-12);
  });

  it('converges with order ≈ 1 under forward Euler', () => {
    const errors = dts.map((dt) => globalError(c, { method: 'euler', dt }));
    const order = convergenceOrder(dts, errors);
    expect(order).toBeGreaterThan(0.9);
    expect(order).toBeLessThan(1.15);
  });

  it('converges with order ≈ 4 under RK4', () => {
    const errors = dts.map((dt) => globalError(c, { method: 'rk4', dt }));
    const order = convergenceOrder(dts, errors);
    expect(order).toBeGreaterThan(3.8);
    expect(order).toBeLessThan(4.3);
  });

  it('is exact (to rounding) under exponential Euler, for any step', () => {
    for (const dt of dts) expect(globalError(c, { method: 'expEuler', dt })).toBeLessThan(1e-13);
  });

  it('stays within its tolerance under odex', () => {
    for (const tol of [1e-6, 1e-9]) {
      const err = globalError(c, { method: 'odex', rtol: tol, atol: tol, maxDt: 0 });
      // Global error of an extrapolation method stays within a small multiple of the local tolerance.
      expect(err).toBeLessThan(10 * tol);
    }
  });
});
