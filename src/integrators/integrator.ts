import type { Random } from '../random/random.ts';
import type { IntegrableSystem, StepObserver } from './integrable-system.ts';

export type IntegratorMethod = 'euler' | 'expEuler' | 'rk4' | 'odex';
export const INTEGRATOR_METHODS: readonly IntegratorMethod[] = ['euler', 'expEuler', 'rk4', 'odex'];

export interface IntegratorStats {
  /** Accepted steps. */
  steps: number;
  /** Evaluations of f (a fused explicit step counts as one). */
  evaluations: number;
}

/**
 * One interface for every integration method. `advance` integrates the system's current drive
 * from t0 to exactly t1: events (pattern switches, target on/off, learning on/off) are placed
 * by the caller at segment boundaries, so every method lands on them exactly.
 */
export interface Integrator {
  readonly method: IntegratorMethod;
  readonly stats: IntegratorStats;
  advance(system: IntegrableSystem, y: Float64Array, t0: number, t1: number, rng: Random, observer: StepObserver | null): void;
}
