import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { checkStepStability, largestDecayRate, largestStepUsed, STABILITY_BOUND } from '../../src/experiment-file/stability-check.ts';
import { ExponentialEuler } from '../../src/integrators/exponential-euler.ts';
import { ForwardEuler } from '../../src/integrators/forward-euler.ts';
import { RungeKutta4 } from '../../src/integrators/runge-kutta4.ts';
import { Random } from '../../src/random/random.ts';
import { SinglePopulationSystem } from '../helpers/single-population-system.ts';

const paper = { gl: 0.1, gb: 1, ga: 0.8, gd: 1, gsom: 0.8, noise: 0, noiseScaling: 'sqrt-dt' as const, phi: { kind: 'softplus' as const, gamma: 1, beta: 1, theta: 0 } };

/** |y| after `steps` steps of length h of the real integrator on dy/dt = −a·y from y = 1. */
function decayAfter(integrator: ForwardEuler | RungeKutta4 | ExponentialEuler, a: number, steps: number): number {
  const system = new SinglePopulationSystem(1, (u, du) => (du[0] = -a * u[0]), a);
  const y = Float64Array.of(1);
  integrator.advance(system, y, 0, steps * integrator.dt, new Random(1, 't'), null);
  return Math.abs(y[0]);
}

describe('step stability bounds', () => {
  it('are where the stability function crosses 1 on the negative real axis', () => {
    // Euler: R(z) = 1 + z; RK4: R(z) = 1 + z + z²/2 + z³/6 + z⁴/24, evaluated here independently
    const rk4 = (z: number) => 1 + z + z ** 2 / 2 + z ** 3 / 6 + z ** 4 / 24;
    expect(1 - STABILITY_BOUND.euler).toBe(-1);
    expect(Math.abs(rk4(-STABILITY_BOUND.rk4))).toBeCloseTo(1, 12);
    expect(Math.abs(rk4(-STABILITY_BOUND.rk4 * 0.999))).toBeLessThan(1);
    expect(Math.abs(rk4(-STABILITY_BOUND.rk4 * 1.001))).toBeGreaterThan(1);
  });

  it('separate decay from growth for the real integrators (a = 1.9/ms, 200 steps)', () => {
    const a = 1.9;
    for (const [Method, bound] of [[ForwardEuler, 2 / a], [RungeKutta4, STABILITY_BOUND.rk4 / a]] as const) {
      expect(decayAfter(new Method(0.98 * bound), a, 200)).toBeLessThan(1);
      expect(decayAfter(new Method(1.02 * bound), a, 200)).toBeGreaterThan(1);
    }
    // exponential Euler is exact for the decay: e^{−a·h·steps} at any step
    expect(decayAfter(new ExponentialEuler(3), a, 10)).toBeCloseTo(Math.exp(-a * 30), 20);
  });

  it('the fastest decay of the paper\'s neurons is 1.9/ms; filters and traces count too', () => {
    expect(largestDecayRate(paper, 3, 30)).toBeCloseTo(1.9, 14);
    expect(largestDecayRate(paper, 0.1, null)).toBe(10);
    expect(largestDecayRate({ ...paper, gsom: 5 }, 3, null)).toBeCloseTo(6.1, 14);
  });

  it('the step taken is dt, or the largest spacing of a pattern\'s events when that is shorter', () => {
    expect(largestStepUsed(0.1, 20, [5, 0])).toBe(0.1);
    expect(largestStepUsed(25, 20, [5, 0])).toBe(15);
    expect(largestStepUsed(25, 20, [0, 0])).toBe(20);
    expect(largestStepUsed(8, 20, [5, 12])).toBe(8);
  });

  it('refuses Euler and RK4 beyond the bound naming it, and never refuses expEuler or odex', () => {
    const message = (f: () => void) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(InputError);
        return (e as Error).message;
      }
      return null;
    };
    expect(message(() => checkStepStability({ method: 'euler', dt: 1.05 }, 1.05, 1.9))).toBeNull();
    expect(message(() => checkStepStability({ method: 'euler', dt: 1.06 }, 1.06, 1.9))).toMatch(/^integrator\.dt: 1\.06 ms is beyond forward Euler's stability bound 2\/a_max = 1\.053 ms/);
    expect(message(() => checkStepStability({ method: 'rk4', dt: 1.47 }, 1.47, 1.9))).toMatch(/RK4's stability bound 2\.785\/a_max = 1\.466 ms/);
    expect(message(() => checkStepStability({ method: 'expEuler', dt: 100 }, 100, 1.9))).toBeNull();
    expect(message(() => checkStepStability({ method: 'odex', rtol: 1e-6, atol: 1e-8, maxDt: 0 }, 100, 1.9))).toBeNull();
  });
});
