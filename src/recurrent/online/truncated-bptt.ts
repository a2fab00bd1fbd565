import type { RecurrentNetwork } from '../network.ts';
import { backpropagateWindow } from './window-backward.ts';
import { WindowedLearner } from './windowed-learner.ts';

/**
 * Truncated backpropagation through time over windows of n steps (Williams & Peng 1990): the
 * sequence of T steps is cut into consecutive windows, the first of T mod n steps (n when n
 * divides T) and the others of n, so that the last window, where a last-step loss sits, is a full
 * one (the authors' `_training_loop_truncs` in neuralml/bp_lambda, src/training/engine.py). Each
 * window runs from the previous window's final state, held constant, and its losses are
 * backpropagated within the window only; the windows' gradients add up over the sequence.
 * n ≥ T (or `Infinity`) is full BPTT.
 */
export class TruncatedBptt extends WindowedLearner {
  readonly name: string;
  private v = new Float64Array(0);
  private vNext = new Float64Array(0);
  private start = new Float64Array(0);

  constructor(network: RecurrentNetwork, truncation = Infinity) {
    super(network, truncation);
    this.name = truncation === Infinity ? 'BPTT' : `BPTT n=${truncation}`;
  }

  protected override prepare(): void {
    this.v = this.rowBuffer('v');
    this.vNext = this.rowBuffer('vNext');
    this.start = this.rowBuffer('start');
  }

  protected learnWindow(_start: number, length: number): void {
    const net = this.network;
    const bs = (this.batch as { batch: number }).batch;
    backpropagateWindow(this.window.layer, net.parameters, length, bs, this.imm, null, net.gradients, this.v, this.vNext, this.start);
  }
}
