import type { RecurrentCell } from './cells/cell.ts';
import type { KernelKind } from '../kernels/dense-kernels.ts';
import { gemmNN, gemmNT, gemmTN } from './gemm.ts';
import { Float32LayerEngine, FLOAT32_CELLS, type RecurrentPrecision } from './layer-float32.ts';
import { LayerMemory } from './layer-memory.ts';
import { addOutputGradient, copyInputRows, holdEndedStates, holdFrozenRows, releaseFrozenRows } from './window-rows.ts';

/**
 * One recurrent layer of a batch of B sequences over a window of T steps: the tapes of a forward
 * pass, backpropagation through the window, and the one-step derivatives that online methods use.
 *
 * Layout (all time-major, rows = sequences, so one step's rows are contiguous):
 * - pre-activations a: T × B × G. The input part Wx·x_t + b of every step is one matrix product
 *   over all T·B rows before the recurrence; each step then adds Wh·h_{t−1} (one B × G product);
 * - states: (T + 1) × B × dim(s), row 0 the initial state; h is the first H numbers of a row;
 * - cache: T × B × cacheSize (gate values for the backward step);
 * - dA (and dAH for the GRU): T × B × G, the pre-activation gradients, so the weight gradients are
 *   one Aᵀ·B product over all T·B rows after the backward sweep.
 * Tapes grow to the largest B·T seen and are reused; no step allocates. The window's input is
 * copied into the layer's own tape, and the weights into row-major and transposed copies, so that
 * with the WebAssembly kernels (`kernels: 'wasm'`) every operand of the hot products lies in the
 * layer's block of WebAssembly memory (LayerMemory); both kernel kinds give bit-identical results.
 *
 * Parameters live in the network's flat vector: Wx (G × I, row-major), Wh (G × H), b (G), then
 * the cell's extra vectors. `lengths` (per sequence, the number of valid steps of this window)
 * freezes a sequence's state after its last step: later steps copy the state and pass gradients
 * straight through, and contribute nothing to the parameter gradients.
 *
 * With `precision: 'float32'` (LSTM, subLSTM and fix-subLSTM) forward and backward run in float32 on the
 * layer's Float32LayerEngine (layer-float32.ts); `states`, `carry`, `inputGradient` and
 * `initialStateGradient` are then float64 copies of its float32 numbers, and the per-step
 * Jacobian methods refuse (they are float64 tools, as are the gradient checks).
 */
export class RecurrentLayer {
  readonly hidden: number;
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly wxOff: number;
  readonly whOff: number;
  readonly bOff: number;
  readonly extraOff: number;
  /** One past the layer's last parameter in the flat vector. */
  readonly end: number;

  batch = 0;
  steps = 0;
  private capacity = -1;
  private a = new Float64Array(0);
  private ah = new Float64Array(0);
  /** (T + 1) × B × dim(s): the states of the last forward window, row block 0 the initial state. */
  states = new Float64Array(0);
  private cache = new Float64Array(0);
  private dA = new Float64Array(0);
  private dAH = new Float64Array(0);
  /** T × B × I: dL/dx of the last backward (when asked for), the gradient handed to the layer below. */
  inputGradient = new Float64Array(0);
  private dS = new Float64Array(0);
  private dSPrev = new Float64Array(0);
  private pass = new Float64Array(0);
  private workA = new Float64Array(0);
  private workAH = new Float64Array(0);
  private workS = new Float64Array(0);
  private scratchGrads = new Float64Array(0);
  /** Wxᵀ (I × G) and Whᵀ (H × G), refreshed by each forward: the forward products run over contiguous G-long rows. */
  private wxT = new Float64Array(0);
  private whT = new Float64Array(0);
  /** Wx (G × I) and Wh (G × H) as in the parameter vector, refreshed by each backward. */
  private wx = new Float64Array(0);
  private wh = new Float64Array(0);
  /** Staging of this layer's Wx and Wh gradients around the weight-gradient products. */
  private dWx = new Float64Array(0);
  private dWh = new Float64Array(0);
  private xTape = new Float64Array(0);
  private readonly memory: LayerMemory;
  /** B × dim(s): the final state of the last forward window, the start of a carried next window. */
  carry = new Float64Array(0);
  /** B × dim(s): dL/ds_0 of the last backward (the gradient on the window's initial state). */
  initialStateGradient = new Float64Array(0);

