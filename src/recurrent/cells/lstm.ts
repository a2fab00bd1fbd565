import type { RecurrentCell } from './cell.ts';
import { gateSigmoid, gateTanh } from './gate-functions.ts';
import { GatedMemoryCell } from './gated-memory-cell.ts';

/**
 * The LSTM (Hochreiter & Schmidhuber 1997, with forget gate; as in Costa et al. 2017, eq. 1–3):
 * i, f, o = σ(a_i, a_f, a_o); z = tanh(a_z); c_t = f⊙c_{t−1} + i⊙z; h_t = o⊙tanh(c_t).
 * Gate blocks [i, f, o, z]; state [h; c]; cache [i, f, o, z, tanh c] (5H per row).
 * The forget bias starts at `forgetBias` (1 by default, as in the paper), the other biases at 0.
 */
export class LstmCell extends GatedMemoryCell implements RecurrentCell {
  readonly kind = 'lstm';

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
        const z = gateTanh(a[ar + 3 * h + j]);
        const c = f * sPrev[pr + h + j] + i * z;
        const tc = gateTanh(c);
        sNext[nr + j] = o * tc;
        sNext[nr + h + j] = c;
        cache[cr + j] = i;
        cache[cr + h + j] = f;
        cache[cr + 2 * h + j] = o;
        cache[cr + 3 * h + j] = z;
        cache[cr + 4 * h + j] = tc;
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
        const tc = cache[cr + 4 * h + j];
        const dh = dS[sr + j];
        const dc = dS[sr + h + j] + dh * o * (1 - tc * tc);
        dA[ar + j] = dc * z * i * (1 - i);
        dA[ar + h + j] = dc * sPrev[pr + h + j] * f * (1 - f);
        dA[ar + 2 * h + j] = dh * tc * o * (1 - o);
        dA[ar + 3 * h + j] = dc * i * (1 - z * z);
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
        const tc = cache[cr + 4 * h + j];
        const di = i * (1 - i) * da[ar + j];
        const df = f * (1 - f) * da[ar + h + j];
        const d_o = o * (1 - o) * da[ar + 2 * h + j];
        const dz = (1 - z * z) * da[ar + 3 * h + j];
        const dc = df * sPrev[pr + h + j] + f * u[ur + h + j] + di * z + i * dz;
        out[or + j] = d_o * tc + o * (1 - tc * tc) * dc;
        out[or + h + j] = dc;
      }
    }
  }
}
