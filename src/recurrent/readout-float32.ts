import type { KernelKind } from '../kernels/dense-kernels.ts';
import { BLOCKED_GEMM_PACK_FLOATS } from '../kernels/recurrent-kernel-memory.ts';
import { Float32LayerMemory } from './layer-memory-float32.ts';
import type { CrossEntropyRows } from './losses.ts';

/** Side of the square blocks in which weight matrices are transposed (two 32 × 32 blocks stay in L1). */
const TRANSPOSE_BLOCK = 32;

/**
 * The float32 computation of a recurrent network's linear readout y = W·h + b and its softmax
 * cross-entropy (RecurrentNetwork with `precision: 'float32'` hands them to this): the readout of
 * a word-level language model is a V × H matrix (V = 10,002 tokens on Brown) applied to every (step,
 * sequence) row, and its three products — logits, dL/dW and dL/dh — are most of a training step.
 *
 * Layout: the top layer's outputs as float32 rows [h, 1] (N × (H + 1)); the logits Y (N × V,
 * row (t, b) at (t·B + b)·V) = bias + [h]·Wᵀ, from a float32 copy of Wᵀ (H × V) made by each
 * forward; dL/dY (N × V) from the loss; then [dL/dWᵀ; dL/dbᵀ] ((H + 1) × V) = [h, 1]ᵀ·dL/dY in one
 * product (the column of ones gives the bias gradient) and dL/dh (N × H) = dL/dY·W from a float32
 * copy of W made by each backward. The products run on the cache-blocked float32 kernel of
 * layer-memory-float32.ts (WebAssembly f32x4, or its bit-identical JavaScript twin).
 *
 * The parameters stay float64 (the optimizer updates them in float64); what leaves is float64
 * again: the logits on request (`copyOutputs`), the gradients added into the float64 gradient
 * vector, dL/dh for the top layer. No call allocates once the tapes have grown.
 */
export class Float32Readout implements CrossEntropyRows {
  private readonly memory: Float32LayerMemory;
  private capacity = -1;
  private rows = 0;
  private hx = new Float32Array(0);
  private wT = new Float32Array(0);
  private w = new Float32Array(0);
  private y = new Float32Array(0);
  private dY = new Float32Array(0);
  private dWT = new Float32Array(0);
  private dH = new Float32Array(0);
  private pack = new Float32Array(0);

  constructor(
    readonly outputSize: number,
    readonly hidden: number,
    private readonly wOff: number,
    private readonly bOff: number,
    kernels: KernelKind,
  ) {
    this.memory = new Float32LayerMemory(kernels);
  }

  /** Sizes the float32 arrays for N rows (they grow only; one allocation when they do). */
  private reserve(rows: number): void {
    if (rows > this.capacity) {
      const { outputSize: v, hidden: h } = this;
      [this.hx, this.wT, this.w, this.y, this.dY, this.dWT, this.dH, this.pack] = this.memory.allocate([rows * (h + 1), h * v, v * h, rows * v, rows * v, (h + 1) * v, rows * h, this.memory.kind === 'wasm' ? BLOCKED_GEMM_PACK_FLOATS : 0]);
      this.capacity = rows;
    }
    this.rows = rows;
  }

  /** Logits of N rows of the top layer's output h (float64, row r at hOff + r·ldh) into the float32 Y. */
  forward(params: Float64Array, h64: Float64Array, hOff: number, ldh: number, rows: number): void {
    this.reserve(rows);
    const { outputSize: v, hidden: h, hx, y } = this;
    for (let r = 0; r < rows; r++) {
      const src = hOff + r * ldh;
      const dst = r * (h + 1);
      for (let j = 0; j < h; j++) hx[dst + j] = h64[src + j];
      hx[dst + h] = 1;
    }
    transposeInto(params, this.wOff, v, h, this.wT);
    for (let k = 0; k < v; k++) y[k] = params[this.bOff + k];
    for (let r = 1; r < rows; r++) y.copyWithin(r * v, 0, v);
    this.memory.nnBlocked(rows, v, h, hx, 0, h + 1, this.wT, 0, v, y, 0, v, this.pack);
  }