  private lengths: Int32Array | null = null;
  /** The float32 computation when `precision` is 'float32', else null. */
  private readonly float32: Float32LayerEngine | null = null;

  constructor(
    readonly cell: RecurrentCell,
    readonly inputSize: number,
    offset: number,
    kernels: KernelKind = 'js',
    readonly precision: RecurrentPrecision = 'float64',
  ) {
    this.memory = new LayerMemory(kernels);
    this.hidden = cell.hidden;
    this.stateSize = cell.stateSize;
    this.preactivationSize = cell.preactivationSize;
    const g = cell.preactivationSize;
    this.wxOff = offset;
    this.whOff = this.wxOff + g * inputSize;
    this.bOff = this.whOff + g * cell.hidden;
    this.extraOff = this.bOff + g;
    this.end = this.extraOff + cell.extras.reduce((n, e) => n + e.size, 0);
    if (precision === 'float32') {
      const kind = cell.kind;
      if (kind !== 'lstm' && kind !== 'sublstm' && kind !== 'fix-sublstm') throw new RangeError(`precision 'float32' supports the ${FLOAT32_CELLS.join(', ')} cells, not ${kind}: use precision 'float64'`);
      this.float32 = new Float32LayerEngine(kind, cell.hidden, inputSize, this.wxOff, this.whOff, this.bOff, kernels, this.extraOff);
    } else if (precision !== 'float64') {
      throw new RangeError(`precision must be 'float64' or 'float32', got ${String(precision)}`);
    }
  }

  /** The kernels this layer's products run on. */
  get kernels(): KernelKind {
    return this.memory.kind;
  }

  /** dst (cols × rows) = transpose of the rows × cols block of src at off. */
  private static transpose(src: Float64Array, off: number, rows: number, cols: number, dst: Float64Array): void {
    for (let r = 0; r < rows; r++) {
      const o = off + r * cols;
      for (let c = 0; c < cols; c++) dst[c * rows + r] = src[o + c];
    }
  }

  /**
   * Sizes the tapes for B sequences of T steps (they grow only) and the per-batch workspaces: all
   * arrays are laid out anew in one allocation when either changes. The carried state survives when
   * the batch size does not change.
   */
  private reserve(batch: number, steps: number, paramCount: number): void {
    const s = this.stateSize;
    const g = this.preactivationSize;
    const n = batch * steps;
    if (this.scratchGrads.length !== paramCount) this.scratchGrads = new Float64Array(paramCount);
    if (batch !== this.batch || n > this.capacity || this.wxT.length === 0) {
      const cap = Math.max(n, batch === this.batch ? this.capacity : 0);
      const ins = this.inputSize;
      const h = this.hidden;
      const separate = this.cell.separateRecurrent;
      const carry = this.carry.length === batch * s ? this.carry : null;
      [
        this.dS, this.dSPrev, this.pass, this.workS, this.workA, this.workAH, this.ah, this.initialStateGradient, this.carry,
        this.a, this.states, this.cache, this.dA, this.dAH, this.inputGradient, this.xTape,
        this.wxT, this.whT, this.wx, this.wh, this.dWx, this.dWh,
      ] = this.memory.allocate([
        batch * s, batch * s, batch * s, batch * s, batch * g, batch * g, batch * g, batch * s, batch * s,
        cap * g, (cap + batch) * s, cap * this.cell.cacheSize, cap * g, separate ? cap * g : 0, cap * ins, cap * ins,
        ins * g, h * g, g * ins, g * h, g * ins, g * h,
      ]);
      if (!separate) this.dAH = this.dA;
      if (carry !== null) this.carry.set(carry);
      this.capacity = cap;
    }
    this.batch = batch;
    this.steps = steps;
  }

