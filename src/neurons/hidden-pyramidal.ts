import { hiddenBasalAttenuation } from './attenuation.ts';
import type { NeuronParameters } from './neuron-parameters.ts';

/**
 * Hidden-layer pyramidal cells: soma u, basal v_B and apical v_A compartments; the dendrites are
 * instantaneous, so only the soma is a state variable (docs/model.md, "Somata"):
 *
 *     du/dt = −g_lk·u + g_B·(v_B − u) + g_A·(v_A − u) + σ·ξ(t)
 *           = (g_B·v_B + g_A·v_A) − (g_lk + g_B + g_A)·u + σ·ξ(t)
 */
export class HiddenPyramidalPopulation {
  /** Total conductance g_lk + g_B + g_A: the rate at which the soma relaxes. */
  readonly decayRate: number;
  /** v̂_B = g_B/(g_lk + g_B + g_A)·v_B, the attenuated basal prediction of the soma (hiddenBasalAttenuation). */
  readonly basalAttenuation: number;
  private readonly gb: number;
  private readonly ga: number;

  constructor(
    readonly size: number,
    p: NeuronParameters,
  ) {
    this.gb = p.gb;
    this.ga = p.ga;
    this.decayRate = p.gl + p.gb + p.ga;
    this.basalAttenuation = hiddenBasalAttenuation(p);
  }

  /** du/dt of every soma, written to du[duOff…]. */
  somaDerivative(
    u: Float64Array,
    uOff: number,
    basal: Float64Array,
    apical: Float64Array,
    du: Float64Array,
    duOff: number,
  ): void {
    const gb = this.gb;
    const ga = this.ga;
    const g = this.decayRate;
    for (let i = 0; i < this.size; i++) du[duOff + i] = gb * basal[i] + ga * apical[i] - g * u[uOff + i];
  }

  /** Steady state (g_B·v_B + g_A·v_A)/(g_lk + g_B + g_A) for constant dendrites. */
  steadyState(vB: number, vA: number): number {
    return (this.gb * vB + this.ga * vA) / this.decayRate;
  }
}
