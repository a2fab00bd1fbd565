import type { Random } from '../random/random.ts';
import { FixedStepIntegrator } from './fixed-step-integrator.ts';
import { addGroupNoise, explicitGroupStep } from './group-update.ts';
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
export class ExponentialEuler extends FixedStepIntegrator {
  readonly method = 'expEuler' as const;
  private h = new Float64Array(0);
  private rates = new Float64Array(0);
  private noise = new Float64Array(0);
  private rate = new Float64Array(0);

  protected prepare(system: IntegrableSystem, h: number): void {
    const groups = system.segments.groupCount;
    if (this.h.length !== groups) {
      this.h = new Float64Array(groups);
      this.rates = new Float64Array(groups);
      this.noise = new Float64Array(groups);
    }
    const evaluated = system.segments.bounds[system.firstFusedGroup];
    if (this.rate.length !== evaluated) this.rate = new Float64Array(evaluated);
    system.decayRates(this.rates);
    system.noiseIntensities(h, this.noise);
    for (let g = 0; g < this.h.length; g++) {
      const a = this.rates[g];
      const ah = a * h;
      // −expm1(−ah)/a keeps full precision when a·h is small.
      this.h[g] = ah > 1e-12 ? -Math.expm1(-ah) / a : h;
      this.noise[g] *= ah > 1e-12 ? Math.sqrt(-Math.expm1(-2 * ah) / (2 * a)) : Math.sqrt(h);
    }
  }

  protected step(system: IntegrableSystem, y: Float64Array, rng: Random): void {
    explicitGroupStep(system, y, this.rate, this.h);
    addGroupNoise(system, y, this.noise, rng);
    this.stats.evaluations++;
  }
}
