import { rate, rateSlope, type ExtraParameter, type RateActivation, type RecurrentCell } from './cell.ts';

/**
 * The leaky rate RNN (the discretised rate network of the DSA test cases, Guilhot et al. 2024):
 * h_t = α·h_{t−1} + (1−α)·φ(a), a = W_in·x_t + W_rec·h_{t−1} + b, φ ∈ {tanh, relu, softplus, linear}.
 * α = 0 is the plain Elman RNN; α = 1 − dt/τ is the Euler step of τ·dh/dt = −h + φ(a).
 * One gate block [a]; state h; cache [φ(a)] (H per row; φ' is recovered from φ(a)).
 */
export class LeakyRnnCell implements RecurrentCell {
  readonly kind = 'rnn';
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent = false;
  readonly extras: readonly ExtraParameter[] = [];
  readonly gateNames = ['a'];

  constructor(
    readonly hidden: number,
    readonly leak = 0,
    readonly activation: RateActivation = 'tanh',
  ) {
    if (!(leak >= 0 && leak < 1)) throw new RangeError(`leak α must be in [0, 1), got ${leak}`);
    this.stateSize = hidden;
    this.preactivationSize = hidden;
    this.cacheSize = hidden;
  }

  initBias(b: Float64Array, off: number): void {
    b.fill(0, off, off + this.hidden);
  }

  forward(rows: number, a: Float64Array, aOff: number, _ah: Float64Array, _ahOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number): void {
    const n = rows * this.hidden;
    const alpha = this.leak;
    const act = this.activation;
    for (let k = 0; k < n; k++) {
      const x = a[aOff + k];
      const y = rate(act, x);
      cache[cacheOff + k] = y;
      sNext[sNextOff + k] = alpha * sPrev[sPrevOff + k] + (1 - alpha) * y;
    }
  }

  backward(rows: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, _sPrev: Float64Array, _sPrevOff: number, _params: Float64Array, _extraOff: number, dA: Float64Array, dAOff: number, _dAH: Float64Array, _dAHOff: number, dSPrev: Float64Array, dSPrevOff: number): void {
    const n = rows * this.hidden;
    const alpha = this.leak;
    for (let k = 0; k < n; k++) {
      const d = dS[dSOff + k];
      dA[dAOff + k] = (1 - alpha) * d * rateSlope(this.activation, cache[cacheOff + k]);
      dSPrev[dSPrevOff + k] = alpha * d;
    }
  }

  tangent(rows: number, da: Float64Array, daOff: number, _dah: Float64Array, _dahOff: number, u: Float64Array, uOff: number, cache: Float64Array, cacheOff: number, _sPrev: Float64Array, _sPrevOff: number, _params: Float64Array, _extraOff: number, out: Float64Array, outOff: number): void {
    const n = rows * this.hidden;
    const alpha = this.leak;
    for (let k = 0; k < n; k++) out[outOff + k] = alpha * u[uOff + k] + (1 - alpha) * rateSlope(this.activation, cache[cacheOff + k]) * da[daOff + k];
  }
}
