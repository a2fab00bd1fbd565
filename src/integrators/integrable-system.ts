import type { SegmentLayout } from '../model/segment-layout.ts';
import type { Random } from '../random/random.ts';

/**
 * What an integrator needs from a model: dy/dt = f(y) on one flat state vector, laid out by the
 * model's declarations (segment-layout.ts) into groups that share a linear decay rate a_g
 * (f_i = drive_i − a_g·y_i, the rates constant between events) and a white-noise intensity σ_g.
 * The integrator owns the step: it advances each group from f and its own step factors, and adds
 * the noise. f does not depend on t between events (the drive changes only at events), so no
 * method that runs every step takes a time: a computed time would be a boxed number on every call.
 */
export interface IntegrableSystem {
  /** The state's groups and segments; `segments.size` components in all. */
  readonly segments: SegmentLayout;
  /**
   * A state-sized vector in the memory the system's kernels read. Methods that evaluate f at
   * intermediate states (RK4's stages, odex's trial points) build them here.
   */
  readonly stageState: Float64Array;
  /** dydt = f(y), where y is the system's state or its `stageState`; must not modify y. */
  derivative(y: Float64Array, dydt: Float64Array): void;
  /**
   * Groups from this index on are fused: `evaluateForStep` advances them itself. Equal to the
   * group count for a system without a fused kernel.
   */
  readonly firstFusedGroup: number;
  /**
   * For one-stage explicit methods (y ← y + h_g·f_g(y), h_g per group): writes f(y) of the groups
   * below `firstFusedGroup` into `rate` (indexed like y), and advances the fused groups in place
   * by that same update, from the same evaluation, without writing their f to memory (the large
   * plastic part, where a fused kernel is measured to pay). `y` is the system's state.
   */
  evaluateForStep(y: Float64Array, rate: Float64Array, h: Float64Array): void;
  /** out[g] = a_g, the linear decay rate of group g between the current events. */
  decayRates(out: Float64Array): void;
  /** out[g] = intensity of the white noise on group g for a step of length h (0 for noiseless groups). */
  noiseIntensities(h: number, out: Float64Array): void;
  /** False if y holds NaN or ±Infinity where it can diverge (checked after every step). */
  stateIsFinite(y: Float64Array): boolean;
  /** The error to throw when y, at time t, is not finite: names the time and the segment. */
  nonFiniteError(t: number, y: Float64Array): Error;
  /**
   * A system that defers part of its update across steps (the microcircuit's plasticity window)
   * writes it into its state here; integrators call it before an observer samples the state and
   * at the end of every `advance`, so that outside an advance the state is always complete.
   */
  completeDeferredUpdates?(): void;
  /**
   * A system may do a whole one-stage explicit step in one call: the update of `evaluateForStep`
   * and `explicitGroupStep` with step factors h, then `addGroupNoise` with amplitudes `noise` from
   * `rng`, giving the same bits. Returns false when it cannot (then the integrator makes those
   * calls itself).
   */
  fusedGroupStep?(y: Float64Array, h: Float64Array, noise: Float64Array, rng: Random): boolean;
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
