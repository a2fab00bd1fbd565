/**
 * The τ_w low-pass of an induction term and the weight change it drives (docs/model.md, "The induction
 * terms are low-pass filtered before they change weights"):
 *
 *     τ_w·dΔ/dt = −Δ + e·pᵀ        (e: post-synaptic error, p: pre-synaptic rate)
 *         dW/dt = η·Δ
 *
 * for a rows × cols matrix whose trace Δ and weights W sit in the state vector y at the given
 * offsets. The fused explicit step of the same equations is a kernel (src/kernels).
 */

/** The right-hand sides: dΔ/dt = (e·pᵀ − Δ)/τ_w and dW/dt = η·Δ, written to dydt. */
export function filteredUpdateDerivative(
  y: Float64Array,
  dydt: Float64Array,
  traceOff: number,
  weightOff: number,
  rows: number,
  cols: number,
  post: Float64Array,
  pre: Float64Array,
  preOff: number,
  eta: number,
  invTauW: number,
): void {
  for (let i = 0; i < rows; i++) {
    const e = post[i];
    const t0 = traceOff + i * cols;
    const w0 = weightOff + i * cols;
    for (let j = 0; j < cols; j++) {
      const d = y[t0 + j];
      dydt[t0 + j] = invTauW * (e * pre[preOff + j] - d);
      dydt[w0 + j] = eta * d;
    }
  }
}
