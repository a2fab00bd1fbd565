import type { Random } from '../random/random.ts';

/**
 * What an integrator needs from a model: dy/dt = f(t, y) on one flat state vector, whose
 * components fall into groups that share a linear decay rate a_g (f_i = drive_i − a_g·y_i, the
 * rates constant between events) and a white-noise intensity σ_g (0 for noiseless groups).
 */
export interface IntegrableSystem {
  readonly size: number;
  readonly groupCount: number;
  /** dydt = f(t, y); must not modify y. */
  derivative(t: number, y: Float64Array, dydt: Float64Array): void;
  /** out[g] = a_g, the linear decay rate of group g between the current events. */
  decayRates(out: Float64Array): void;
  /** out[g] = intensity of the white noise on group g for a step of length h. */
  noiseIntensities(h: number, out: Float64Array): void;
  /** y ← y + h_g·f(t, y) for every component of every group g, in place, fused. */
  explicitStep(t: number, y: Float64Array, h: Float64Array): void;
  /** y_i += amplitude_g·N(0, 1) for every component i of every group g with amplitude_g ≠ 0. */
  addNoise(y: Float64Array, amplitude: Float64Array, rng: Random): void;
  /** Throws a NonFiniteStateError naming the time and population if y holds NaN or ±Infinity. */
  checkFinite(t: number, y: Float64Array): void;
}

/** Receives the state at requested times while an integrator advances. */
export interface StepObserver {
  /** The next time at which a sample is wanted (Infinity: none). */
  readonly nextSampleTime: number;
  /**
   * The state at time t. Fixed-step methods call it at the first step end at or after the
   * requested time; odex interpolates to the requested time exactly. `y` is only valid during
   * the call.
   */
  sample(t: number, y: Float64Array): void;
}
