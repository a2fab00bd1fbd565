import type { RateFunction } from '../neurons/rate-function.ts';

/**
 * The post-synaptic error of the Urbanczik–Senn dendritic-prediction rule (Urbanczik & Senn 2014;
 * Sacramento et al. 2018, eqs. for dW^up, dW^IP, dW^down; docs/model.md, "Plasticity"): the rate of
 * the soma minus the rate its dendrite predicts,
 *
 *     e = φ(u) − φ(v̂)
 *
 * with v̂ the attenuated dendritic potential (v̂_B,k for W^up_k, v̂_I,k for W^IP_k, W^down_k·r_{k+1}
 * for W^down_k). The weight moves along e·pᵀ with p the pre-synaptic rates.
 *
 * `rate` holds φ(u) from rateOff, `prediction` holds v̂ from predictionOff; e goes to out[outOff…]
 * for n units. `out` may be `prediction` itself (φ(v̂) is written there first), never `rate`.
 */
export function dendriticPredictionError(
  phi: RateFunction,
  rate: Float64Array,
  rateOff: number,
  prediction: Float64Array,
  predictionOff: number,
  out: Float64Array,
  outOff: number,
  n: number,
): void {
  phi.apply(prediction, predictionOff, out, outOff, n);
  predictedRateError(rate, rateOff, out, outOff, out, outOff, n);
}

/**
 * e = φ(u) − φ(v̂) when φ(v̂) is already at hand (`predictedRate`, from predictedOff), e.g. from a
 * pass that computed the predicted rates for the next layer. `out` may alias `predictedRate`.
 */
export function predictedRateError(
  rate: Float64Array,
  rateOff: number,
  predictedRate: Float64Array,
  predictedOff: number,
  out: Float64Array,
  outOff: number,
  n: number,
): void {
  for (let i = 0; i < n; i++) out[outOff + i] = rate[rateOff + i] - predictedRate[predictedOff + i];
}

/**
 * The W^PI rule's error e = 0 − v_A (docs/model.md, "Plasticity"): the interneurons learn to cancel
 * the top-down input, silencing the apical potential in the self-predicting state.
 */
export function apicalSilencingError(apical: Float64Array, out: Float64Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = -apical[i];
}
