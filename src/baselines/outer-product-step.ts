import { batchOuterProduct, batchOuterProductSparse } from '../linalg/batch-outer-product.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import { SparseRows } from '../linalg/sparse-rows.ts';
import type { Optimizer } from '../core/optimizer.ts';

/** Rows of the gradient computed per piece of the step: 4·cols doubles stay in L1 (25 KB for MNIST's input layer). */
export const GRADIENT_BLOCK_ROWS = 4;

/**
 * One optimizer step of W (rows × cols) with the gradient G = scale·Σ_s a_s·p_sᵀ of a mini-batch
 * (a: B × rows, p: B × cols, dense or sparse rows). G is built GRADIENT_BLOCK_ROWS rows at a time in
 * `block` (at least GRADIENT_BLOCK_ROWS·cols long) and each block handed to the optimizer at once,
 * so it is read back from L1 instead of written to memory whole and streamed in again; the result
 * is bit for bit that of building G and calling `optimizer.step`.
 */
export function outerProductStep(optimizer: Optimizer, slot: number, w: DenseMatrix, a: Float64Array, p: Float64Array | SparseRows, batch: number, scale: number, block: Float64Array): void {
  const { rows, cols, data } = w;
  optimizer.begin(slot, data.length);
  for (let from = 0; from < rows; from += GRADIENT_BLOCK_ROWS) {
    const to = Math.min(rows, from + GRADIENT_BLOCK_ROWS);
    if (p instanceof SparseRows) batchOuterProductSparse(block, rows, cols, a, p, batch, scale, from, to);
    else batchOuterProduct(block, rows, cols, a, p, batch, scale, from, to);
    optimizer.stepRange(data, from * cols, block, 0, (to - from) * cols, slot);
  }
}
