import type { Random } from '../random/random.ts';
import { FixedStepIntegrator } from './fixed-step-integrator.ts';
import { addGroupNoise, explicitGroupStep } from './group-update.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * The one-stage explicit methods: each group g advances by y ← y + h_g·f(y) + A_g·N(0,1), with a
 * step factor h_g and a noise amplitude A_g that a subclass derives from the step h, the group's
 * decay rate and its noise intensity σ_g.
 */
export abstract class GroupStepIntegrator extends FixedStepIntegrator {
  /** h_g of each group for the prepared step. */
  protected stepFactor = new Float64Array(0);
  /** On entry to `setFactors`: σ_g of each group; on return: A_g. */
  protected noise = new Float64Array(0);
  private rate = new Float64Array(0);

  /** Fill `stepFactor` and scale `noise` from σ_g to A_g for steps of length h. */
  protected abstract setFactors(system: IntegrableSystem, h: number): void;

  protected prepare(system: IntegrableSystem, h: number): void {
    const groups = system.segments.groupCount;
    if (this.stepFactor.length !== groups) {
      this.stepFactor = new Float64Array(groups);
      this.noise = new Float64Array(groups);
    }
    const evaluated = system.segments.bounds[system.firstFusedGroup];
    if (this.rate.length !== evaluated) this.rate = new Float64Array(evaluated);
    system.noiseIntensities(h, this.noise);
    this.setFactors(system, h);
  }

  protected step(system: IntegrableSystem, y: Float64Array, rng: Random): void {
    if (system.fusedGroupStep === undefined || !system.fusedGroupStep(y, this.stepFactor, this.noise, rng)) {
      explicitGroupStep(system, y, this.rate, this.stepFactor);
      addGroupNoise(system, y, this.noise, rng);
    }
    this.stats.evaluations++;
  }
}
