import type { CellKind, RateActivation, RecurrentCell } from './cell.ts';
import { FixSubLstmCell } from './fix-sublstm.ts';
import { LeakyGruCell } from './leaky-gru.ts';
import { LeakyRnnCell } from './leaky-rnn.ts';
import { LstmCell } from './lstm.ts';
import { RateGruCell } from './rate-gru.ts';
import { SubLstmCell } from './sublstm.ts';

/** Options of a cell: the forget bias (LSTM family), the leak α (RNN, GRUs) and φ (RNN, rate GRU). */
export interface CellOptions {
  /** Initial forget-gate bias of the LSTM and subLSTM, initial φ of the fix-subLSTM (default 1). */
  readonly forgetBias?: number;
  /** Leak α ∈ [0, 1) of the rate RNN and GRU (default 0). */
  readonly leak?: number;
  /** φ of the rate RNN and the rate GRU (default tanh). */
  readonly activation?: RateActivation;
}

/** A cell of `kind` with H = `hidden` units. */
export function makeCell(kind: CellKind, hidden: number, options: CellOptions = {}): RecurrentCell {
  switch (kind) {
    case 'lstm':
      return new LstmCell(hidden, options.forgetBias ?? 1);
    case 'sublstm':
      return new SubLstmCell(hidden, options.forgetBias ?? 1);
    case 'fix-sublstm':
      return new FixSubLstmCell(hidden, options.forgetBias ?? 1);
    case 'rnn':
      return new LeakyRnnCell(hidden, options.leak ?? 0, options.activation ?? 'tanh');
    case 'gru':
      return new LeakyGruCell(hidden, options.leak ?? 0);
    case 'rate-gru':
      return new RateGruCell(hidden, options.leak ?? 0, options.activation ?? 'tanh');
  }
}
