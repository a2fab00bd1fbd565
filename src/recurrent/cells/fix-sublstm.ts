import { sigmoid, type ExtraParameter, type RecurrentCell } from './cell.ts';

/**
 * The fix-subLSTM of Costa et al. (NIPS 2017, arXiv 1711.02448, section 3): a subLSTM whose forget
 * gate is a learned per-unit constant that depends on neither x nor h, i.e. each memory cell has
 * its own fixed time constant: i, o, z = σ(a_i, a_o, a_z); c_t = f⊙c_{t−1} + z − i;
 * h_t = σ(c_t) − o.
 *
 * Parameterisation of f: f = σ(φ), one learned real φ per unit (the extra parameter vector
 * `forget`). The logistic keeps f in (0, 1) with a smooth gradient everywhere; the authors' code
 * instead learns f directly and clamps it to [0, 1], which stops the gradient at the bounds. φ starts
 * at `forgetBias` (1 by default, f ≈ 0.73), matching the subLSTM's forget bias at initialisation.
 * Gate blocks [i, o, z] (3H weight rows, so at equal H it has fewer parameters than the subLSTM);
 * state [h; c]; cache [i, o, z, σ(c)] (4H per row). Its loops follow the subLSTM's (sublstm.ts) with
 * three gate blocks, a four-block cache and f read from the parameters, so they are written out
 * rather than shared, as the LSTM's and subLSTM's are (gated-memory-cell.ts).
 */
export class FixSubLstmCell implements RecurrentCell {
  readonly kind = 'fix-sublstm';
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent = false;
  readonly extras: readonly ExtraParameter[];
  readonly gateNames = ['i', 'o', 'z'];

  constructor(
    readonly hidden: number,
    readonly forgetBias = 1,
  ) {
    this.stateSize = 2 * hidden;
    this.preactivationSize = 3 * hidden;
    this.cacheSize = 4 * hidden;
    this.extras = [{ name: 'forget', size: hidden, init: forgetBias }];
  }

  initBias(b: Float64Array, off: number): void {
    b.fill(0, off, off + 3 * this.hidden);
  }

  forward(rows: number, a: Float64Array, aOff: number, _ah: Float64Array, _ahOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number, params: Float64Array, extraOff: number): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const ar = aOff + r * 3 * h;
      const pr = sPrevOff + r * 2 * h;
      const nr = sNextOff + r * 2 * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const i = sigmoid(a[ar + j]);
        const o = sigmoid(a[ar + h + j]);
        const z = sigmoid(a[ar + 2 * h + j]);
        const f = sigmoid(params[extraOff + j]);
        const c = f * sPrev[pr + h + j] + z - i;
        const sc = sigmoid(c);
        sNext[nr + j] = sc - o;
        sNext[nr + h + j] = c;
        cache[cr + j] = i;
        cache[cr + h + j] = o;
        cache[cr + 2 * h + j] = z;
        cache[cr + 3 * h + j] = sc;
      }
    }
  }

  backward(rows: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, params: Float64Array, extraOff: number, dA: Float64Array, dAOff: number, _dAH: Float64Array, _dAHOff: number, dSPrev: Float64Array, dSPrevOff: number, grads: Float64Array): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const sr = dSOff + r * 2 * h;
      const pr = sPrevOff + r * 2 * h;
      const qr = dSPrevOff + r * 2 * h;
      const ar = dAOff + r * 3 * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const i = cache[cr + j];
        const o = cache[cr + h + j];
        const z = cache[cr + 2 * h + j];
        const sc = cache[cr + 3 * h + j];
        const f = sigmoid(params[extraOff + j]);
        const dh = dS[sr + j];
        const dc = dS[sr + h + j] + dh * sc * (1 - sc);
        dA[ar + j] = -dc * i * (1 - i);
        dA[ar + h + j] = -dh * o * (1 - o);
        dA[ar + 2 * h + j] = dc * z * (1 - z);
        grads[extraOff + j] += dc * sPrev[pr + h + j] * f * (1 - f);
        dSPrev[qr + j] = 0;
        dSPrev[qr + h + j] = dc * f;
      }
    }
  }

  tangent(rows: number, da: Float64Array, daOff: number, _dah: Float64Array, _dahOff: number, u: Float64Array, uOff: number, cache: Float64Array, cacheOff: number, _sPrev: Float64Array, _sPrevOff: number, params: Float64Array, extraOff: number, out: Float64Array, outOff: number): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const ar = daOff + r * 3 * h;
      const ur = uOff + r * 2 * h;
      const or = outOff + r * 2 * h;
      const cr = cacheOff + r * 4 * h;
      for (let j = 0; j < h; j++) {
        const i = cache[cr + j];
        const o = cache[cr + h + j];
        const z = cache[cr + 2 * h + j];
        const sc = cache[cr + 3 * h + j];
        const f = sigmoid(params[extraOff + j]);
        const dc = f * u[ur + h + j] + z * (1 - z) * da[ar + 2 * h + j] - i * (1 - i) * da[ar + j];
        out[or + j] = sc * (1 - sc) * dc - o * (1 - o) * da[ar + h + j];
        out[or + h + j] = dc;
      }
    }
  }
}
