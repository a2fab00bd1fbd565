import { describe, expect, it } from 'vitest';
import { outerProductStep } from '../../src/baselines/outer-product-step.ts';
import { adam } from '../../src/core/optimizer.ts';
import type { KernelKind } from '../../src/kernels/dense-kernels.ts';
import { MinibatchMemory } from '../../src/kernels/minibatch-memory.ts';
import { batchOuterProduct, batchOuterProductSparse } from '../../src/linalg/batch-outer-product.ts';
import { SparseRows } from '../../src/linalg/sparse-rows.ts';

describe('outerProductStep', () => {
  // 7 rows: one block of 4 and an odd block of 3; batch 7: a group of four samples, a pair, one left
  const [rows, cols, batch] = [7, 5, 7];
  const a = Float64Array.from({ length: batch * rows }, (_, k) => Math.sin(k + 1));
  const p = Float64Array.from({ length: batch * cols }, (_, k) => (k % 3 === 0 ? 0 : Math.cos(k)));
  const w0 = Float64Array.from({ length: rows * cols }, (_, k) => Math.sin(3 * k));

  for (const kind of ['js', 'wasm'] as KernelKind[]) {
    it(`(${kind} kernels) equals building the whole gradient with batchOuterProduct and calling step, dense and sparse, bit for bit`, () => {
      const m = MinibatchMemory.build(kind, (alloc) => ({
        kernels: alloc.kernels,
        w: alloc.float64(rows * cols),
        a: alloc.float64(batch * rows),
        p: alloc.float64(batch * cols),
        sparse: alloc.sparseRows(batch, cols),
        scratch: { scaled: alloc.float64(batch * rows), block: alloc.float64(4 * cols) },
      }));
      m.a.set(a);
      m.p.set(p);
      const sparse = new SparseRows(batch, cols);
      for (let s = 0; s < batch; s++) {
        sparse.set(s, p, s * cols, cols, false);
        m.sparse.set(s, p, s * cols, cols, false);
      }
      for (const sparsePre of [false, true]) {
        const ref = adam(0.01);
        const fused = adam(0.01);
        const wRef = Float64Array.from(w0);
        m.w.set(w0);
        const g = new Float64Array(rows * cols);
        for (let t = 0; t < 2; t++) {
          if (sparsePre) batchOuterProductSparse(g, rows, cols, a, sparse, batch, -0.5, 0, rows);
          else batchOuterProduct(g, rows, cols, a, p, batch, -0.5, 0, rows);
          ref.step(wRef, g, 1);
          outerProductStep(m.kernels, fused, 1, { rows, cols, data: m.w }, m.a, sparsePre ? m.sparse : m.p, batch, -0.5, m.scratch);
        }
        expect(Array.from(m.w)).toEqual(Array.from(wRef));
        // and the step moved the weights (Adam: about lr per step)
        expect(Math.abs(m.w[0] - w0[0])).toBeGreaterThan(0.005);
      }
    });
  }
});
