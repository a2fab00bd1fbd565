import type { RecurrentCell } from './cell.ts';
import { gateSigmoid } from './gate-functions.ts';
import { GatedMemoryCell } from './gated-memory-cell.ts';

/**
 * The subLSTM of Costa, Assael, Shillingford, de Freitas & Vogels (NIPS 2017, arXiv 1711.02448,
 * eq. 4–5): every gate and the cell input are logistic, and the input and output gates act by
 * subtraction (inhibition) rather than multiplication:
 * i, f, o, z = σ(a_i, a_f, a_o, a_z); c_t = f⊙c_{t−1} + z − i; h_t = σ(c_t) − o.
 * Gate blocks [i, f, o, z]; state [h; c]; cache [i, f, o, z, σ(c)] (5H per row).
 * The forget bias starts at `forgetBias` (1 by default, as for the LSTM), the other biases at 0.
 */
export class SubLstmCell extends GatedMemoryCell implements RecurrentCell {
  readonly kind = 'sublstm';

  forward(rows: number, a: Float64Array, aOff: number, _ah: Float64Array, _ahOff: number, sPrev: Float64Array, sPrevOff: number, sNext: Float64Array, sNextOff: number, cache: Float64Array, cacheOff: number): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const ar = aOff + r * 4 * h;
      const pr = sPrevOff + r * 2 * h;
      const nr = sNextOff + r * 2 * h;
      const cr = cacheOff + r * 5 * h;
      for (let j = 0; j < h; j++) {
        const i = gateSigmoid(a[ar + j]);
        const f = gateSigmoid(a[ar + h + j]);
        const o = gateSigmoid(a[ar + 2 * h + j]);
        const z = gateSigmoid(a[ar + 3 * h + j]);
        const c = f * sPrev[pr + h + j] + z - i;
        const sc = gateSigmoid(c);
        sNext[nr + j] = sc - o;
        sNext[nr + h + j] = c;
        cache[cr + j] = i;
        cache[cr + h + j] = f;
        cache[cr + 2 * h + j] = o;
        cache[cr + 3 * h + j] = z;
        cache[cr + 4 * h + j] = sc;
      }
    }
  }

  backward(rows: number, dS: Float64Array, dSOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, _extraOff: number, dA: Float64Array, dAOff: number, _dAH: Float64Array, _dAHOff: number, dSPrev: Float64Array, dSPrevOff: number): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const sr = dSOff + r * 2 * h;
      const pr = sPrevOff + r * 2 * h;
      const qr = dSPrevOff + r * 2 * h;
      const ar = dAOff + r * 4 * h;
      const cr = cacheOff + r * 5 * h;
      for (let j = 0; j < h; j++) {
        const i = cache[cr + j];
        const f = cache[cr + h + j];
        const o = cache[cr + 2 * h + j];
        const z = cache[cr + 3 * h + j];
        const sc = cache[cr + 4 * h + j];
        const dh = dS[sr + j];
        const dc = dS[sr + h + j] + dh * sc * (1 - sc);
        dA[ar + j] = -dc * i * (1 - i);
        dA[ar + h + j] = dc * sPrev[pr + h + j] * f * (1 - f);
        dA[ar + 2 * h + j] = -dh * o * (1 - o);
        dA[ar + 3 * h + j] = dc * z * (1 - z);
        dSPrev[qr + j] = 0;
        dSPrev[qr + h + j] = dc * f;
      }
    }
  }

  tangent(rows: number, da: Float64Array, daOff: number, _dah: Float64Array, _dahOff: number, u: Float64Array, uOff: number, cache: Float64Array, cacheOff: number, sPrev: Float64Array, sPrevOff: number, _params: Float64Array, _extraOff: number, out: Float64Array, outOff: number): void {
    const h = this.hidden;
    for (let r = 0; r < rows; r++) {
      const ar = daOff + r * 4 * h;
      const ur = uOff + r * 2 * h;
      const pr = sPrevOff + r * 2 * h;
      const or = outOff + r * 2 * h;
      const cr = cacheOff + r * 5 * h;
      for (let j = 0; j < h; j++) {
        const i = cache[cr + j];
        const f = cache[cr + h + j];
        const o = cache[cr + 2 * h + j];
        const z = cache[cr + 3 * h + j];
        const sc = cache[cr + 4 * h + j];
        const dc = f * (1 - f) * da[ar + h + j] * sPrev[pr + h + j] + f * u[ur + h + j] + z * (1 - z) * da[ar + 3 * h + j] - i * (1 - i) * da[ar + j];
        out[or + j] = sc * (1 - sc) * dc - o * (1 - o) * da[ar + 2 * h + j];
        out[or + h + j] = dc;
      }
    }
  }
}
