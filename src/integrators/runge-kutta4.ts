import type { Random } from '../random/random.ts';
import { FixedStepIntegrator } from './fixed-step-integrator.ts';
import { addGroupNoise } from './group-update.ts';
import type { IntegrableSystem } from './integrable-system.ts';

/**
 * Classical fourth-order Runge–Kutta on the whole state (potentials, traces and plastic weights
 * alike). Noise, being additive, is added after the deterministic step as σ_g·√h·N(0,1).
 * Global error order 4 without noise.
 */
export class RungeKutta4 extends FixedStepIntegrator {
  readonly method = 'rk4' as const;
  private k1 = new Float64Array(0);
  private k2 = new Float64Array(0);
  private k3 = new Float64Array(0);
  private k4 = new Float64Array(0);
  private noise = new Float64Array(0);
  private hStep = 0;

  protected prepare(system: IntegrableSystem, h: number): void {
    const n = system.segments.size;
    if (this.k1.length !== n) {
      this.k1 = new Float64Array(n);
      this.k2 = new Float64Array(n);
      this.k3 = new Float64Array(n);
      this.k4 = new Float64Array(n);
    }
    if (this.noise.length !== system.segments.groupCount) this.noise = new Float64Array(system.segments.groupCount);
    system.noiseIntensities(h, this.noise);
    const sqrtH = Math.sqrt(h);
    for (let g = 0; g < this.noise.length; g++) this.noise[g] *= sqrtH;
    this.hStep = h;
  }

  protected step(system: IntegrableSystem, y: Float64Array, rng: Random): void {
    const h = this.hStep;
    const n = y.length;
    const { k1, k2, k3, k4 } = this;
    // the stages live where the system's kernels can read them
    const stage = system.stageState;
    system.derivative(y, k1);
    for (let i = 0; i < n; i++) stage[i] = y[i] + 0.5 * h * k1[i];
    system.derivative(stage, k2);
    for (let i = 0; i < n; i++) stage[i] = y[i] + 0.5 * h * k2[i];
    system.derivative(stage, k3);
    for (let i = 0; i < n; i++) stage[i] = y[i] + h * k3[i];
    system.derivative(stage, k4);
    const h6 = h / 6;
    for (let i = 0; i < n; i++) y[i] += h6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
    addGroupNoise(system, y, this.noise, rng);
    this.stats.evaluations += 4;
  }
}