  /**
   * Runs the window. x holds T·B input rows (row (t, b) at xOff + (t·B + b)·ldx), time-major.
   * The initial state is the carried final state of the previous window when `carry` is true
   * (and its batch size matches), else zero. Afterwards `carry` holds the final state.
   */
  forward(params: Float64Array, x: Float64Array, xOff: number, ldx: number, batch: number, steps: number, lengths: Int32Array | null, carry: boolean): void {
    const carried = carry && this.carry.length === batch * this.stateSize;
    if (this.float32 !== null) {
      this.forwardFloat32(this.float32, params, x, xOff, ldx, batch, steps, lengths, carried);
      return;
    }
    this.reserve(batch, steps, params.length);
    this.lengths = lengths;
    const cell = this.cell;
    const s = this.stateSize;
    const g = this.preactivationSize;
    const h = this.hidden;
    const n = batch * steps;
    const a = this.a;
    const ins = this.inputSize;
    const xt = this.xTape;
    copyInputRows(x, xOff, ldx, n, ins, xt);
    RecurrentLayer.transpose(params, this.wxOff, g, this.inputSize, this.wxT);
    RecurrentLayer.transpose(params, this.whOff, g, h, this.whT);
    const bOff = this.bOff;
    for (let r = 0; r < n; r++) for (let k = 0; k < g; k++) a[r * g + k] = params[bOff + k];
    this.memory.nn(n, g, ins, xt, 0, ins, this.wxT, 0, g, a, 0, g);
    const states = this.states;
    const wasmCell = this.memory.hasGatedForward(cell.kind, h) ? cell.kind : null;
    if (carried) states.set(this.carry, 0);
    else states.fill(0, 0, batch * s);
    for (let t = 0; t < steps; t++) {
      const prev = t * batch * s;
      const next = prev + batch * s;
      if (cell.separateRecurrent) {
        this.ah.fill(0);
        this.memory.nn(batch, g, h, states, prev, s, this.whT, 0, g, this.ah, 0, g);
      } else {
        this.memory.nn(batch, g, h, states, prev, s, this.whT, 0, g, a, t * batch * g, g);
      }
      if (wasmCell !== null) this.memory.gatedForward(wasmCell, batch, h, a, t * batch * g, states, prev, states, next, this.cache, t * batch * cell.cacheSize);
      else cell.forward(batch, a, t * batch * g, this.ah, 0, states, prev, states, next, this.cache, t * batch * cell.cacheSize, params, this.extraOff);
      if (lengths !== null) holdEndedStates(states, prev, next, lengths, batch, s, t);
    }
    const last = steps * batch * s;
    for (let k = 0; k < batch * s; k++) this.carry[k] = states[last + k];
  }

  /** The float32 forward: float64 arrays sized here (they grow only), the work done by the engine. */
  private forwardFloat32(engine: Float32LayerEngine, params: Float64Array, x: Float64Array, xOff: number, ldx: number, batch: number, steps: number, lengths: Int32Array | null, carried: boolean): void {
    const s = this.stateSize;
    const n = batch * steps;
    if (this.states.length < (n + batch) * s) this.states = new Float64Array((n + batch) * s);
    if (this.inputGradient.length < n * this.inputSize) this.inputGradient = new Float64Array(n * this.inputSize);
    if (this.carry.length !== batch * s) this.carry = new Float64Array(batch * s);
    if (this.initialStateGradient.length !== batch * s) this.initialStateGradient = new Float64Array(batch * s);
    engine.forward(params, x, xOff, ldx, batch, steps, lengths, carried ? this.carry : null, this.states);
    this.batch = batch;
    this.steps = steps;
    this.lengths = lengths;
    for (let k = 0; k < batch * s; k++) this.carry[k] = this.states[n * s + k];
  }

