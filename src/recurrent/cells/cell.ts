/**
 * The element-wise half of one recurrent step, shared by every cell of the core.
 *
 * A layer computes the pre-activations of a batch with matrix products, a = Wx·x_t + Wh·h_{t−1} + b
 * (one row of `preactivationSize` numbers per sequence, the gate blocks side by side), and hands
 * them to its cell, which turns them into the new state s_t. Everything here works on `rows`
 * consecutive rows of flat row-major buffers, each buffer with its own row width:
 *   pre-activations: `preactivationSize`; state: `stateSize` (h first, then c for the LSTM family);
 *   cache: `cacheSize` (what the backward step needs: gate values, tanh(c), …).
 * No method allocates.
 *
 * A cell with `separateRecurrent` (the GRU) needs the recurrent part Wh·h_{t−1} apart from the
 * input part Wx·x_t + b, because a gate multiplies it; its pre-activation gradient then differs
 * between the two parts (`dA` for Wx and b, `dAH` for Wh). For all other cells the layer adds the
 * two parts into one buffer and `dAH` is not written.
 *
 * Extra per-unit parameter vectors (the fix-subLSTM's forget parameters, the GRU's recurrent
 * candidate bias) live in the layer's slice of the network's flat parameter vector at `extraOff`,
 * one after the other in the order of `extras`.
 */
export type CellKind = 'lstm' | 'sublstm' | 'fix-sublstm' | 'rnn' | 'gru' | 'rate-gru';

/** Non-linearity φ of the rate cells (the leaky RNN, the rate GRU). */
export type RateActivation = 'tanh' | 'relu' | 'softplus' | 'linear';

/** Above this, softplus is the identity (PyTorch's nn.Softplus threshold 20, beta 1). */
const SOFTPLUS_THRESHOLD = 20;

/** φ(x); softplus log(1 + eˣ) as PyTorch's nn.Softplus. */
export function rate(activation: RateActivation, x: number): number {
  switch (activation) {
    case 'tanh':
      return Math.tanh(x);
    case 'relu':
      return x > 0 ? x : 0;
    case 'softplus':
      return x > SOFTPLUS_THRESHOLD ? x : Math.log1p(Math.exp(x));
    case 'linear':
      return x;
  }
}

/**
 * φ'(x) recovered from y = φ(x): tanh 1 − y², relu [y > 0], linear 1, softplus σ(x) = 1 − e^(−y)
 * (since e^y = 1 + eˣ), 1 where softplus is the identity.
 */
export function rateSlope(activation: RateActivation, y: number): number {
  switch (activation) {
    case 'tanh':
      return 1 - y * y;
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'softplus':
      return y > SOFTPLUS_THRESHOLD ? 1 : -Math.expm1(-y);
    case 'linear':
      return 1;
  }
}

/** An extra parameter vector of `size` numbers, initialised to `init`. */
export interface ExtraParameter {
  readonly name: string;
  readonly size: number;
  readonly init: number;
}

export interface RecurrentCell {
  readonly kind: CellKind;
  /** Units per layer, H. */
  readonly hidden: number;
  /** dim(s): H, or 2H for [h; c]. The output h is always the first H numbers of a state row. */
  readonly stateSize: number;
  /** Rows of the gate weight block, G (number of gate blocks × H). */
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent: boolean;
  readonly extras: readonly ExtraParameter[];
  /** Names of the gate blocks of the pre-activations, in order (for parameter views and docs). */
  readonly gateNames: readonly string[];

  /** Writes the initial bias (G numbers) at b[off…]: zeros except cell-specific values (forget bias). */
  initBias(b: Float64Array, off: number): void;

  /**
   * s_t from pre-activations `a` (the whole pre-activation, or for a separateRecurrent cell the
   * input part, with `ah` the recurrent part) and s_{t−1}; fills the cache.
   */
  forward(
    rows: number,
    a: Float64Array, aOff: number,
    ah: Float64Array, ahOff: number,
    sPrev: Float64Array, sPrevOff: number,
    sNext: Float64Array, sNextOff: number,
    cache: Float64Array, cacheOff: number,
    params: Float64Array, extraOff: number,
  ): void;

  /**
   * Given dL/ds_t (dS), writes dL/da (dA; and dAH for a separateRecurrent cell) and the part of
   * dL/ds_{t−1} that does not pass through Wh (dSPrev, overwritten), and adds the extra parameters'
   * gradients into grads[extraOff…]. Linear in dS: a zero row of dS gives zero rows out.
   */
  backward(
    rows: number,
    dS: Float64Array, dSOff: number,
    cache: Float64Array, cacheOff: number,
    sPrev: Float64Array, sPrevOff: number,
    params: Float64Array, extraOff: number,
    dA: Float64Array, dAOff: number,
    dAH: Float64Array, dAHOff: number,
    dSPrev: Float64Array, dSPrevOff: number,
    grads: Float64Array,
  ): void;

  /**
   * Forward-mode derivative of the step: from the tangent of the pre-activations (da; for a
   * separateRecurrent cell da is the input part and dah the recurrent part) and the tangent u of
   * s_{t−1}, writes the tangent of s_t (out, overwritten).
   */
  tangent(
    rows: number,
    da: Float64Array, daOff: number,
    dah: Float64Array, dahOff: number,
    u: Float64Array, uOff: number,
    cache: Float64Array, cacheOff: number,
    sPrev: Float64Array, sPrevOff: number,
    params: Float64Array, extraOff: number,
    out: Float64Array, outOff: number,
  ): void;
}

/** The logistic function σ(x) = 1/(1 + e^{−x}). */
export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
