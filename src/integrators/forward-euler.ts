import { GroupStepIntegrator } from './group-step-integrator.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * Forward Euler (Euler–Maruyama with noise): y ← y + h·f(y) + σ_g·√h·N(0,1), the paper's method
 * (docs/model.md, "Integration and events": forward Euler, dt = 0.1 ms). Global error order 1.
 */
export class ForwardEuler extends GroupStepIntegrator {
  readonly method = 'euler' as const;

  protected setFactors(_system: IntegrableSystem, h: number): void {
    this.stepFactor.fill(h);
    const sqrtH = Math.sqrt(h);
    for (let g = 0; g < this.noise.length; g++) this.noise[g] *= sqrtH;
  }
}
