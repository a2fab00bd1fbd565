import { matVec, matVecAdd, rowDot } from '../linalg/mat-vec.ts';
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

  matVecPair(y, wOff, dOff, rows, cols, x, xOff, outW, outD) {
    for (let i = 0; i < rows; i++) {
      outW[i] = rowDot(y, wOff + i * cols, cols, x, xOff);
      outD[i] = rowDot(y, dOff + i * cols, cols, x, xOff);
    }
  },

  windowFlush(y, traceOff, weightOff, rows, cols, errors, pres, count, coef, scratch) {
    const c = coef[0];
    const A = coef[1];
    for (let i = 0; i < rows; i++) {
      for (let l = 0; l < count; l++) {
        const e = errors[l * rows + i];
        scratch[2 * l] = coef[2 + 2 * l] * e;
        scratch[2 * l + 1] = coef[3 + 2 * l] * e;
      }
      const t0 = traceOff + i * cols;
      const w0 = weightOff + i * cols;
      for (let j = 0; j < cols; j++) {
        const d = y[t0 + j];
        let w = y[w0 + j] + c * d; // W(n) + c·Δ(n)
        let t = A * d; // aᴶ·Δ(n)
        for (let l = 0; l < count; l++) {
          const p = pres[l * cols + j];
          w += scratch[2 * l] * p;
          t += scratch[2 * l + 1] * p;
        }
        y[w0 + j] = w;
        y[t0 + j] = t;
      }
    }
  },
};
