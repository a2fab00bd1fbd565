import type { Random } from '../random/random.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * The one-stage explicit update shared by forward Euler and exponential Euler:
 * y_i ← y_i + h_g·f_i(y) for every component i of every group g, with h_g the method's step factor
 * of the group (h for Euler, φ₁(a_g, h) for exponential Euler). The system evaluates f into
 * `rate` and advances its fused groups itself; the other groups are advanced here.
 */
export function explicitGroupStep(system: IntegrableSystem, y: Float64Array, rate: Float64Array, h: Float64Array): void {
  system.evaluateForStep(y, rate, h);
  const bounds = system.segments.bounds;
  const last = system.firstFusedGroup;
  for (let g = 0; g < last; g++) {
    const hg = h[g];
    const end = bounds[g + 1];
    for (let i = bounds[g]; i < end; i++) y[i] += hg * rate[i];
  }
}

/** y_i += amplitude_g·N(0, 1) for every component i of every group g with amplitude_g ≠ 0, in state order. */
export function addGroupNoise(system: IntegrableSystem, y: Float64Array, amplitude: Float64Array, rng: Random): void {
  const bounds = system.segments.bounds;
  for (let g = 0; g < amplitude.length; g++) {
    const a = amplitude[g];
    if (a === 0) continue;
    const end = bounds[g + 1];
    for (let i = bounds[g]; i < end; i++) y[i] += a * rng.normal();
  }
}
