import { outputBasalAttenuation } from './attenuation.ts';
import type { NeuronParameters } from './neuron-parameters.ts';

/**
 * Output-layer pyramidal cells: no apical compartment (g_A = 0), nudged toward a target potential
 * while a target is present (docs/model.md, "Somata"):
 *
 *     du/dt = −g_lk·u + g_B·(v_B − u) + n·g_som·(u_trgt − u) + σ·ξ(t),   n ∈ {0, 1}
 */
export class OutputPyramidalPopulation {
  /** v̂_B = g_B/(g_lk + g_B)·v_B: without g_A, and without g_som (outputBasalAttenuation). */
  readonly basalAttenuation: number;
  private readonly gl: number;
  private readonly gb: number;
  private readonly gsom: number;

  constructor(
    readonly size: number,
    p: NeuronParameters,
  ) {
    this.gl = p.gl;
    this.gb = p.gb;
    this.gsom = p.gsom;
    this.basalAttenuation = outputBasalAttenuation(p);
  }

  /** Total conductance, g_lk + g_B (+ g_som while nudged). */
  decayRate(nudged: boolean): number {
    return this.gl + this.gb + (nudged ? this.gsom : 0);
  }

  /** du/dt of every soma; `target` is read only when nudged. */
  somaDerivative(
    u: Float64Array,
    uOff: number,
    basal: Float64Array,
    nudged: boolean,
    target: Float64Array,
    targetOff: number,
    du: Float64Array,
    duOff: number,
  ): void {
    const gb = this.gb;
    if (nudged) {
      const gs = this.gsom;
      const g = this.decayRate(true);
      for (let i = 0; i < this.size; i++) du[duOff + i] = gb * basal[i] + gs * target[targetOff + i] - g * u[uOff + i];
    } else {
      const g = this.decayRate(false);
      for (let i = 0; i < this.size; i++) du[duOff + i] = gb * basal[i] - g * u[uOff + i];
    }
  }

  /** Steady state for a constant basal potential and target. */
  steadyState(vB: number, target: number | null): number {
    return target === null
      ? (this.gb * vB) / this.decayRate(false)
      : (this.gb * vB + this.gsom * target) / this.decayRate(true);
  }
}
