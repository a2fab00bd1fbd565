import { matVec, matVecAdd } from '../linalg/mat-vec.ts';
import type { DenseKernels } from './dense-kernels.ts';

/** Plain-JavaScript kernels: the reference implementation, on any Float64Array. */
export const jsKernels: DenseKernels = {
  kind: 'js',
  matVec,
  matVecAdd,

  filteredUpdate(y, traceOff, weightOff, rows, cols, post, pre, preOff, coef) {
    const hW = coef[0];
    const a = coef[1];
    const hD = coef[2];
    for (let i = 0; i < rows; i++) {
      const e = hD * post[i];
      const t0 = traceOff + i * cols;
      const w0 = weightOff + i * cols;
      for (let j = 0; j < cols; j++) {
        const d = y[t0 + j];
        y[w0 + j] += hW * d; // dW/dt = η·Δ, with Δ from the start of the step
        y[t0 + j] = a * d + e * pre[preOff + j]; // τ_w·dΔ/dt = −Δ + e·pᵀ
      }
    }
  },
};
