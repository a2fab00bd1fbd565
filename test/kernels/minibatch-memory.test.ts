import { describe, expect, it } from 'vitest';
import { adam } from '../../src/core/optimizer.ts';
import { defaultMinibatchKernelKind, MinibatchMemory } from '../../src/kernels/minibatch-memory.ts';
import { jsMinibatchKernels } from '../../src/kernels/minibatch-kernels.ts';
import { SparseRows } from '../../src/linalg/sparse-rows.ts';
import { transposedMatVec } from '../../src/linalg/transposed-mat-vec.ts';
import { Random } from '../../src/random/random.ts';

const rng = new Random(5, 'minibatch-kernels');
/** Values in (−1, 1), with about a third exact zeros (so the sparse and zero-skipping paths run). */
const fill = (a: Float64Array, zeros = true) => {
  for (let i = 0; i < a.length; i++) a[i] = zeros && rng.uniform() < 0.33 ? 0 : rng.uniform() * 2 - 1;
  return a;
};
/** Indices where two arrays differ in their bits. */
function differences(a: ArrayLike<number>, b: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) out.push(i);
  return out;
}

describe('mini-batch WebAssembly kernels: bit-identical twins of the JavaScript reference', () => {
  it('are built (npm run build:kernels) and load here', () => {
    expect(defaultMinibatchKernelKind()).toBe('wasm');
  });

  // sizes around the 2 × 2 dot-product blocks, the 4-row sparse blocks, the 4-sample groups of
  // the outer product, the j mod 4 lanes, odd columns and the 64-column tiles of the transposed product
  for (const [rows, cols, batch] of [
    [1, 1, 1],
    [2, 3, 2],
    [5, 7, 3],
    [8, 9, 7],
    [13, 130, 10],
    [37, 785, 11],
  ]) {
    it(`batchMatVec (= and +=), sparseBatchMatVec, outer products, batchTransposedMatVec: ${rows}×${cols}, batch ${batch}`, () => {
      const m = MinibatchMemory.build('wasm', (alloc) => ({
        k: alloc.kernels,
        w: alloc.float64(rows * cols),
        x: alloc.float64(3 + batch * cols),
        xs: alloc.sparseRows(batch, cols),
        out: alloc.float64(2 + batch * rows),
        a: alloc.float64(batch * rows),
        g: alloc.float64(rows * cols),
        t: alloc.float64(batch * cols),
      }));
      expect(m.k.kind).toBe('wasm');
      fill(m.w, false);
      fill(m.x);
      fill(m.a);
      fill(m.out);
      for (let s = 0; s < batch; s++) m.xs.set(s, m.x, 3 + s * cols, cols - 1, true);
      const js = new SparseRows(batch, cols);
      for (let s = 0; s < batch; s++) js.set(s, m.x, 3 + s * cols, cols - 1, true);
      const w = Float64Array.from(m.w);
      const x = Float64Array.from(m.x);
      const a = Float64Array.from(m.a);

      for (const add of [false, true]) {
        const ref = Float64Array.from(m.out);
        jsMinibatchKernels.batchMatVec(w, rows, cols, x, 3, batch, ref, 2, add);
        m.k.batchMatVec(m.w, rows, cols, m.x, 3, batch, m.out, 2, add);
        expect(differences(m.out, ref)).toEqual([]);
      }
      const refSparse = new Float64Array(m.out.length);
      jsMinibatchKernels.sparseBatchMatVec(w, rows, cols, js, batch, refSparse, 2);
      m.out.fill(0);
      m.k.sparseBatchMatVec(m.w, rows, cols, m.xs, batch, m.out, 2);
      expect(differences(m.out, refSparse)).toEqual([]);

      const p = m.x.subarray(3);
      for (const [from, to] of [
        [0, rows],
        [Math.floor(rows / 3), rows],
      ]) {
        const refG = new Float64Array(m.g.length);
        jsMinibatchKernels.outerProductRows(refG, rows, cols, a, x.subarray(3), batch, from, to);
        m.g.fill(7);
        m.k.outerProductRows(m.g, rows, cols, m.a, p, batch, from, to);
        expect(differences(m.g.subarray(0, (to - from) * cols), refG.subarray(0, (to - from) * cols))).toEqual([]);
        jsMinibatchKernels.sparseOuterProductRows(refG, rows, cols, a, js, batch, from, to);
        m.g.fill(7);
        m.k.sparseOuterProductRows(m.g, rows, cols, m.a, m.xs, batch, from, to);
        expect(differences(m.g.subarray(0, (to - from) * cols), refG.subarray(0, (to - from) * cols))).toEqual([]);
      }

      // x as a batch × rows block of errors, the product leaves out the last (bias) column
      const n = cols - 1;
      const refT = new Float64Array(batch * n);
      jsMinibatchKernels.batchTransposedMatVec(w, rows, cols, a, batch, refT, n);
      m.t.fill(7);
      m.k.batchTransposedMatVec(m.w, rows, cols, m.a, batch, m.t, n);
      expect(differences(m.t.subarray(0, batch * n), refT)).toEqual([]);
      // and the batched reference is transposedMatVec per sample
      const one = new Float64Array(n);
      for (let s = 0; s < batch; s++) {
        transposedMatVec(w, rows, cols, a, s * rows, one, n);
        expect(differences(refT.subarray(s * n, (s + 1) * n), one)).toEqual([]);
      }
    });
  }

  it('Adam in the kernel memory (useMemory) steps bit for bit as in plain arrays, also across a move back to plain arrays and a save/load', () => {
    const sizes = new Map([
      [0, 37],
      [3, 2],
    ]);
    const m = MinibatchMemory.build('wasm', (alloc) => ({
      om: alloc.optimizerMemory(sizes),
      p0: alloc.float64(37),
      p3: alloc.float64(2),
      g: alloc.float64(37),
    }));
    expect(m.om).not.toBeNull();
    const slowOpt = adam(0.01, new Map([[3, 0.25]]));
    const fastOpt = adam(0.01, new Map([[3, 0.25]]));
    fastOpt.useMemory!(m.om);
    const s0 = fill(new Float64Array(37), false);
    const s3 = fill(new Float64Array(2), false);
    m.p0.set(s0);
    m.p3.set(s3);
    const step = (t: number) => {
      fill(m.g);
      const g = Float64Array.from(m.g);
      for (const [slot, ps, pf] of [
        [0, s0, m.p0],
        [3, s3, m.p3],
      ] as const) {
        slowOpt.begin(slot, ps.length);
        fastOpt.begin(slot, pf.length);
        // in two pieces, the second at an odd offset
        slowOpt.stepRange(ps, 0, g, 0, 1, slot);
        slowOpt.stepRange(ps, 1, g, 1, ps.length - 1, slot);
        fastOpt.stepRange(pf, 0, m.g, 0, 1, slot);
        fastOpt.stepRange(pf, 1, m.g, 1, pf.length - 1, slot);
      }
      if (t === 3) fastOpt.useMemory!(null);
      if (t === 5) fastOpt.useMemory!(m.om);
      if (t === 7) fastOpt.loadState(fastOpt.saveState());
    };
    for (let t = 0; t < 10; t++) step(t);
    expect(differences(m.p0, s0)).toEqual([]);
    expect(differences(m.p3, s3)).toEqual([]);
    const [a, b] = [slowOpt.saveState(), fastOpt.saveState()];
    expect(b.slots.map((s) => s.t)).toEqual([10, 10]);
    b.slots.forEach((s, i) => {
      expect(differences(s.m, a.slots[i].m)).toEqual([]);
      expect(differences(s.v, a.slots[i].v)).toEqual([]);
    });
    // the moments do live in the kernel memory
    expect(m.om!.moments(0, 37)![0].buffer).toBe(m.p0.buffer);
  });
});
