import type { RateFunctionSpec } from './rate-function.ts';

/**
 * Conductances (1/ms, capacitance 1), somatic noise and rate function shared by every population
 * of a circuit (docs/model.md, "Somata"). Names follow the experiment file (docs/experiment-format.md).
 */
export interface NeuronParameters {
  /** Leak conductance g_lk. */
  readonly gl: number;
  /** Basal-to-soma coupling g_B. */
  readonly gb: number;
  /** Apical-to-soma coupling g_A (hidden pyramidal cells only). */
  readonly ga: number;
  /** Dendrite-to-soma coupling of interneurons g_D. */
  readonly gd: number;
  /** Somatic nudging conductance g_som (output cells toward the target, interneurons toward the layer above). */
  readonly gsom: number;
  /** σ of the white noise ξ on every soma. */
  readonly noise: number;
  /** How σ enters a step of length dt (see NoiseScaling). */
  readonly noiseScaling: NoiseScaling;
  readonly phi: RateFunctionSpec;
}

/**
 * `sqrt-dt`: Euler–Maruyama, a step adds σ·√dt·N(0,1): white noise of intensity σ.
 * `dt`: the public reference code's convention, a step adds σ·dt·N(0,1), which is white noise of
 * intensity σ·√dt, so its effect depends on dt.
 */
export type NoiseScaling = 'sqrt-dt' | 'dt';

/** The paper's common settings (docs/model.md, "The paper's experiments and their settings"). */
export const PAPER_NEURON_PARAMETERS: NeuronParameters = {
  gl: 0.1,
  gb: 1.0,
  ga: 0.8,
  gd: 1.0,
  gsom: 0.8,
  noise: 0,
  noiseScaling: 'sqrt-dt',
  phi: { kind: 'softplus', gamma: 1, beta: 1, theta: 0 },
};

/** Mixing (feedback) strengths of docs/model.md: λ_out, λ_I, λ_hid. */
export function mixingFactors(p: NeuronParameters): { lambdaOut: number; lambdaI: number; lambdaHid: number } {
  return {
    lambdaOut: p.gsom / (p.gl + p.gb + p.gsom),
    lambdaI: p.gsom / (p.gl + p.gd + p.gsom),
    lambdaHid: p.ga / (p.gl + p.gb + p.ga),
  };
}

/** Intensity of white noise equivalent to the chosen scaling, for a step of length dt. */
export function noiseIntensity(p: NeuronParameters, dt: number): number {
  return p.noiseScaling === 'sqrt-dt' ? p.noise : p.noise * Math.sqrt(dt);
}
