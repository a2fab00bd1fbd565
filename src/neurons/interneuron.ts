import { interneuronDendriticAttenuation } from './attenuation.ts';
import type { NeuronParameters } from './neuron-parameters.ts';

/**
 * Lateral interneurons of a hidden layer k: soma u_I and an instantaneous dendrite v_I, nudged one
 * to one by the pyramidal cells of layer k+1 (docs/model.md, "Somata"):
 *
 *     du_I/dt = −g_lk·u_I + g_D·(v_I − u_I) + g_som·(u_{k+1} − u_I) + σ·ξ(t)
 */
export class InterneuronPopulation {
  /** Total conductance g_lk + g_D + g_som. */
  readonly decayRate: number;
  /** v̂_I = g_D/(g_lk + g_D)·v_I (interneuronDendriticAttenuation). */
  readonly dendriticAttenuation: number;
  private readonly gd: number;
  private readonly gsom: number;

  constructor(
    readonly size: number,
    p: NeuronParameters,
  ) {
    this.gd = p.gd;
    this.gsom = p.gsom;
    this.decayRate = p.gl + p.gd + p.gsom;
    this.dendriticAttenuation = interneuronDendriticAttenuation(p);
  }

  /** du_I/dt of every soma; `teacher` holds the somata u_{k+1} of the layer above. */
  somaDerivative(
    u: Float64Array,
    uOff: number,
    dendrite: Float64Array,
    teacher: Float64Array,
    teacherOff: number,
    du: Float64Array,
    duOff: number,
  ): void {
    const gd = this.gd;
    const gs = this.gsom;
    const g = this.decayRate;
    for (let i = 0; i < this.size; i++) {
      du[duOff + i] = gd * dendrite[i] + gs * teacher[teacherOff + i] - g * u[uOff + i];
    }
  }

  /** Steady state for a constant dendrite and teacher. */
  steadyState(vI: number, teacher: number): number {
    return (this.gd * vI + this.gsom * teacher) / this.decayRate;
  }
}
