import { rate, rateSlope, sigmoid, type ExtraParameter, type RateActivation, type RecurrentCell } from './cell.ts';

/**
 * The "leaky GRU" of Guilhot et al. 2024 (qglht/RepAL main/RNN_rate_dynamics.py `LeakyGRUCell`):
 * a leaky rate RNN step, gated per unit by an update gate,
 *
 *   u = σ(a_u),  h̃ = α·h_{t−1} + (1−α)·φ(a_n),  h_t = (1−u)⊙h_{t−1} + u⊙h̃,
 *   a = W_in·x_t + W_rec·h_{t−1} + b (each block),  φ ∈ {tanh, relu, softplus, linear}.
 *
 * It has no reset gate: the authors' cell computes a third block σ(a_r) and never uses it (its
 * weights get no gradient), so it is left out here; and the candidate goes through φ, not tanh.
 * This is not the GRU of Cho et al. (leaky-gru.ts). Gate blocks [u, n]; state h; cache [u, φ(a_n)].
 */
export class RateGruCell implements RecurrentCell {
  readonly kind = 'rate-gru';
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent = false;
  readonly extras: readonly ExtraParameter[] = [];
  readonly gateNames = ['u', 'n'];

  constructor(
    readonly hidden: number,
    readonly leak = 0,
    readonly activation: RateActivation = 'tanh',
  ) {
    if (!(leak >= 0 && leak < 1)) throw new RangeError(`leak α must be in [0, 1), got ${leak}`);
    this.stateSize = hidden;
    this.preactivationSize = 2 * hidden;
    this.cacheSize = 2 * hidden;
  }

  initBias(b: Float64Array, off: number): void {
    b.fill(0, off, off + 2 * this.hidden);
  }

  forward(rows: number, a: Float64Array, aOff: number, _ah: Float64Array, _ahOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number): void {
    const h = this.hidden;
    const alpha = this.leak;
    const act = this.activation;
    for (let r = 0; r < rows; r++) {
      const ar = aOff + r * 2 * h;
      const cr = cacheOff + r * 2 * h;
      for (let j = 0; j < h; j++) {
        const u = sigmoid(a[ar + j]);
        const y = rate(act, a[ar + h + j]);
        const hp = sPrev[sPrevOff + r * h + j];
        sNext[sNextOff + r * h + j] = (1 - u) * hp + u * (alpha * hp + (1 - alpha) * y);
        cache[cr + j] = u;
        cache[cr + h + j] = y;
      }
    }
  }

  backward(rows: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, _extraOff: number, dA: Float64Array, dAOff: number, _dAH: Float64Array, _dAHOff: number, dSPrev: Float64Array, dSPrevOff: number): void {
    const h = this.hidden;
    const beta = 1 - this.leak;
    for (let r = 0; r < rows; r++) {
      const ar = dAOff + r * 2 * h;
      const cr = cacheOff + r * 2 * h;
      for (let j = 0; j < h; j++) {
        const u = cache[cr + j];
        const y = cache[cr + h + j];
        const hp = sPrev[sPrevOff + r * h + j];
        const d = dS[dSOff + r * h + j];
        // h_t = h_{t−1} + u·(1−α)·(φ − h_{t−1})
        dA[ar + j] = d * beta * (y - hp) * u * (1 - u);
        dA[ar + h + j] = d * u * beta * rateSlope(this.activation, y);
        dSPrev[dSPrevOff + r * h + j] = d * (1 - u * beta);
      }
    }
  }

  tangent(rows: number, da: Float64Array, daOff: number, _dah: Float64Array, _dahOff: number, v: Float64Array, vOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, _extraOff: number, out: Float64Array, outOff: number): void {
    const h = this.hidden;
    const beta = 1 - this.leak;
    for (let r = 0; r < rows; r++) {
      const ar = daOff + r * 2 * h;
      const cr = cacheOff + r * 2 * h;
      for (let j = 0; j < h; j++) {
        const u = cache[cr + j];
        const y = cache[cr + h + j];
        const hp = sPrev[sPrevOff + r * h + j];
        const k = r * h + j;
        out[outOff + k] = (1 - u * beta) * v[vOff + k] + beta * (y - hp) * u * (1 - u) * da[ar + j] + u * beta * rateSlope(this.activation, y) * da[ar + h + j];
      }
    }
  }
}
