import type { Random } from '../random/random.ts';

/**
 * What an integrator needs from a model: dy/dt = f(y) on one flat state vector, whose
 * components fall into groups that share a linear decay rate a_g (f_i = drive_i − a_g·y_i, the
 * rates constant between events) and a white-noise intensity σ_g (0 for noiseless groups).
 * f does not depend on t between events (the drive changes only at events), so no method that
 * runs every step takes a time: a computed time would be a boxed number on every call.
 */
export interface IntegrableSystem {
  readonly size: number;
  readonly groupCount: number;
  /** dydt = f(y); must not modify y. */
  derivative(y: Float64Array, dydt: Float64Array): void;
  /** out[g] = a_g, the linear decay rate of group g between the current events. */
  decayRates(out: Float64Array): void;
  /** out[g] = intensity of the white noise on group g for a step of length h. */
  noiseIntensities(h: number, out: Float64Array): void;
  /** y ← y + h_g·f(y) for every component of every group g, in place, fused. */
  explicitStep(y: Float64Array, h: Float64Array): void;
  /** y_i += amplitude_g·N(0, 1) for every component i of every group g with amplitude_g ≠ 0. */
  addNoise(y: Float64Array, amplitude: Float64Array, rng: Random): void;
  /** False if y holds NaN or ±Infinity (checked after every step). */
  stateIsFinite(y: Float64Array): boolean;
  /** The error to throw when y, at time t, is not finite: names the time and population. */
  nonFiniteError(t: number, y: Float64Array): Error;
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
