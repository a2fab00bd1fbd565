import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { refuseOdexWithNoise } from '../../src/integrators/odex-noise-check.ts';

describe('refuseOdexWithNoise', () => {
  it('refuses odex with any non-zero σ, naming integrator.method', () => {
    for (const noise of [0.1, -0.1, 1e-300, Number.NaN]) {
      expect(() => refuseOdexWithNoise('odex', noise)).toThrow(
        new InputError('integrator.method', 'odex is deterministic and adaptive: set neuron.noise to 0, or use euler, expEuler or rk4'),
      );
    }
  });

  it('lets odex without noise and every fixed-step method with noise pass', () => {
    expect(() => refuseOdexWithNoise('odex', 0)).not.toThrow();
    for (const method of ['euler', 'expEuler', 'rk4']) expect(() => refuseOdexWithNoise(method, 0.3)).not.toThrow();
  });
});
