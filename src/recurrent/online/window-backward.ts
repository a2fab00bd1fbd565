import type { RecurrentLayer } from '../layer.ts';

/**
 * Backpropagation through the window of `steps` steps the layer last ran, built from its one-step
 * derivatives, so that a gradient can enter on the whole state s = [h; c] at any step:
 *   v_{n−1} = imm_{n−1} + injected,   v_{w−1} = v_w·∂s_w/∂s_{w−1} + imm_{w−1},
 * and, when grads is given, Σ_w v_wᵀ·∂s_w/∂θ (one step each) is added into grads. imm holds the
 * immediate gradients ∂L/∂s_w of the window's steps (steps × B × S, row block w at w·B·S);
 * injected (B × S) is a gradient from beyond the window's end (a synthetic gradient) or null.
 * Writes the gradient that reaches the window's initial state (v_{−1}) into `out` (B × S).
 * v and vNext are B × S scratch buffers. Allocates nothing.
 */
export function backpropagateWindow(
  layer: RecurrentLayer,
  params: Float64Array,
  steps: number,
  batch: number,
  imm: Float64Array,
  injected: Float64Array | null,
  grads: Float64Array | null,
  v: Float64Array,
  vNext: Float64Array,
  out: Float64Array,
): void {
  const n = batch * layer.stateSize;
  for (let k = 0; k < n; k++) v[k] = imm[(steps - 1) * n + k] + (injected === null ? 0 : injected[k]);
  for (let w = steps - 1; w >= 0; w--) {
    if (grads !== null) layer.parameterVjp(params, w, v, grads);
    layer.stateVjp(params, w, v, vNext);
    if (w > 0) {
      for (let k = 0; k < n; k++) v[k] = vNext[k] + imm[(w - 1) * n + k];
    } else {
      for (let k = 0; k < n; k++) out[k] = vNext[k];
    }
  }
}
