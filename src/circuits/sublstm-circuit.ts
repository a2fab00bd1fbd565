import { InputError } from '../core/input-error.ts';
import { DeclaredCircuit } from './declared-circuit.ts';

/**
 * Weights of one subLSTM layer, gate blocks in the order z, i, f, o (rows g·H … (g+1)·H − 1):
 * a_g = W_g·x + R_g·h + b_g (Costa et al. 2017, eq. 1).
 */
export interface SubLstmWeights {
  readonly inputSize: number;
  readonly hiddenSize: number;
  /** 4H × I, row-major. */
  readonly W: Float64Array;
  /** 4H × H, row-major. */
  readonly R: Float64Array;
  /** 4H. */
  readonly b: Float64Array;
  /**
   * fix-subLSTM: the forget gate as a per-unit constant in [0, 1] (H values), independent of x and
   * h; the f rows of W, R and b are then unused. Absent: the gated subLSTM.
   */
  readonly fixedForget?: Float64Array;
}

export interface SubLstmCircuitOptions {
  /** Sequences advanced side by side (default 1). */
  readonly batch?: number;
  /** τ_c (ms): the memory cells' time constant. */
  readonly tauMemory: number;
  /** τ_o (ms): the output-gating basket cells' time constant. */
  readonly tauOutputGate: number;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The subLSTM as a continuous-time excitatory–inhibitory circuit (Costa et al. 2017, Fig. 1):
 * recurrently connected layer-5 pyramidal cells hold the memory c, basket cells o gate the output
 * by subtraction, and input pyramidal cells z, input-balancing PV cells i and the forget drive f
 * are fast: they sit at their steady states σ(a) of the current input and output.
 *
 *     τ_c·dc/dt = −(1 − f)·c + z − i        z, i, f = σ(a_z), σ(a_i), σ(a_f)
 *     τ_o·do/dt = −o + σ(a_o)               h = σ(c) − o
 *
 * with a_g = W_g·x + R_g·h + b_g, x held constant over each frame. One forward-Euler step of
 * dt = τ_c = τ_o from (c_{t−1}, o_{t−1}) gives c_t = f_t⊙c_{t−1} + z_t − i_t and o_t = σ(a_o,t),
 * hence h_t = σ(c_t) − o_t: exactly the discrete subLSTM step. Smaller steps integrate the same
 * circuit in continuous time. c and o are the state (segments `c` and `o`, B·H each, sequence-major).
 */
export class SubLstmCircuit extends DeclaredCircuit {
  readonly batch: number;
  private readonly input: Float64Array;
  private readonly h: Float64Array;
  private readonly a: Float64Array;

  constructor(readonly weights: SubLstmWeights, readonly options: SubLstmCircuitOptions) {
    const batch = options.batch ?? 1;
    const H = weights.hiddenSize;
    const I = weights.inputSize;
    if (weights.W.length !== 4 * H * I) throw new InputError('weights.W', `expected 4·${H}·${I} = ${4 * H * I} values, got ${weights.W.length}`);
    if (weights.R.length !== 4 * H * H) throw new InputError('weights.R', `expected 4·${H}·${H} = ${4 * H * H} values, got ${weights.R.length}`);
    if (weights.b.length !== 4 * H) throw new InputError('weights.b', `expected ${4 * H} values, got ${weights.b.length}`);
    if (weights.fixedForget !== undefined && (weights.fixedForget.length !== H || weights.fixedForget.some((f) => !(f >= 0 && f <= 1)))) {
      throw new InputError('weights.fixedForget', `expected ${H} values in [0, 1]`);
    }
    for (const key of ['tauMemory', 'tauOutputGate'] as const) {
      if (!(options[key] > 0)) throw new InputError(key, `expected a time constant > 0 ms, got ${options[key]}`);
    }
    super(
      [
        { name: 'memory', decay: 1 / options.tauMemory, noisy: false },
        { name: 'output gate', decay: 1 / options.tauOutputGate, noisy: false },
      ],
      [
        { name: 'c', group: 'memory', length: batch * H },
        { name: 'o', group: 'output gate', length: batch * H },
      ],
    );
    this.batch = batch;
    this.input = new Float64Array(batch * I);
    this.h = new Float64Array(H);
    this.a = new Float64Array(4 * H);
  }

  /** The input of every sequence (B × I, sequence-major), held until the next call. */
  setInput(x: ArrayLike<number>): void {
    if (x.length !== this.input.length) throw new InputError('input', `expected ${this.input.length} values (batch × input size), got ${x.length}`);
    this.input.set(x);
  }

  /** Start from memory c₀ and output h₀ (B × H each): o₀ = σ(c₀) − h₀. Zeros: a fresh sequence. */
  reset(c0?: ArrayLike<number>, h0?: ArrayLike<number>): void {
    const n = this.batch * this.weights.hiddenSize;
    for (let k = 0; k < n; k++) {
      const c = c0?.[k] ?? 0;
      this.state[k] = c;
      this.state[n + k] = sigmoid(c) - (h0?.[k] ?? 0);
    }
  }

  /** h = σ(c) − o of every sequence (B × H) at state y. */
  readHidden(y: Float64Array, out: Float64Array): void {
    const n = this.batch * this.weights.hiddenSize;
    for (let k = 0; k < n; k++) out[k] = sigmoid(y[k]) - y[n + k];
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    const { W, R, b, fixedForget } = this.weights;
    const H = this.weights.hiddenSize;
    const I = this.weights.inputSize;
    const n = this.batch * H;
    const kc = 1 / this.options.tauMemory;
    const ko = 1 / this.options.tauOutputGate;
    const h = this.h;
    const a = this.a;
    for (let s = 0; s < this.batch; s++) {
      const cOff = s * H;
      const oOff = n + s * H;
      for (let j = 0; j < H; j++) h[j] = sigmoid(y[cOff + j]) - y[oOff + j];
      // a = W·x + R·h + b for the four gate blocks
      for (let r = 0; r < 4 * H; r++) {
        let sum = b[r];
        const wRow = r * I;
        const xOff = s * I;
        for (let q = 0; q < I; q++) sum += W[wRow + q] * this.input[xOff + q];
        const rRow = r * H;
        for (let q = 0; q < H; q++) sum += R[rRow + q] * h[q];
        a[r] = sum;
      }
      for (let j = 0; j < H; j++) {
        const z = sigmoid(a[j]);
        const i = sigmoid(a[H + j]);
        const f = fixedForget === undefined ? sigmoid(a[2 * H + j]) : fixedForget[j];
        const c = y[cOff + j];
        dydt[cOff + j] = kc * (-(1 - f) * c + z - i);
        dydt[oOff + j] = ko * (-y[oOff + j] + sigmoid(a[3 * H + j]));
      }
    }
  }
}