  /** Logit k of row r of the last forward (a float32 number). */
  output(r: number, k: number): number {
    return this.y[r * this.outputSize + k];
  }

  /** The logits of the last forward as float64 (N × V) into `into`. */
  copyOutputs(into: Float64Array): void {
    const n = this.rows * this.outputSize;
    for (let k = 0; k < n; k++) into[k] = this.y[k];
  }

  /** Zeroes dL/dY before a loss scores its rows. */
  clear(): void {
    this.dY.fill(0, 0, this.rows * this.outputSize);
  }

  /**
   * Softmax cross-entropy of row r against class `target`, weighted ws: writes
   * ws·(softmax(y_r) − onehot(target)) into dL/dY (float32: max, e^{y − max} and their sum by the
   * kernels) and returns −log softmax(y_r)[target] = max + ln Σ e^{y − max} − y_r[target] (float64
   * from the float32 max and sum).
   */
  score(r: number, target: number, ws: number): number {
    const v = this.outputSize;
    const off = r * v;
    const max = this.memory.rowMax(v, this.y, off);
    const sum = this.memory.expShiftSum(v, this.y, off, max, this.dY, off);
    this.memory.scale(v, this.dY, off, ws / sum);
    this.dY[off + target] -= ws;
    return max + Math.log(sum) - this.y[off + target];
  }

  /** dL/dY from a float64 gradient (N × V), for losses computed on `copyOutputs`. */
  setOutputGradient(dY64: Float64Array): void {
    const n = this.rows * this.outputSize;
    for (let k = 0; k < n; k++) this.dY[k] = dY64[k];
  }

  /** Adds dL/dW and dL/db of the last loss into grads and writes dL/dh (N × H, float64) into dH64. */
  backward(params: Float64Array, grads: Float64Array, dH64: Float64Array): void {
    const { outputSize: v, hidden: h, rows, dWT, dH, w } = this;
    dWT.fill(0);
    this.memory.tnBlocked(h + 1, v, rows, this.hx, 0, h + 1, this.dY, 0, v, dWT, 0, v, this.pack);
    addTransposed(dWT, h, v, grads, this.wOff);
    for (let k = 0; k < v; k++) grads[this.bOff + k] += dWT[h * v + k];
    for (let k = 0; k < v * h; k++) w[k] = params[this.wOff + k];
    dH.fill(0, 0, rows * h);
    this.memory.nnBlocked(rows, h, v, this.dY, 0, v, w, 0, h, dH, 0, h, this.pack);
    for (let k = 0; k < rows * h; k++) dH64[k] = dH[k];
  }
}

/** dst (cols × rows, float32) = the transpose of the rows × cols block of src at off, in square blocks. */
function transposeInto(src: Float64Array, off: number, rows: number, cols: number, dst: Float32Array): void {
  for (let r0 = 0; r0 < rows; r0 += TRANSPOSE_BLOCK) {
    const r1 = Math.min(rows, r0 + TRANSPOSE_BLOCK);
    for (let c0 = 0; c0 < cols; c0 += TRANSPOSE_BLOCK) {
      const c1 = Math.min(cols, c0 + TRANSPOSE_BLOCK);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) dst[c * rows + r] = src[off + r * cols + c];
    }
  }
}

/** dst[off + c·rows + r] += src[r·cols + c] for the first rows × cols block of src, in square blocks. */
function addTransposed(src: Float32Array, rows: number, cols: number, dst: Float64Array, off: number): void {
  for (let r0 = 0; r0 < rows; r0 += TRANSPOSE_BLOCK) {
    const r1 = Math.min(rows, r0 + TRANSPOSE_BLOCK);
    for (let c0 = 0; c0 < cols; c0 += TRANSPOSE_BLOCK) {
      const c1 = Math.min(cols, c0 + TRANSPOSE_BLOCK);
      for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) dst[off + c * rows + r] += src[r * cols + c];
    }
  }
}