  /**
   * Backpropagation through the last forward window (no gradient enters from beyond its end, and
   * none leaves through its initial state except into `initialStateGradient`). dH holds dL/dh_t
   * from above for every step (row (t, b) at dHOff + (t·B + b)·H) or is null. Adds the parameter
   * gradients into grads; fills `inputGradient` when `inputGradient` is true.
   */
  backward(params: Float64Array, grads: Float64Array, dH: Float64Array | null, dHOff: number, wantInputGradient: boolean): void {
    if (this.float32 !== null) {
      this.float32.backward(params, grads, dH, dHOff, wantInputGradient ? this.inputGradient : null, this.initialStateGradient);
      return;
    }
    const cell = this.cell;
    const batch = this.batch;
    const steps = this.steps;
    const s = this.stateSize;
    const g = this.preactivationSize;
    const h = this.hidden;
    const lengths = this.lengths;
    const ins = this.inputSize;
    const wh = this.wh;
    const whOff = this.whOff;
    for (let k = 0; k < g * h; k++) wh[k] = params[whOff + k];
    let dS = this.dS;
    let dSPrev = this.dSPrev;
    dS.fill(0);
    const dAR = cell.separateRecurrent ? this.dAH : this.dA;
    const wasmCell = this.memory.hasGatedForward(cell.kind, h) ? cell.kind : null;
    for (let t = steps - 1; t >= 0; t--) {
      if (dH !== null) addOutputGradient(dH, dHOff, t, batch, h, dS, s);
      if (lengths !== null) holdFrozenRows(dS, this.pass, lengths, batch, s, t);
      if (wasmCell !== null) this.memory.gatedBackward(wasmCell, batch, h, dS, 0, this.cache, t * batch * cell.cacheSize, this.states, t * batch * s, this.dA, t * batch * g, dSPrev, 0);
      else cell.backward(batch, dS, 0, this.cache, t * batch * cell.cacheSize, this.states, t * batch * s, params, this.extraOff, this.dA, t * batch * g, this.dAH, t * batch * g, dSPrev, 0, grads);
      this.memory.nn(batch, h, g, dAR, t * batch * g, g, wh, 0, h, dSPrev, 0, s);
      if (lengths !== null) releaseFrozenRows(dSPrev, this.pass, lengths, batch, s, t);
      const tmp = dS;
      dS = dSPrev;
      dSPrev = tmp;
    }
    this.dS = dS;
    this.dSPrev = dSPrev;
    this.initialStateGradient.set(dS);
    const n = batch * steps;
    // the weight gradients accumulate into grads: staged through the layer's memory
    const dWx = this.dWx;
    const dWh = this.dWh;
    const wxOff = this.wxOff;
    for (let k = 0; k < g * ins; k++) dWx[k] = grads[wxOff + k];
    for (let k = 0; k < g * h; k++) dWh[k] = grads[whOff + k];
    this.memory.tn(g, ins, n, this.dA, 0, g, this.xTape, 0, ins, dWx, 0, ins);
    this.memory.tn(g, h, n, dAR, 0, g, this.states, 0, s, dWh, 0, h);
    for (let k = 0; k < g * ins; k++) grads[wxOff + k] = dWx[k];
    for (let k = 0; k < g * h; k++) grads[whOff + k] = dWh[k];
    const dA = this.dA;
    for (let r = 0; r < n; r++) {
      const o = r * g;
      for (let k = 0; k < g; k++) grads[this.bOff + k] += dA[o + k];
    }
    if (wantInputGradient) {
      const wx = this.wx;
      for (let k = 0; k < g * ins; k++) wx[k] = params[wxOff + k];
      this.inputGradient.fill(0, 0, n * ins);
      this.memory.nn(n, ins, g, dA, 0, g, wx, 0, ins, this.inputGradient, 0, ins);
    }
  }

  private checkStep(t: number): void {
    if (this.float32 !== null) throw new Error(`per-step Jacobians need precision 'float64' (this layer runs in float32)`);
    if (!(Number.isInteger(t) && t >= 0 && t < this.steps)) throw new RangeError(`step ${t} is outside the last forward window of ${this.steps} steps`);
  }

  /** dA (and dAH) of the one-step map of step t for an upstream gradient v (B × dim(s)) on s_{t+1}. */
  private stepPreactivationGradient(params: Float64Array, t: number, v: Float64Array, dSPrevOut: Float64Array, grads: Float64Array): void {
    const s = this.stateSize;
    for (let k = 0; k < this.batch * s; k++) this.workS[k] = v[k];
    if (this.lengths !== null) holdFrozenRows(this.workS, this.pass, this.lengths, this.batch, s, t);
    this.cell.backward(this.batch, this.workS, 0, this.cache, t * this.batch * this.cell.cacheSize, this.states, t * this.batch * s, params, this.extraOff, this.workA, 0, this.workAH, 0, dSPrevOut, 0, grads);
  }

