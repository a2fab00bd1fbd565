import { GroupStepIntegrator } from './group-step-integrator.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * Exponential Euler: with f_i = drive_i − a·y_i and the drive frozen over the step,
 *
 *     y ← y·e^{−a h} + (drive/a)·(1 − e^{−a h})  =  y + φ₁(a, h)·f(y),   φ₁ = (1 − e^{−a h})/a,
 *
 * exact for the linear decay of somata, filters and traces (φ₁ → h as a → 0, so weights take an
 * Euler step). Noise is the exact Ornstein–Uhlenbeck increment σ·√((1 − e^{−2 a h})/(2a))·N(0,1),
 * so the stationary variance is σ²/(2a) for any h.
 */
export class ExponentialEuler extends GroupStepIntegrator {
  readonly method = 'expEuler' as const;
  private decay = new Float64Array(0);

  protected setFactors(system: IntegrableSystem, h: number): void {
    if (this.decay.length !== this.stepFactor.length) this.decay = new Float64Array(this.stepFactor.length);
    system.decayRates(this.decay);
    for (let g = 0; g < this.decay.length; g++) {
      const a = this.decay[g];
      const ah = a * h;
      // −expm1(−ah)/a keeps full precision when a·h is small.
      this.stepFactor[g] = ah > 1e-12 ? -Math.expm1(-ah) / a : h;
      this.noise[g] *= ah > 1e-12 ? Math.sqrt(-Math.expm1(-2 * ah) / (2 * a)) : Math.sqrt(h);
    }
  }
}
