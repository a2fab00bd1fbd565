import type { KernelKind } from '../kernels/dense-kernels.ts';
import type { WasmGatedCell } from '../kernels/recurrent-kernel-memory.ts';
import { Float32LayerMemory } from './layer-memory-float32.ts';
import { addOutputGradient, copyInputRows, holdEndedStates, holdFrozenRows, releaseFrozenRows } from './window-rows.ts';

/** Arithmetic of a recurrent layer: 'float64' (the default, and what gradient checks use) or 'float32'. */
export type RecurrentPrecision = 'float64' | 'float32';

/** The cells with a float32 path. */
export type Float32Cell = WasmGatedCell | 'fix-sublstm';
export const FLOAT32_CELLS: readonly Float32Cell[] = ['lstm', 'sublstm', 'fix-sublstm'];

/**
 * The float32 computation of one LSTM, subLSTM or fix-subLSTM layer (a RecurrentLayer with
 * `precision: 'float32'` hands its forward and backward to this): the same algorithm and tape
 * layout as RecurrentLayer's float64 path (layer.ts) — the input part W_x·x + b of all T·B rows as
 * one product before the recurrence, one B × G product and one element-wise cell step per time
 * step, the weight gradients as one Aᵀ·B product over all rows after the backward sweep — on
 * float32 tapes, with the float32 kernels of layer-memory-float32.ts.
 *
 * The parameters stay float64 in the network's vector (the optimizer updates them in float64);
 * each forward rounds W_x and W_h to float32 copies. What leaves the layer is float64 again: the
 * state tape (for the layer above and the readout), the carried state, dL/dx and dL/ds_0. The
 * float32 weight gradients of a window are summed in float32 and then added to the float64
 * gradient vector. No step allocates once the tapes have grown.
 *
 * The fix-subLSTM runs as a subLSTM whose forget gate has no weights: its gate rows [i, o, z] and
 * a forget row per unit with zero weights and bias φ (the cell's `forget` parameter, f = σ(φ))
 * make the 4H rows [i, f, o, z] of the subLSTM kernels, so f = σ(0·x + 0·h + φ) and the forget
 * rows' bias gradient is dL/dφ. (The zero rows cost a third more work in the layer's products,
 * small beside a language model's readout.)
 *
 * The window loops of `forward` and `backward` repeat RecurrentLayer's on purpose, sharing only the
 * row helpers of window-rows.ts: what differs between the two is inside every step (float32 tapes
 * and kernels; here the gathered gate rows and bias places of the fix-subLSTM, there the GRU's
 * separate recurrent product, cells without WebAssembly twins and extra-parameter gradients), so
 * one loop for both would be a loop of branches and indirect calls around each step's products,
 * with its typed-array loops seeing both element types.
 */
export class Float32LayerEngine {
  private readonly memory: Float32LayerMemory;
  private capacity = -1;
  private batch = 0;
  private steps = 0;
  private lengths: Int32Array | null = null;
  private a = new Float32Array(0);
  private states = new Float32Array(0);
  private cache = new Float32Array(0);
  private dA = new Float32Array(0);
  private xTape = new Float32Array(0);
  private dX = new Float32Array(0);
  private dS = new Float32Array(0);
  private dSPrev = new Float32Array(0);
  private pass = new Float32Array(0);
  private wxT = new Float32Array(0);
  private whT = new Float32Array(0);
  private wx = new Float32Array(0);
  private wh = new Float32Array(0);
  private dWx = new Float32Array(0);
  private dWh = new Float32Array(0);
  private readonly g: number;
  private readonly s: number;

  /** The kernels' cell: the fix-subLSTM runs on the subLSTM's. */
  private readonly kernelCell: WasmGatedCell;
  /** Per kernel gate row r of [i f o z]: the cell's own weight row, or −1 for a fix-subLSTM forget row (no weights). */
  private readonly weightRow: Int32Array;
  /** Per kernel gate row r: where its bias lives in the parameter vector (b, or the fix-subLSTM's `forget`). */
  private readonly biasAt: Int32Array;
  private readonly bias: Float32Array;

