import type { CheckpointableOptimizer, OptimizerState } from '../core/optimizer.ts';
import type { KernelKind } from '../kernels/dense-kernels.ts';
import { defaultRecurrentKernelKind } from '../kernels/recurrent-kernel-memory.ts';
import { Random } from '../random/random.ts';
import type { CellKind } from './cells/cell.ts';
import { makeCell, type CellOptions } from './cells/index.ts';
import { gemmNN, gemmNT, gemmTN } from './gemm.ts';
import type { RecurrentPrecision } from './layer-float32.ts';
import { RecurrentLayer } from './layer.ts';
import { sequenceLoss, type LossSpec } from './losses.ts';
import { Float32Readout } from './readout-float32.ts';

/** Shape and seed of a recurrent network. */
export interface RecurrentNetworkOptions extends CellOptions {
  readonly cell: CellKind;
  readonly inputSize: number;
  /** Units of each stacked layer, bottom first (any depth ≥ 1). */
  readonly hidden: readonly number[];
  readonly outputSize: number;
  /** Seed of the Glorot initialisation (streams derived per matrix from (seed, name)). */
  readonly seed: number;
  /**
   * Kernels of the layers' matrix products: 'wasm' (WebAssembly SIMD, the default when built) or
   * 'js' (the plain-JavaScript reference). Both give bit-identical results.
   */
  readonly kernels?: KernelKind;
  /**
   * Arithmetic of the recurrent layers, the readout and its softmax cross-entropy: 'float64'
   * (default) or 'float32' (LSTM, subLSTM, fix-subLSTM; about twice the SIMD width; parameters, optimizer
   * and the loss value stay float64). Gradient checks and the per-step Jacobians need 'float64'.
   */
  readonly precision?: RecurrentPrecision;
}

/**
 * A batch of B sequences of T steps, batch-first: inputs[(b·T + t)·I + i]. `lengths` (optional)
 * gives each sequence's valid steps in this window (≤ T); later steps leave its state unchanged
 * and score no loss.
 */
export interface SequenceBatch {
  readonly inputs: Float64Array;
  readonly batchSize: number;
  readonly steps: number;
  readonly lengths?: Int32Array;
}

/** Where one named parameter array lives in the flat vector (row-major rows × cols). */
export interface ParameterView {
  readonly offset: number;
  readonly rows: number;
  readonly cols: number;
}

/** Parameters, carried states and optimizer state as plain typed arrays (a checkpoint). */
export interface RecurrentSnapshot {
  readonly parameters: Float64Array;
  /** Per layer, the carried final state (B × dim(s)) of the last window; empty before any forward. */
  readonly carriedStates: readonly Float64Array[];
  readonly optimizer: OptimizerState | null;
}

/**
 * Stacked recurrent layers with a linear readout y_t = W_out·h_t + b_out on the top layer, trained
 * by full or truncated backpropagation through time.
 *
 * Usage:
 * ```ts
 * const net = new RecurrentNetwork({ cell: 'sublstm', inputSize: 28, hidden: [100], outputSize: 10, seed: 1 });
 * net.forward({ inputs, batchSize: 20, steps: 28 });            // full BPTT: starts from zero state
 * const loss = net.loss({ kind: 'cross-entropy', at: 'last', targets }); // also stores dL/dy
 * net.backward();                                                 // net.gradients = dL/dθ
 * clipGlobalNorm(net.gradients, 1); optimizer.step(net.parameters, net.gradients, 0);
 * ```
 * Truncated BPTT: call forward on consecutive windows of k steps with `{ carryState: true }` from
 * the second window on; each window starts from the previous window's final state, held constant
 * (PyTorch's `detach`), and backward runs through the window only.
 *
 * Online methods (BP(λ), RTRL-like rules) use the layers after a forward window:
 * `net.layers[l].stateJacobian(net.parameters, t, J)` writes the B × dim(s) × dim(s) Jacobian of
 * step t (s_t → s_{t+1}, the layer's input held fixed), `stateVjp`/`stateJvp` its products with a
 * vector per sequence, and `parameterVjp` adds vᵀ·∂s_{t+1}/∂θ (one step only) into a gradient
 * vector. State s is [h; c] for the LSTM family, h otherwise. Stepping online is a window of one
 * step with `{ carryState: true }`; no step allocates once the tapes have grown.
 *
 * All parameters are one Float64Array (`parameters`), gradients another of the same layout
 * (`gradients`), with named views (`views`): per layer l, `layer{l}.Wx` (G × I), `layer{l}.Wh`
 * (G × H), `layer{l}.b` (G), the cell's extras (`layer{l}.forget` of the fix-subLSTM,
 * `layer{l}.candidateBias` of the GRU); then `readout.W` (O × H_top), `readout.b` (O).
 * Gate blocks of G follow the cell's `gateNames` (LSTM and subLSTM [i, f, o, z]).
 *
 * Initialisation: every gate block of Wx and Wh together is Glorot-uniform over the concatenated
 * input [x; h] (U(±√(6/(I + H + H)))), the readout Glorot-uniform over (H + O); biases 0 except the
 * cell's forget bias. Outputs, states and tapes are time-major internally (row (t, b)).
 */
