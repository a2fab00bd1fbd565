import type { NeuronParameters } from './neuron-parameters.ts';

/**
 * Dendritic attenuations: the factor by which a soma at rest (no apical input, no nudging) scales
 * the potential of its dendrite, so that the soma's steady state is the attenuated prediction v̂
 * (Sacramento et al. 2018, eqs. for v̂_B and v̂_I; docs/model.md, "Plasticity").
 * They enter both the soma's steady state and the Urbanczik–Senn rule's prediction φ(v̂).
 */

/** Hidden pyramidal cell: v̂_B = g_B/(g_lk + g_B + g_A)·v_B. */
export function hiddenBasalAttenuation(p: NeuronParameters): number {
  return p.gb / (p.gl + p.gb + p.ga);
}

/**
 * Output pyramidal cell: v̂_B = g_B/(g_lk + g_B)·v_B, without g_A (it has no apical compartment)
 * and without g_som (the nudging is what the prediction is compared with; docs/model.md, the pitfalls under "The paper's experiments and their settings").
 */
export function outputBasalAttenuation(p: NeuronParameters): number {
  return p.gb / (p.gl + p.gb);
}

/** Interneuron: v̂_I = g_D/(g_lk + g_D)·v_I (the parentheses are a known trap, docs/model.md). */
export function interneuronDendriticAttenuation(p: NeuronParameters): number {
  return p.gd / (p.gl + p.gd);
}

/**
 * Basal attenuation c_k of each pyramidal layer k = 1…N (index k−1) of a circuit `depth` layers
 * deep: hiddenBasalAttenuation for k < N, outputBasalAttenuation for the output layer k = N. In
 * the steady state without feedback every soma equals c_k·v_B,k, which is the forward pass of the
 * equivalent feedforward network.
 */
export function steadyStateAttenuation(p: NeuronParameters, depth: number): number[] {
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`depth must be a positive integer, got ${depth}`);
  const hidden = hiddenBasalAttenuation(p);
  const output = outputBasalAttenuation(p);
  return Array.from({ length: depth }, (_, i) => (i === depth - 1 ? output : hidden));
}