  /**
   * Vector–Jacobian product of step t of the last window (the map s_t → s_{t+1}, state rows of
   * `states` block t to block t + 1, input held fixed): out[b] = v[b]ᵀ·∂s_{t+1}/∂s_t for each of
   * the B sequences. v and out are B × dim(s), out overwritten.
   */
  stateVjp(params: Float64Array, t: number, v: Float64Array, out: Float64Array): void {
    this.checkStep(t);
    this.scratchGrads.fill(0, this.extraOff, this.end);
    this.stepPreactivationGradient(params, t, v, out, this.scratchGrads);
    const dAR = this.cell.separateRecurrent ? this.workAH : this.workA;
    gemmNN(this.batch, this.hidden, this.preactivationSize, dAR, 0, this.preactivationSize, params, this.whOff, this.hidden, out, 0, this.stateSize);
    if (this.lengths !== null) releaseFrozenRows(out, this.pass, this.lengths, this.batch, this.stateSize, t);
  }

  /** Jacobian–vector product of step t: out[b] = ∂s_{t+1}/∂s_t · u[b]; u, out B × dim(s). */
  stateJvp(params: Float64Array, t: number, u: Float64Array, out: Float64Array): void {
    this.checkStep(t);
    const batch = this.batch;
    const s = this.stateSize;
    const g = this.preactivationSize;
    this.workA.fill(0);
    this.workAH.fill(0);
    const target = this.cell.separateRecurrent ? this.workAH : this.workA;
    gemmNT(batch, g, this.hidden, u, 0, s, params, this.whOff, this.hidden, target, 0, g);
    this.cell.tangent(batch, this.workA, 0, this.workAH, 0, u, 0, this.cache, t * batch * this.cell.cacheSize, this.states, t * batch * s, params, this.extraOff, out, 0);
    if (this.lengths !== null) {
      for (let b = 0; b < batch; b++) if (t >= this.lengths[b]) for (let j = 0; j < s; j++) out[b * s + j] = u[b * s + j];
    }
  }

  /**
   * The full Jacobian of step t: out[(b·dim(s) + i)·dim(s) + j] = ∂s_{t+1}[i]/∂s_t[j] for each
   * sequence b (B × dim(s) × dim(s)), one vector–Jacobian product per row i.
   */
  stateJacobian(params: Float64Array, t: number, out: Float64Array): void {
    this.checkStep(t);
    const batch = this.batch;
    const s = this.stateSize;
    const v = this.dS;
    const row = this.dSPrev;
    for (let i = 0; i < s; i++) {
      v.fill(0);
      for (let b = 0; b < batch; b++) v[b * s + i] = 1;
      this.stateVjp(params, t, v, row);
      for (let b = 0; b < batch; b++) for (let j = 0; j < s; j++) out[(b * s + i) * s + j] = row[b * s + j];
    }
  }

  /**
   * The one-step parameter gradient of step t: adds vᵀ·∂s_{t+1}/∂θ (s_t and x_t held fixed) into
   * grads at this layer's offsets, summed over the B sequences. BP(λ)'s "push a gradient on s
   * through the one-step ∂s/∂θ only".
   */
  parameterVjp(params: Float64Array, t: number, v: Float64Array, grads: Float64Array): void {
    this.checkStep(t);
    const batch = this.batch;
    const g = this.preactivationSize;
    const h = this.hidden;
    this.stepPreactivationGradient(params, t, v, this.dSPrev, grads);
    const dAR = this.cell.separateRecurrent ? this.workAH : this.workA;
    gemmTN(g, this.inputSize, batch, this.workA, 0, g, this.xTape, t * batch * this.inputSize, this.inputSize, grads, this.wxOff, this.inputSize);
    gemmTN(g, h, batch, dAR, 0, g, this.states, t * batch * this.stateSize, this.stateSize, grads, this.whOff, h);
    for (let r = 0; r < batch; r++) for (let k = 0; k < g; k++) grads[this.bOff + k] += this.workA[r * g + k];
  }
}