export class RecurrentNetwork {
  readonly layers: readonly RecurrentLayer[];
  readonly parameters: Float64Array;
  readonly gradients: Float64Array;
  readonly views: ReadonlyMap<string, ParameterView>;
  readonly inputSize: number;
  readonly outputSize: number;
  private readonly readoutW: number;
  private readonly readoutB: number;
  /** The float32 readout and softmax when `precision` is 'float32', else null. */
  private readonly readout32: Float32Readout | null;

  private batch = 0;
  private steps = 0;
  private lengths: Int32Array | null = null;
  private xTape = new Float64Array(0);
  private outputs64 = new Float64Array(0);
  /** Whether outputs64 lags the float32 readout's logits (copied on first read). */
  private outputsStale = false;
  private dY = new Float64Array(0);
  private dHTop = new Float64Array(0);
  private lossReady = false;

  constructor(readonly options: RecurrentNetworkOptions) {
    const { inputSize, hidden, outputSize } = options;
    if (hidden.length === 0) throw new RangeError('a recurrent network needs at least one layer');
    for (const n of [inputSize, outputSize, ...hidden]) if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`sizes must be positive integers, got ${n}`);
    this.inputSize = inputSize;
    this.outputSize = outputSize;
    const layers: RecurrentLayer[] = [];
    const views = new Map<string, ParameterView>();
    let offset = 0;
    let below = inputSize;
    const kernels = options.kernels ?? defaultRecurrentKernelKind();
    if (kernels !== 'js' && kernels !== 'wasm') throw new RangeError(`kernels must be 'js' or 'wasm', got ${String(kernels)}`);
    hidden.forEach((h, l) => {
      const layer = new RecurrentLayer(makeCell(options.cell, h, options), below, offset, kernels, options.precision ?? 'float64');
      const g = layer.preactivationSize;
      views.set(`layer${l}.Wx`, { offset: layer.wxOff, rows: g, cols: below });
      views.set(`layer${l}.Wh`, { offset: layer.whOff, rows: g, cols: h });
      views.set(`layer${l}.b`, { offset: layer.bOff, rows: 1, cols: g });
      let e = layer.extraOff;
      for (const extra of layer.cell.extras) {
        views.set(`layer${l}.${extra.name}`, { offset: e, rows: 1, cols: extra.size });
        e += extra.size;
      }
      layers.push(layer);
      offset = layer.end;
      below = h;
    });
    const top = hidden[hidden.length - 1];
    this.readoutW = offset;
    this.readoutB = offset + outputSize * top;
    views.set('readout.W', { offset: this.readoutW, rows: outputSize, cols: top });
    views.set('readout.b', { offset: this.readoutB, rows: 1, cols: outputSize });
    this.layers = layers;
    this.views = views;
    this.readout32 = options.precision === 'float32' ? new Float32Readout(outputSize, top, this.readoutW, this.readoutB, kernels) : null;
    this.parameters = new Float64Array(this.readoutB + outputSize);
    this.gradients = new Float64Array(this.parameters.length);
    this.initialise(options.seed);
  }

  /** Glorot-uniform weights, cell biases and extras, from streams derived from (seed, view name). */
  private initialise(seed: number): void {
    const p = this.parameters;
    this.layers.forEach((layer, l) => {
      const h = layer.hidden;
      const limit = Math.sqrt(6 / (layer.inputSize + h + h));
      new Random(seed, `layer${l}.Wx`).fillUniformSymmetric(p, layer.wxOff, layer.preactivationSize * layer.inputSize, limit);
      new Random(seed, `layer${l}.Wh`).fillUniformSymmetric(p, layer.whOff, layer.preactivationSize * h, limit);
      layer.cell.initBias(p, layer.bOff);
      let e = layer.extraOff;
      for (const extra of layer.cell.extras) {
        p.fill(extra.init, e, e + extra.size);
        e += extra.size;
      }
    });
    const top = this.layers[this.layers.length - 1].hidden;
    new Random(seed, 'readout.W').fillUniformSymmetric(p, this.readoutW, this.outputSize * top, Math.sqrt(6 / (top + this.outputSize)));
  }

  /** The named parameter array as a subarray of `parameters` (or of `gradients` with `of`). */
  view(name: string, of: Float64Array = this.parameters): Float64Array {
    const v = this.views.get(name);
    if (v === undefined) throw new RangeError(`no parameter named ${name}; have ${[...this.views.keys()].join(', ')}`);
    return of.subarray(v.offset, v.offset + v.rows * v.cols);
  }

  /**
   * Runs a window of B sequences. Starts from the zero state, or with `carryState` from the final
   * states of the previous window (same batch size). Fills `outputs` (time-major).
   */
  forward(batch: SequenceBatch, options: { carryState?: boolean } = {}): void {
    const { batchSize: bs, steps: t, inputs } = batch;
    const inp = this.inputSize;
    if (inputs.length !== bs * t * inp) throw new RangeError(`inputs need B·T·I = ${bs * t * inp} numbers, got ${inputs.length}`);
    const lengths = batch.lengths ?? null;
    if (lengths !== null && lengths.length !== bs) throw new RangeError(`lengths need ${bs} entries, got ${lengths.length}`);
    const n = bs * t;
    if (this.xTape.length < n * inp) this.xTape = new Float64Array(n * inp);
    // with the float32 readout the float64 logits and dL/dy are sized only when a reader needs them
    if (this.readout32 === null) this.reserveFloat64Outputs(n);
    const topH = this.layers[this.layers.length - 1].hidden;
    if (this.dHTop.length < n * topH) this.dHTop = new Float64Array(n * topH);
    // batch-first → time-major
    const x = this.xTape;
    for (let b = 0; b < bs; b++) {
      for (let s = 0; s < t; s++) {
        const src = (b * t + s) * inp;
        const dst = (s * bs + b) * inp;
        for (let i = 0; i < inp; i++) x[dst + i] = inputs[src + i];
      }
    }
    this.batch = bs;
    this.steps = t;
    this.lengths = lengths;
    const carry = options.carryState === true;
    let src = x;
    let srcOff = 0;
    let ld = inp;
    for (const layer of this.layers) {
      layer.forward(this.parameters, src, srcOff, ld, bs, t, lengths, carry);
      src = layer.states;
      srcOff = bs * layer.stateSize;
      ld = layer.stateSize;
    }
    this.lossReady = false;
    if (this.readout32 !== null) {
      this.readout32.forward(this.parameters, src, srcOff, ld, n);
      this.outputsStale = true;
      return;
    }
    const o = this.outputSize;
    const y = this.outputs64;
    const p = this.parameters;
    for (let r = 0; r < n; r++) for (let k = 0; k < o; k++) y[r * o + k] = p[this.readoutB + k];
    gemmNT(n, o, topH, src, srcOff, ld, this.parameters, this.readoutW, topH, y, 0, o);
  }

  /** Grows the float64 logits and dL/dy to n rows (they only grow). */
  private reserveFloat64Outputs(n: number): void {
    if (this.outputs64.length < n * this.outputSize) {
      this.outputs64 = new Float64Array(n * this.outputSize);
      this.dY = new Float64Array(n * this.outputSize);
    }
  }

  /** T × B × O readout of the last forward (row (t, b) at (t·B + b)·O; float64 copies of the float32 logits with `precision: 'float32'`). */
  get outputs(): Float64Array {
    if (this.outputsStale && this.readout32 !== null) {
      this.reserveFloat64Outputs(this.batch * this.steps);
      this.readout32.copyOutputs(this.outputs64);
      this.outputsStale = false;
    }
    return this.outputs64;
  }

  /** y_t[k] of sequence b at step t of the last forward window. */
  output(b: number, t: number, k: number): number {
    const r = t * this.batch + b;
    return this.readout32 !== null ? this.readout32.output(r, k) : this.outputs64[r * this.outputSize + k];
  }

  /**
   * The loss of the last forward window; stores dL/dy for `backward`. With `precision: 'float32'`
   * the softmax cross-entropy runs on the float32 logits; other losses on their float64 copies.
   */
  loss(spec: LossSpec): number {
    const r32 = this.readout32;
    let value: number;
    if (r32 !== null && spec.kind === 'cross-entropy') {
      value = sequenceLoss(this.outputs64, this.batch, this.steps, this.outputSize, this.lengths, spec, this.dY, r32);
    } else {
      const y = this.outputs;
      this.reserveFloat64Outputs(this.batch * this.steps);
      value = sequenceLoss(y, this.batch, this.steps, this.outputSize, this.lengths, spec, this.dY);
      if (r32 !== null) r32.setOutputGradient(this.dY);
    }
    this.lossReady = true;
    return value;
  }

  /**
   * Backpropagation through the last forward window from the loss last computed: writes dL/dθ into
   * `gradients` (adds to it with `accumulate`). Per layer, `initialStateGradient` receives dL/ds_0.
   * With `inputGradient`, also dL/dx of every step into `inputGradient` (for an input layer below,
   * such as a token embedding).
   */
  backward(options: { accumulate?: boolean; inputGradient?: boolean } = {}): void {
    if (!this.lossReady) throw new Error('backward needs loss() after the last forward');
    const grads = this.gradients;
    if (options.accumulate !== true) grads.fill(0);
    if (this.readout32 !== null) this.readout32.backward(this.parameters, grads, this.dHTop);
    else this.float64ReadoutBackward(grads);
    let dH = this.dHTop;
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const layer = this.layers[l];
      layer.backward(this.parameters, grads, dH, 0, l > 0 || options.inputGradient === true);
      dH = layer.inputGradient;
    }
  }

  /** dL/dW_out and dL/db_out of the window's rows into grads, dL/dh of the top layer into dHTop. */
  private float64ReadoutBackward(grads: Float64Array): void {
    const bs = this.batch;
    const n = bs * this.steps;
    const o = this.outputSize;
    const top = this.layers[this.layers.length - 1];
    const topH = top.hidden;
    gemmTN(o, topH, n, this.dY, 0, o, top.states, bs * top.stateSize, top.stateSize, grads, this.readoutW, topH);
    for (let r = 0; r < n; r++) for (let k = 0; k < o; k++) grads[this.readoutB + k] += this.dY[r * o + k];
    this.dHTop.fill(0, 0, n * topH);
    gemmNN(n, topH, o, this.dY, 0, o, this.parameters, this.readoutW, topH, this.dHTop, 0, topH);
  }

  /**
   * dL/dx_t of the last backward with `inputGradient`: time-major, row (t, b) at (t·B + b)·I
   * (shared, overwritten by the next backward).
   */
  get inputGradient(): Float64Array {
    return this.layers[0].inputGradient;
  }

  /** Forgets the carried states: the next carried window starts from zero. */
  resetState(): void {
    for (const layer of this.layers) layer.carry.fill(0);
  }

  /** A copy of the parameters, carried states and (if given) the optimizer's state. */
  snapshot(optimizer?: CheckpointableOptimizer): RecurrentSnapshot {
    return {
      parameters: Float64Array.from(this.parameters),
      carriedStates: this.layers.map((l) => Float64Array.from(l.carry)),
      optimizer: optimizer === undefined ? null : optimizer.saveState(),
    };
  }

  /** Restores a snapshot (parameters and carried states bit for bit; the optimizer's state if given). */
  restore(snapshot: RecurrentSnapshot, optimizer?: CheckpointableOptimizer): void {
    if (snapshot.parameters.length !== this.parameters.length) throw new RangeError(`snapshot has ${snapshot.parameters.length} parameters, network ${this.parameters.length}`);
    if (snapshot.carriedStates.length !== this.layers.length) throw new RangeError('snapshot has a different number of layers');
    this.parameters.set(snapshot.parameters);
    this.layers.forEach((l, i) => {
      l.carry = Float64Array.from(snapshot.carriedStates[i]);
    });
    if (optimizer !== undefined) {
      if (snapshot.optimizer === null) throw new RangeError('snapshot holds no optimizer state');
      optimizer.loadState(snapshot.optimizer);
    }
  }
}
