/**
 * Row operations on a recurrent layer's time-major window tapes (row (t, b) = step t of sequence
 * b), shared by the float64 layer (layer.ts) and the float32 one (layer-float32.ts): copying the
 * window's input in, adding the gradient from above, and holding the state of a sequence whose
 * `lengths` entry has ended. A tape is a Float64Array or a Float32Array (storing into a
 * Float32Array rounds to float32, which is how the float32 layer takes its float64 inputs). These
 * loops run once per window or step over B·I or B·H numbers, beside products of B·H·G
 * multiply-adds per step; none allocates.
 */
export type WindowTape = Float64Array | Float32Array;

/** dst[r·width + i] = x[xOff + r·ldx + i] for `rows` rows of `width` numbers: the window's input rows, packed. */
export function copyInputRows(x: Float64Array, xOff: number, ldx: number, rows: number, width: number, dst: WindowTape): void {
  for (let r = 0; r < rows; r++) {
    const src = xOff + r * ldx;
    const out = r * width;
    for (let i = 0; i < width; i++) dst[out + i] = x[src + i];
  }
}

/**
 * dS[b·s + j] += dH[dHOff + (t·B + b)·h + j] for j < h: the gradient from above on the outputs h_t
 * of step t (h rows of B sequences) added into the first h numbers of each state-gradient row (s wide).
 */
export function addOutputGradient(dH: Float64Array, dHOff: number, t: number, batch: number, h: number, dS: WindowTape, s: number): void {
  const base = dHOff + t * batch * h;
  for (let b = 0; b < batch; b++) {
    const src = base + b * h;
    const dst = b * s;
    for (let j = 0; j < h; j++) dS[dst + j] += dH[src + j];
  }
}

/** Forward: a sequence that has ended by step t (t ≥ lengths[b]) keeps its state: row b of block `next` = row b of block `prev` (s wide). */
export function holdEndedStates(states: WindowTape, prev: number, next: number, lengths: Int32Array, batch: number, s: number, t: number): void {
  for (let b = 0; b < batch; b++) {
    if (t >= lengths[b]) states.copyWithin(next + b * s, prev + b * s, prev + (b + 1) * s);
  }
}

/**
 * Backward, before step t's cell: moves the gradient rows of sequences frozen at step t into
 * `pass` and zeroes them in dS, so the frozen step adds nothing to the parameter gradients.
 */
export function holdFrozenRows<A extends WindowTape>(dS: A, pass: A, lengths: Int32Array, batch: number, s: number, t: number): void {
  for (let b = 0; b < batch; b++) {
    if (t >= lengths[b]) {
      for (let j = 0; j < s; j++) {
        pass[b * s + j] = dS[b * s + j];
        dS[b * s + j] = 0;
      }
    }
  }
}

/** Backward, after step t: a frozen step is the identity map, so its gradient (held in `pass`) passes to s_{t−1} unchanged. */
export function releaseFrozenRows<A extends WindowTape>(dSPrev: A, pass: A, lengths: Int32Array, batch: number, s: number, t: number): void {
  for (let b = 0; b < batch; b++) {
    if (t >= lengths[b]) for (let j = 0; j < s; j++) dSPrev[b * s + j] = pass[b * s + j];
  }
}
