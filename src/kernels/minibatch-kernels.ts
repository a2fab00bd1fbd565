import { batchMatVec } from '../linalg/batch-mat-vec.ts';
import { batchOuterProduct, batchOuterProductSparse } from '../linalg/batch-outer-product.ts';
import { batchTransposedMatVec } from '../linalg/transposed-mat-vec.ts';
import { sparseBatchMatVec, type SparseRows } from '../linalg/sparse-rows.ts';
import type { KernelKind } from './dense-kernels.ts';

/**
 * The matrix products of a mini-batch trainer (the steady-state microcircuit, the feed-forward
 * baselines) behind one interface: the plain-JavaScript functions of src/linalg/ (the readable
 * reference) or their WebAssembly SIMD twins (assembly/minibatch-kernels.ts), which do the same
 * floating-point operations per element in the same order and so give bit-identical results.
 * Arrays are addressed by (array, element offset); the WebAssembly kernels need every array (and
 * a SparseRows' storage) allocated from their MinibatchMemory.
 */
export interface MinibatchKernels {
  readonly kind: KernelKind;
  /** out[outOff + s·rows + i] (=, or += with `add`) Σ_j W[i, j]·x[xOff + s·cols + j], s < batch: batchMatVec. */
  batchMatVec(w: Float64Array, rows: number, cols: number, x: Float64Array, xOff: number, batch: number, out: Float64Array, outOff: number, add: boolean): void;
  /** out[outOff + s·rows + i] = Σ_j W[i, j]·x_s,j over the stored entries of row s of `x`: sparseBatchMatVec. */
  sparseBatchMatVec(w: Float64Array, rows: number, cols: number, x: SparseRows, batch: number, out: Float64Array, outOff: number): void;
  /**
   * Rows from…to−1 of G = Σ_s a_s·p_sᵀ over g (row i at (i − from)·cols), a (batch × rows)
   * already multiplied by the step's scale: batchOuterProduct with scale 1.
   */
  outerProductRows(g: Float64Array, rows: number, cols: number, a: Float64Array, p: Float64Array, batch: number, from: number, to: number): void;
  /** The same with sparse pre-synaptic rows: batchOuterProductSparse with scale 1. */
  sparseOuterProductRows(g: Float64Array, rows: number, cols: number, a: Float64Array, p: SparseRows, batch: number, from: number, to: number): void;
  /** out[s·n + j] = Σ_i W[i, j]·x[s·rows + i] for j < n ≤ cols, s < batch: batchTransposedMatVec. */
  batchTransposedMatVec(w: Float64Array, rows: number, cols: number, x: Float64Array, batch: number, out: Float64Array, n: number): void;
}

/** The plain-JavaScript reference, on any arrays. */
export const jsMinibatchKernels: MinibatchKernels = {
  kind: 'js',
  batchMatVec,
  sparseBatchMatVec,
  outerProductRows: (g, rows, cols, a, p, batch, from, to) => batchOuterProduct(g, rows, cols, a, p, batch, 1, from, to),
  sparseOuterProductRows: (g, rows, cols, a, p, batch, from, to) => batchOuterProductSparse(g, rows, cols, a, p, batch, 1, from, to),
  batchTransposedMatVec,
};
