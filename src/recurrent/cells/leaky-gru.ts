import { sigmoid, type ExtraParameter, type RecurrentCell } from './cell.ts';

/**
 * The GRU (Cho et al. 2014) in PyTorch's form, with a leak α on the state update:
 * r = σ(W_r·x + U_r·h + b_r), u = σ(W_u·x + U_u·h + b_u),
 * n = tanh(W_n·x + b_n + r⊙(U_n·h + b_hn)), h̃ = (1−u)⊙n + u⊙h_{t−1},
 * h_t = α·h_{t−1} + (1−α)·h̃ (α = 0: the standard GRU).
 * Gate blocks [r, u, n]; the recurrent part U·h is kept apart (separateRecurrent) because r
 * multiplies its n block; b_hn is the extra vector `candidateBias`. State h; cache [r, u, n, U_n·h + b_hn].
 */
export class LeakyGruCell implements RecurrentCell {
  readonly kind = 'gru';
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent = true;
  readonly extras: readonly ExtraParameter[];
  readonly gateNames = ['r', 'u', 'n'];

  constructor(
    readonly hidden: number,
    readonly leak = 0,
  ) {
    if (!(leak >= 0 && leak < 1)) throw new RangeError(`leak α must be in [0, 1), got ${leak}`);
    this.stateSize = hidden;
    this.preactivationSize = 3 * hidden;
    this.cacheSize = 4 * hidden;
    this.extras = [{ name: 'candidateBias', size: hidden, init: 0 }];
  }

  initBias(b: Float64Array, off: number): void {
    b.fill(0, off, off + 3 * this.hidden);
  }

  forward(rows: number, a: Float64Array, aOff: number, ah: Float64Array, ahOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number, params: Float64Array, extraOff: number): void {
    const h = this.hidden;
    const alpha = this.leak;
    for (let r = 0; r < rows; r++) {
      const ar = aOff + r * 3 * h;
      const hr = ahOff + r * 3 * h;
      const pr = sPrevOff + r * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const rg = sigmoid(a[ar + j] + ah[hr + j]);
        const ug = sigmoid(a[ar + h + j] + ah[hr + h + j]);
        const hn = ah[hr + 2 * h + j] + params[extraOff + j];
        const n = Math.tanh(a[ar + 2 * h + j] + rg * hn);
        const hp = sPrev[pr + j];
        sNext[sNextOff + r * h + j] = alpha * hp + (1 - alpha) * ((1 - ug) * n + ug * hp);
        cache[cr + j] = rg;
        cache[cr + h + j] = ug;
        cache[cr + 2 * h + j] = n;
        cache[cr + 3 * h + j] = hn;
      }
    }
  }

  backward(rows: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, extraOff: number, dA: Float64Array, dAOff: number, dAH: Float64Array, dAHOff: number, dSPrev: Float64Array, dSPrevOff: number, grads: Float64Array): void {
    const h = this.hidden;
    const alpha = this.leak;
    for (let r = 0; r < rows; r++) {
      const ar = dAOff + r * 3 * h;
      const hr = dAHOff + r * 3 * h;
      const pr = sPrevOff + r * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const rg = cache[cr + j];
        const ug = cache[cr + h + j];
        const n = cache[cr + 2 * h + j];
        const hn = cache[cr + 3 * h + j];
        const hp = sPrev[pr + j];
        const d = dS[dSOff + r * h + j];
        const dt = (1 - alpha) * d;
        const dn = dt * (1 - ug) * (1 - n * n);
        const du = dt * (hp - n) * ug * (1 - ug);
        const dr = dn * hn * rg * (1 - rg);
        dA[ar + j] = dr;
        dA[ar + h + j] = du;
        dA[ar + 2 * h + j] = dn;
        dAH[hr + j] = dr;
        dAH[hr + h + j] = du;
        dAH[hr + 2 * h + j] = dn * rg;
        grads[extraOff + j] += dn * rg;
        dSPrev[dSPrevOff + r * h + j] = alpha * d + dt * ug;
      }
    }
  }

  tangent(rows: number, da: Float64Array, daOff: number, dah: Float64Array, dahOff: number, u: Float64Array, uOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, _extraOff: number, out: Float64Array, outOff: number): void {
    const h = this.hidden;
    const alpha = this.leak;
    for (let r = 0; r < rows; r++) {
      const ar = daOff + r * 3 * h;
      const hr = dahOff + r * 3 * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const rg = cache[cr + j];
        const ug = cache[cr + h + j];
        const n = cache[cr + 2 * h + j];
        const hn = cache[cr + 3 * h + j];
        const hp = sPrev[sPrevOff + r * h + j];
        const up = u[uOff + r * h + j];
        const dr = rg * (1 - rg) * (da[ar + j] + dah[hr + j]);
        const du = ug * (1 - ug) * (da[ar + h + j] + dah[hr + h + j]);
        const dn = (1 - n * n) * (da[ar + 2 * h + j] + dr * hn + rg * dah[hr + 2 * h + j]);
        out[outOff + r * h + j] = alpha * up + (1 - alpha) * (du * (hp - n) + (1 - ug) * dn + ug * up);
      }
    }
  }
}
