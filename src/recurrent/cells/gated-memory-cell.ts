import type { CellKind, ExtraParameter } from './cell.ts';

/**
 * What the LSTM and the subLSTM share: four gate blocks [i, f, o, z] of H pre-activations each, the
 * state [h; c] (2H per row), a cache of the four gates and the output nonlinearity of c (5H per
 * row), no separate recurrent input and no extra parameters; the forget bias starts at
 * `forgetBias` (1 by default, as in Costa et al. 2017), the other biases at 0.
 *
 * The LSTM's and the subLSTM's forward, backward and tangent loops (lstm.ts, sublstm.ts) share their
 * indexing but not their formulas, and stay written out per cell: a shared loop would call the
 * cell's formula per unit (an indirect call inside the innermost loop) and hide each cell's
 * equations, which these loops are meant to show.
 */
export abstract class GatedMemoryCell {
  abstract readonly kind: CellKind;
  readonly stateSize: number;
  readonly preactivationSize: number;
  readonly cacheSize: number;
  readonly separateRecurrent = false;
  readonly extras: readonly ExtraParameter[] = [];
  readonly gateNames = ['i', 'f', 'o', 'z'];

  constructor(
    readonly hidden: number,
    readonly forgetBias = 1,
  ) {
    this.stateSize = 2 * hidden;
    this.preactivationSize = 4 * hidden;
    this.cacheSize = 5 * hidden;
  }

  initBias(b: Float64Array, off: number): void {
    const h = this.hidden;
    b.fill(0, off, off + 4 * h);
    b.fill(this.forgetBias, off + h, off + 2 * h);
  }
}
