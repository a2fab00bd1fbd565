import { describe, expect, it } from 'vitest';
import { RunFailure } from '../../src/core/run-failure.ts';
import { ODEX_MAX_STEPS_PER_SEGMENT, OdexIntegrator } from '../../src/integrators/odex-integrator.ts';
import { Random } from '../../src/random/random.ts';
import { SinglePopulationSystem } from '../helpers/single-population-system.ts';

const rng = new Random(1, 't');

function failureOf(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(RunFailure);
    return (e as Error).message;
  }
  throw new Error('no failure');
}

describe('odex that cannot advance stops with a RunFailure naming the time', () => {
  it('a finite-time blow-up, dy/dt = y² from y(0) = 1 (y = 1/(1 − t), infinite at t = 1)', () => {
    const odex = new OdexIntegrator({ rtol: 1e-6, atol: 1e-8, maxDt: 0 });
    const system = new SinglePopulationSystem(1, (u, du) => (du[0] = u[0] * u[0]), 0);
    const message = failureOf(() => odex.advance(system, Float64Array.of(1), 0, 2, rng, null));
    // it gets close to the singularity, and no further
    const t = Number(/at t = (\S+) ms in \[0, 2\] ms/.exec(message)?.[1]);
    expect(t).toBeGreaterThan(0.99);
    expect(t).toBeLessThanOrEqual(1);
  });

  it('the run\'s step budget, counted over every segment', () => {
    const odex = new OdexIntegrator({ rtol: 1e-6, atol: 1e-8, maxDt: 0.01, stepBudget: 250 });
    const system = new SinglePopulationSystem(1, (u, du) => (du[0] = -u[0]), 1);
    const y = Float64Array.of(1);
    odex.advance(system, y, 0, 2, rng, null);
    expect(y[0]).toBeCloseTo(Math.exp(-2), 6);
    expect(failureOf(() => odex.advance(system, y, 2, 4, rng, null))).toMatch(/odex has taken \d+ steps, more than the run's limit of 250 \(--max-steps\)/);
  });

  it('the per-segment step limit is generous for a smooth segment', () => {
    const odex = new OdexIntegrator({ rtol: 1e-10, atol: 1e-12, maxDt: 0 });
    const system = new SinglePopulationSystem(1, (u, du) => (du[0] = -1.9 * u[0]), 1.9);
    const y = Float64Array.of(1);
    odex.advance(system, y, 0, 1000, rng, null);
    // a thousand ms at rtol 1e-10 takes a few hundred steps, far below the limit
    expect(odex.stats.steps).toBeLessThan(ODEX_MAX_STEPS_PER_SEGMENT / 20);
    expect(Math.abs(y[0])).toBeLessThan(1e-12);
  });
});
