import type { Random } from '../random/random.ts';
import { FixedStepIntegrator } from './fixed-step-integrator.ts';
import { addGroupNoise, explicitGroupStep } from './group-update.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * Forward Euler (Euler–Maruyama with noise): y ← y + h·f(y) + σ_g·√h·N(0,1), the paper's method
 * (MODEL.md, "Common: forward Euler, dt = 0.1 ms"). Global error order 1.
 */
export class ForwardEuler extends FixedStepIntegrator {
  readonly method = 'euler' as const;
  private h = new Float64Array(0);
  private noise = new Float64Array(0);
  private rate = new Float64Array(0);

  protected prepare(system: IntegrableSystem, h: number): void {
    const groups = system.segments.groupCount;
    if (this.h.length !== groups) {
      this.h = new Float64Array(groups);
      this.noise = new Float64Array(groups);
    }
    const evaluated = system.segments.bounds[system.firstFusedGroup];
    if (this.rate.length !== evaluated) this.rate = new Float64Array(evaluated);
    this.h.fill(h);
    system.noiseIntensities(h, this.noise);
    const sqrtH = Math.sqrt(h);
    for (let g = 0; g < this.noise.length; g++) this.noise[g] *= sqrtH;
  }

  protected step(system: IntegrableSystem, y: Float64Array, rng: Random): void {
    explicitGroupStep(system, y, this.rate, this.h);
    addGroupNoise(system, y, this.noise, rng);
    this.stats.evaluations++;
  }
}