  constructor(
    readonly cell: Float32Cell,
    readonly hidden: number,
    readonly inputSize: number,
    private readonly wxOff: number,
    private readonly whOff: number,
    bOff: number,
    kernels: KernelKind,
    extraOff: number,
  ) {
    this.memory = new Float32LayerMemory(kernels);
    this.g = 4 * hidden;
    this.s = 2 * hidden;
    this.kernelCell = cell === 'fix-sublstm' ? 'sublstm' : cell;
    // fix-subLSTM gate rows [i, o, z] → kernel rows [i, f, o, z]; the other cells map row r to r
    const block = cell === 'fix-sublstm' ? [0, -1, 1, 2] : [0, 1, 2, 3];
    this.weightRow = Int32Array.from({ length: this.g }, (_, r) => {
      const q = block[Math.floor(r / hidden)];
      return q < 0 ? -1 : q * hidden + (r % hidden);
    });
    this.biasAt = Int32Array.from(this.weightRow, (q, r) => (q < 0 ? extraOff + (r % hidden) : bOff + q));
    this.bias = new Float32Array(this.g);
  }

  /** dst[r·cols + c] (float32, rows r of the kernel's gate order) = the cell's weight row weightRow[r] at off, 0 for a row without weights; with `transposed`, dst[c·rows + r]. */
  private gatherRows(params: Float64Array, off: number, cols: number, dst: Float32Array, transposed: boolean): void {
    const g = this.g;
    for (let r = 0; r < g; r++) {
      const q = this.weightRow[r];
      const src = off + q * cols;
      for (let c = 0; c < cols; c++) dst[transposed ? c * g + r : r * cols + c] = q < 0 ? 0 : params[src + c];
    }
  }

  /** grads[off + weightRow[r]·cols + c] += src[r·cols + c] for the rows with weights. */
  private scatterRows(src: Float32Array, cols: number, grads: Float64Array, off: number): void {
    for (let r = 0; r < this.g; r++) {
      const q = this.weightRow[r];
      if (q < 0) continue;
      const dst = off + q * cols;
      for (let c = 0; c < cols; c++) grads[dst + c] += src[r * cols + c];
    }
  }

  /** The kernels this engine runs on. */
  get kernels(): KernelKind {
    return this.memory.kind;
  }

  /** Sizes the float32 tapes for B sequences of T steps (they grow only; one allocation when they change). */
  private reserve(batch: number, steps: number): void {
    const n = batch * steps;
    if (batch !== this.batch || n > this.capacity) {
      const cap = Math.max(n, batch === this.batch ? this.capacity : 0);
      const { g, s, hidden: h, inputSize: ins } = this;
      [this.a, this.states, this.cache, this.dA, this.xTape, this.dX, this.dS, this.dSPrev, this.pass, this.wxT, this.whT, this.wx, this.wh, this.dWx, this.dWh] = this.memory.allocate([
        cap * g, (cap + batch) * s, cap * 5 * h, cap * g, cap * ins, cap * ins, batch * s, batch * s, batch * s, ins * g, h * g, g * ins, g * h, g * ins, g * h,
      ]);
      this.capacity = cap;
    }
    this.batch = batch;
    this.steps = steps;
  }

