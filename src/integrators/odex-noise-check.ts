import { InputError } from '../core/input-error.ts';

/**
 * Refuses odex for a circuit with somatic noise. odex (Hairer & Wanner's extrapolation method with
 * adaptive steps) integrates deterministic ODEs: white noise has no derivative to extrapolate, and
 * its error control would chase every sample. Noisy circuits need a fixed-step method that adds
 * the Euler–Maruyama increment (euler, expEuler, rk4).
 *
 * @param method the integrator's method name (the experiment file's `integrator.method`)
 * @param noise σ of the somatic noise (`neuron.noise`)
 * @throws InputError on `integrator.method` when method is 'odex' and σ ≠ 0
 */
export function refuseOdexWithNoise(method: string, noise: number): void {
  if (method === 'odex' && noise !== 0) {
    throw new InputError('integrator.method', 'odex is deterministic and adaptive: set neuron.noise to 0, or use euler, expEuler or rk4');
  }
}
