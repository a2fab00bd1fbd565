import type { NeuronParameters } from '../neurons/neuron-parameters.ts';

/**
 * Dendritic attenuation c_k of each pyramidal layer k = 1…N (index k−1) in the steady state
 * without feedback, where the soma equals its basal prediction (MODEL.md, "Attenuated
 * steady-state predictions"): v̂_B = g_B/(g_lk+g_B+g_A)·v_B for hidden layers and
 * g_B/(g_lk+g_B)·v_B for the output layer, which has no apical compartment.
 */
export function steadyStateAttenuation(p: NeuronParameters, depth: number): number[] {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`depth must be a positive integer, got ${depth}`);
  const hidden = p.gb / (p.gl + p.gb + p.ga);
  const output = p.gb / (p.gl + p.gb);
  return Array.from({ length: depth }, (_, i) => (i === depth - 1 ? output : hidden));
}
