import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import { SparseRows } from '../linalg/sparse-rows.ts';
import type { MinibatchKernels } from '../kernels/minibatch-kernels.ts';
import type { Optimizer } from '../core/optimizer.ts';

/** Rows of the gradient computed per piece of the step: 4·cols doubles stay in L1 (25 KB for MNIST's input layer). */
export const GRADIENT_BLOCK_ROWS = 4;

/** Scratch of outerProductStep, from the kernels' memory: `scaled` ≥ batch·rows, `block` ≥ GRADIENT_BLOCK_ROWS·cols numbers. */
export interface OuterProductScratch {
  readonly scaled: Float64Array;
  readonly block: Float64Array;
}

/**
 * One optimizer step of W (rows × cols) with the gradient G = scale·Σ_s a_s·p_sᵀ of a mini-batch
 * (a: B × rows, p: B × cols, dense or sparse rows). a is first multiplied by `scale` into
 * `scratch.scaled` (the products batchOuterProduct forms per row, formed once), then G is built
 * GRADIENT_BLOCK_ROWS rows at a time in `scratch.block` and each block handed to the optimizer at
 * once, so it is read back from L1 instead of written to memory whole and streamed in again; the
 * result is bit for bit that of building G with batchOuterProduct and calling `optimizer.step`.
 */
export function outerProductStep(
  kernels: MinibatchKernels,
  optimizer: Optimizer,
  slot: number,
  w: DenseMatrix,
  a: Float64Array,
  p: Float64Array | SparseRows,
  batch: number,
  scale: number,
  scratch: OuterProductScratch,
): void {
  const { rows, cols, data } = w;
  const { scaled, block } = scratch;
  for (let k = 0; k < batch * rows; k++) scaled[k] = scale * a[k];
  optimizer.begin(slot, data.length);
  for (let from = 0; from < rows; from += GRADIENT_BLOCK_ROWS) {
    const to = Math.min(rows, from + GRADIENT_BLOCK_ROWS);
    if (p instanceof SparseRows) kernels.sparseOuterProductRows(block, rows, cols, scaled, p, batch, from, to);
    else kernels.outerProductRows(block, rows, cols, scaled, p, batch, from, to);
    optimizer.stepRange(data, from * cols, block, 0, (to - from) * cols, slot);
  }
}
