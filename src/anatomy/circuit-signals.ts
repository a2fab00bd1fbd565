import type { CircuitShape } from './circuit-shape.ts';

/**
 * The instantaneous quantities of a circuit at one state: rates and dendritic potentials
 * (docs/model.md, "Dendrites and rates"). They are functions of the state, recomputed into
 * these buffers at every evaluation; nothing here is integrated.
 */
export class CircuitSignals {
  /** r_k = φ(u_k), index k−1 for pyramidal layer k = 1…N. */
  readonly rates: Float64Array[] = [];
  /** r^I_k = φ(u^I_k), index k−1 for hidden layer k. */
  readonly interneuronRates: Float64Array[] = [];
  /** v_B,k = W^up_k·r_{k−1}, index k−1. */
  readonly basal: Float64Array[] = [];
  /** W^down_k·r_{k+1}, the top-down part of the apical potential, index k−1 for hidden layer k. */
  readonly topDown: Float64Array[] = [];
  /** v_A,k = W^down_k·r_{k+1} + W^PI_k·r^I_k, index k−1. */
  readonly apical: Float64Array[] = [];
  /** v_I,k = W^IP_k·r_k, index k−1. */
  readonly interneuronDendrite: Float64Array[] = [];

  /** `allocate(n)` gives n zeros where the circuit's kernels can read them. */
  constructor(shape: CircuitShape, allocate: (n: number) => Float64Array) {
    const d = shape.dims;
    for (let k = 1; k <= shape.depth; k++) {
      this.rates.push(allocate(d[k]));
      this.basal.push(allocate(d[k]));
    }
    for (let k = 1; k <= shape.hiddenLayers; k++) {
      this.interneuronRates.push(allocate(d[k + 1]));
      this.topDown.push(allocate(d[k]));
      this.apical.push(allocate(d[k]));
      this.interneuronDendrite.push(allocate(d[k + 1]));
    }
  }
}