  /**
   * Runs the window on x (T·B float64 input rows, row (t, b) at xOff + (t·B + b)·ldx) from the
   * initial state `initial` (B × 2H, float64) or zero, and writes the float64 state tape
   * ((T + 1) × B × 2H, block 0 the initial state) into states64.
   */
  forward(params: Float64Array, x: Float64Array, xOff: number, ldx: number, batch: number, steps: number, lengths: Int32Array | null, initial: Float64Array | null, states64: Float64Array): void {
    this.reserve(batch, steps);
    this.lengths = lengths;
    const { g, s, hidden: h, inputSize: ins } = this;
    const n = batch * steps;
    const xt = this.xTape;
    copyInputRows(x, xOff, ldx, n, ins, xt);
    this.gatherRows(params, this.wxOff, ins, this.wxT, true);
    this.gatherRows(params, this.whOff, h, this.whT, true);
    const whT = this.whT;
    const bias = this.bias;
    for (let k = 0; k < g; k++) bias[k] = params[this.biasAt[k]];
    const a = this.a;
    for (let r = 0; r < n; r++) a.set(bias, r * g);
    this.memory.nn(n, g, ins, xt, 0, ins, this.wxT, 0, g, a, 0, g);
    const states = this.states;
    if (initial !== null) for (let k = 0; k < batch * s; k++) states[k] = initial[k];
    else states.fill(0, 0, batch * s);
    for (let t = 0; t < steps; t++) {
      const prev = t * batch * s;
      const next = prev + batch * s;
      this.memory.nn(batch, g, h, states, prev, s, whT, 0, g, a, t * batch * g, g);
      this.memory.gatedForward(this.kernelCell, batch, h, a, t * batch * g, states, prev, states, next, this.cache, t * batch * 5 * h);
      if (lengths !== null) holdEndedStates(states, prev, next, lengths, batch, s, t);
    }
    for (let k = 0; k < (n + batch) * s; k++) states64[k] = states[k];
  }

  /**
   * Backpropagation through the last forward window, as RecurrentLayer.backward: dH (float64, row
   * (t, b) at dHOff + (t·B + b)·H, or null) from above; adds the parameter gradients into grads,
   * writes dL/ds_0 into initialStateGradient64 and, when inputGradient64 is given, dL/dx of every
   * row into it.
   */
  backward(params: Float64Array, grads: Float64Array, dH: Float64Array | null, dHOff: number, inputGradient64: Float64Array | null, initialStateGradient64: Float64Array): void {
    const { g, s, hidden: h, inputSize: ins, batch, steps, lengths } = this;
    const wh = this.wh;
    this.gatherRows(params, this.whOff, h, wh, false);
    let dS = this.dS;
    let dSPrev = this.dSPrev;
    dS.fill(0);
    for (let t = steps - 1; t >= 0; t--) {
      if (dH !== null) addOutputGradient(dH, dHOff, t, batch, h, dS, s);
      if (lengths !== null) holdFrozenRows(dS, this.pass, lengths, batch, s, t);
      this.memory.gatedBackward(this.kernelCell, batch, h, dS, 0, this.cache, t * batch * 5 * h, this.states, t * batch * s, this.dA, t * batch * g, dSPrev, 0);
      this.memory.nn(batch, h, g, this.dA, t * batch * g, g, wh, 0, h, dSPrev, 0, s);
      if (lengths !== null) releaseFrozenRows(dSPrev, this.pass, lengths, batch, s, t);
      const tmp = dS;
      dS = dSPrev;
      dSPrev = tmp;
    }
    this.dS = dS;
    this.dSPrev = dSPrev;
    for (let k = 0; k < batch * s; k++) initialStateGradient64[k] = dS[k];
    const n = batch * steps;
    const dWx = this.dWx;
    const dWh = this.dWh;
    dWx.fill(0);
    dWh.fill(0);
    this.memory.tn(g, ins, n, this.dA, 0, g, this.xTape, 0, ins, dWx, 0, ins);
    this.memory.tn(g, h, n, this.dA, 0, g, this.states, 0, s, dWh, 0, h);
    this.scatterRows(dWx, ins, grads, this.wxOff);
    this.scatterRows(dWh, h, grads, this.whOff);
    const dA = this.dA;
    const biasAt = this.biasAt;
    for (let r = 0; r < n; r++) {
      const o = r * g;
      for (let k = 0; k < g; k++) grads[biasAt[k]] += dA[o + k];
    }
    if (inputGradient64 !== null) {
      const wx = this.wx;
      this.gatherRows(params, this.wxOff, ins, wx, false);
      this.dX.fill(0, 0, n * ins);
      this.memory.nn(n, ins, g, dA, 0, g, wx, 0, ins, this.dX, 0, ins);
      for (let k = 0; k < n * ins; k++) inputGradient64[k] = this.dX[k];
    }
  }
}
