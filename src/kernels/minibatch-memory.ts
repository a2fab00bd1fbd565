import { fileURLToPath } from 'node:url';
import type { OptimizerMemory } from '../core/optimizer.ts';
import { SparseRows } from '../linalg/sparse-rows.ts';
import type { KernelKind } from './dense-kernels.ts';
import { jsMinibatchKernels, type MinibatchKernels } from './minibatch-kernels.ts';
import { compiledWasm, instantiateWasm } from './wasm-module.ts';

/** The mini-batch trainers' compiled kernels (assembly/minibatch-kernels.ts), built by `npm run build:kernels`. */
const WASM_PATH = fileURLToPath(new URL('../../build/minibatch-kernels.wasm', import.meta.url));
const ALIGN_BYTES = 16;

interface MinibatchWasmExports {
  batchMatVec(w: number, rows: number, cols: number, x: number, batch: number, out: number, add: number): void;
  sparseBatchMatVec(w: number, rows: number, cols: number, index: number, value: number, count: number, width: number, batch: number, out: number): void;
  outerProductRows(g: number, rows: number, cols: number, a: number, p: number, batch: number, from: number, to: number): void;
  sparseOuterProductRows(g: number, rows: number, cols: number, a: number, index: number, value: number, count: number, width: number, batch: number, from: number, to: number): void;
  batchTransposedMatVec(w: number, rows: number, cols: number, x: number, batch: number, out: number, n: number): void;
  adamRange(params: number, grads: number, m: number, v: number, n: number, coef: number): void;
}

/** 'wasm' when the mini-batch SIMD kernels load here, 'js' otherwise. */
export function defaultMinibatchKernelKind(): KernelKind {
  return compiledWasm(WASM_PATH) !== null ? 'wasm' : 'js';
}

/** What a trainer's `construct` receives: an allocator of kernel memory and the kernels bound to it. */
export interface MinibatchAllocator {
  /** n zeros (16-byte aligned in WebAssembly memory). */
  float64(n: number): Float64Array;
  /** Sparse rows whose storage lies in the same memory. */
  sparseRows(capacity: number, width: number): SparseRows;
  /**
   * Room for an optimizer's moments, two arrays per slot of the given sizes (slot → parameters),
   * offered through CheckpointableOptimizer.useMemory to one optimizer at a time; null with the
   * js kernels, where plain arrays serve as well.
   */
  optimizerMemory(sizes: ReadonlyMap<number, number>): OptimizerMemory | null;
  readonly kernels: MinibatchKernels;
}

/**
 * One block of memory of fixed size holding every array a mini-batch trainer's kernels touch
 * (weights, batch rows, gradient blocks), and the kernels bound to it. For WebAssembly the block is
 * the module's linear memory; it never grows, so the views handed out stay valid. A trainer that
 * needs more room (a larger batch) builds a new block and copies its weights over.
 */
export class MinibatchMemory {
  /**
   * Runs `construct` on a block of exactly the size it takes: a first pass on plain arrays counts
   * what it asks for, the second takes the same arrays from the block (KernelMemory.build's
   * scheme). `construct` must ask for the same arrays in both passes and have no other effect.
   */
  static build<T>(kind: KernelKind, construct: (allocate: MinibatchAllocator) => T): T {
    if (kind === 'js') {
      return construct({ float64: (n) => new Float64Array(n), sparseRows: (c, w) => new SparseRows(c, w), optimizerMemory: () => null, kernels: jsMinibatchKernels });
    }
    let bytes = 0;
    const count = (n: number, size: number) => {
      bytes += Math.ceil((n * size) / ALIGN_BYTES) * ALIGN_BYTES;
    };
    construct({
      float64: (n) => {
        count(n, 8);
        return new Float64Array(n);
      },
      sparseRows: (c, w) => {
        count(c * w, 4);
        count(c * w, 8);
        count(c, 4);
        return new SparseRows(c, w);
      },
      optimizerMemory: (sizes) => {
        for (const size of sizes.values()) count(2 * size, 8);
        count(7, 8);
        return null;
      },
      kernels: jsMinibatchKernels,
    });
    const module = compiledWasm(WASM_PATH);
    if (module === null) throw new Error('the mini-batch WebAssembly kernels are not built: run `npm run build:kernels`, or choose the js kernels');
    const { buffer, exports } = instantiateWasm<MinibatchWasmExports>(module, Math.max(ALIGN_BYTES, bytes));
    let used = 0;
    const take = (n: number, size: number) => {
      const start = used;
      used += Math.ceil((n * size) / ALIGN_BYTES) * ALIGN_BYTES;
      if (used > buffer.byteLength) throw new Error(`MinibatchMemory: out of room (${n} numbers requested)`);
      return start;
    };
    const float64 = (n: number) => new Float64Array(buffer, take(n, 8), n);
    return construct({
      float64,
      sparseRows: (c, w) => new SparseRows(c, w, { index: new Int32Array(buffer, take(c * w, 4), c * w), value: float64(c * w), count: new Int32Array(buffer, take(c, 4), c) }),
      optimizerMemory: (sizes) => wasmOptimizerMemory(exports, sizes, float64),
      kernels: wasmMinibatchKernels(exports),
    });
  }
}

/** Byte address of element `off` of an array inside the kernels' memory. */
function ptr(a: Float64Array | Int32Array, off: number): number {
  return a.byteOffset + off * a.BYTES_PER_ELEMENT;
}

function wasmMinibatchKernels(e: MinibatchWasmExports): MinibatchKernels {
  return {
    kind: 'wasm',
    batchMatVec: (w, rows, cols, x, xOff, batch, out, outOff, add) => e.batchMatVec(ptr(w, 0), rows, cols, ptr(x, xOff), batch, ptr(out, outOff), add ? 1 : 0),
    sparseBatchMatVec: (w, rows, cols, x, batch, out, outOff) =>
      e.sparseBatchMatVec(ptr(w, 0), rows, cols, ptr(x.index, 0), ptr(x.value, 0), ptr(x.count, 0), x.width, batch, ptr(out, outOff)),
    outerProductRows: (g, rows, cols, a, p, batch, from, to) => e.outerProductRows(ptr(g, 0), rows, cols, ptr(a, 0), ptr(p, 0), batch, from, to),
    sparseOuterProductRows: (g, rows, cols, a, p, batch, from, to) =>
      e.sparseOuterProductRows(ptr(g, 0), rows, cols, ptr(a, 0), ptr(p.index, 0), ptr(p.value, 0), ptr(p.count, 0), p.width, batch, from, to),
    batchTransposedMatVec: (w, rows, cols, x, batch, out, n) => e.batchTransposedMatVec(ptr(w, 0), rows, cols, ptr(x, 0), batch, ptr(out, 0), n),
  };
}

function wasmOptimizerMemory(e: MinibatchWasmExports, sizes: ReadonlyMap<number, number>, float64: (n: number) => Float64Array): OptimizerMemory {
  const moments = new Map<number, readonly [Float64Array, Float64Array]>();
  for (const [slot, size] of sizes) {
    const both = float64(2 * size);
    moments.set(slot, [both.subarray(0, size), both.subarray(size)]);
  }
  return {
    moments: (slot, size) => {
      const views = moments.get(slot);
      return views !== undefined && views[0].length === size ? views : null;
    },
    adamCoef: float64(7),
    adamRange: (params, from, grads, gOff, n, m, v, coef) => e.adamRange(ptr(params, from), ptr(grads, gOff), ptr(m, from), ptr(v, from), n, ptr(coef, 0)),
  };
}
