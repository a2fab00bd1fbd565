import type { Random } from '../random/random.ts';
import type { IntegrableSystem, StepObserver } from './integrable-system.ts';
import type { Integrator, IntegratorMethod, IntegratorStats } from './integrator.ts';

/** Relative slack (in steps) when counting the steps of a span. */
const TIME_SLACK = 1e-9;
/** Slack, in units of dt, when comparing a step's end with a requested sample time. */
export const SAMPLE_SLACK = 1e-6;

/**
 * Shared loop of the fixed-step methods: steps of length dt from t0, the last one shortened so
 * that the run ends exactly at t1; time is t0 + i·dt (never accumulated, so no drift), and the
 * state is checked for non-finite values after every step.
 */
export abstract class FixedStepIntegrator implements Integrator {
  abstract readonly method: IntegratorMethod;
  readonly stats: IntegratorStats = { steps: 0, evaluations: 0 };

  constructor(readonly dt: number) {
    if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`dt must be a positive number, got ${dt}`);
  }

  /** Prepare per-group factors for steps of length h (called when h or the system's rates change). */
  protected abstract prepare(system: IntegrableSystem, h: number): void;

  /** One step of length h (as prepared) from y, in place, noise included. */
  protected abstract step(system: IntegrableSystem, y: Float64Array, rng: Random): void;

  advance(system: IntegrableSystem, y: Float64Array, t0: number, t1: number, rng: Random, observer: StepObserver | null): void {
    const span = t1 - t0;
    if (!(span > 0)) return;
    const dt = this.dt;
    const fullSteps = Math.floor(span / dt + TIME_SLACK);
    const rest = span - fullSteps * dt;
    const hasPartial = rest > TIME_SLACK * dt;
    const slack = SAMPLE_SLACK * dt;
    if (fullSteps > 0) {
      this.prepare(system, dt);
      // All steps but the last end at t0 + (i + 1)·dt; the last one ends at t1 when no partial
      // step follows. (One expression for both would merge a parameter with a computed double
      // and make V8 box a number on every step.) An end time is computed only for an observer or
      // an error: V8 optimises this loop late for a large circuit, and until then every computed
      // double is a new heap number.
      const last = fullSteps - 1;
      for (let i = 0; i < last; i++) {
        this.step(system, y, rng);
        if (!system.stateIsFinite(y)) throw system.nonFiniteError(t0 + (i + 1) * dt, y);
        if (observer !== null) {
          const tEnd = t0 + (i + 1) * dt;
          if (tEnd >= observer.nextSampleTime - slack) {
            system.completeDeferredUpdates?.();
            observer.sample(tEnd, y);
          }
        }
      }
      this.step(system, y, rng);
      const tEnd = hasPartial ? t0 + fullSteps * dt : t1;
      if (!system.stateIsFinite(y)) throw system.nonFiniteError(tEnd, y);
      if (observer !== null && tEnd >= observer.nextSampleTime - slack) {
        system.completeDeferredUpdates?.();
        observer.sample(tEnd, y);
      }
      this.stats.steps += fullSteps;
    }
    if (hasPartial) {
      this.prepare(system, rest);
      this.step(system, y, rng);
      if (!system.stateIsFinite(y)) throw system.nonFiniteError(t1, y);
      if (observer !== null && t1 >= observer.nextSampleTime - slack) {
        system.completeDeferredUpdates?.();
        observer.sample(t1, y);
      }
      this.stats.steps += 1;
    }
    system.completeDeferredUpdates?.();
  }
}
