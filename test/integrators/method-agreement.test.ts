import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/**
 * A 30-50-10 circuit with fixed random weights U(−0.5, 0.5) (at U(−1, 1) the loop through W^down
 * and W^PI of this seed grows without bound, as docs/references.md reports for the reference), no noise, six patterns of 100 ms (targets
 * on three of them), mean outputs over [30, 100) ms. Bounds:
 * - odex at rtol = atol = 1e-10 is the reference (its own error is ~1e-9 or below);
 * - RK4 at dt 0.1 ms: fourth order; its local error on the fastest soma (g = 1.9/ms) is
 *   ~(g·dt)⁵/120 ≈ 2e-7 of the transient, which is ~0 once each pattern has settled, and the
 *   means are taken after 30 ms — measured 2e-11, bound 1e-8;
 * - Euler at dt 0.1 ms: first order, so by Richardson extrapolation its error is ≈ 2·|E(0.1) − E(0.05)|
 *   per output; the bound is 2.5× that difference (25 % margin for the O(dt²) remainder) and,
 *   in absolute terms, 1 % of the output range.
 */
const dims = [30, 50, 10];
const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 21);
const rng = new Random(4, 'agreement');
const patterns = Array.from({ length: 6 }, (_, p) => ({
  input: Array.from({ length: 30 }, () => rng.uniform()),
  target: p % 2 === 0 ? Array.from({ length: 10 }, () => rng.uniformIn(-1, 1)) : null,
}));

function meanOutputs(spec: IntegratorSpec): number[][] {
  const c = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights });
  const sim = new Simulation(c, createIntegrator(spec), { seed: 1 });
  return sim.run(patterns, { tPattern: 100, outputLag: 30 }).map((o) => Array.from(o));
}

describe('Euler, RK4 and odex on a 30-50-10 circuit', () => {
  const odex = meanOutputs({ method: 'odex', rtol: 1e-10, atol: 1e-10, maxDt: 0 });
  const rk4 = meanOutputs({ method: 'rk4', dt: 0.1 });
  const euler = meanOutputs({ method: 'euler', dt: 0.1 });
  const eulerHalf = meanOutputs({ method: 'euler', dt: 0.05 });
  const range = Math.max(...odex.flat()) - Math.min(...odex.flat());

  it('RK4 agrees with odex to 1e-8', () => {
    const worst = Math.max(...rk4.flatMap((row, p) => row.map((x, i) => Math.abs(x - odex[p][i]))));
    expect(range).toBeGreaterThan(0.1); // the outputs are not trivially small
    expect(worst).toBeLessThan(1e-8);
  });

  it('Euler at dt 0.1 ms agrees with odex within its Richardson error estimate', () => {
    euler.forEach((row, p) =>
      row.forEach((x, i) => {
        const estimate = 2 * Math.abs(x - eulerHalf[p][i]);
        expect(Math.abs(x - odex[p][i])).toBeLessThanOrEqual(1.25 * estimate + 1e-9);
      }),
    );
    const worst = Math.max(...euler.flatMap((row, p) => row.map((x, i) => Math.abs(x - odex[p][i]))));
    expect(worst).toBeLessThan(0.01 * range);
  });
});
