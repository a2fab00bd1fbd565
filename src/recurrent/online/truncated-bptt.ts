import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { RecurrentNetwork } from '../network.ts';
import { NetworkWindow } from './network-window.ts';
import type { OnlineLearner } from './online-learner.ts';
import { endsWindow } from './truncation-windows.ts';
import { backpropagateWindow } from './window-backward.ts';

/**
 * Truncated backpropagation through time over windows of n steps (Williams & Peng 1990): the
 * sequence of T steps is cut into consecutive windows, the first of T mod n steps (n when n
 * divides T) and the others of n, so that the last window, where a last-step loss sits, is a full
 * one (the authors' `_training_loop_truncs` in neuralml/bp_lambda, src/training/engine.py). Each
 * window runs from the previous window's final state, held constant, and its losses are
 * backpropagated within the window only; the windows' gradients add up over the sequence.
 * n ≥ T (or `Infinity`) is full BPTT.
 */
export class TruncatedBptt implements OnlineLearner {
  readonly name: string;
  private readonly window: NetworkWindow;
  private batch: TaskBatch | null = null;
  private windowStart = 0;
  private loss = 0;
  private imm = new Float64Array(0);
  private v = new Float64Array(0);
  private vNext = new Float64Array(0);
  private start = new Float64Array(0);

  constructor(
    readonly network: RecurrentNetwork,
    readonly truncation = Infinity,
  ) {
    if (!(truncation >= 1 && (Number.isInteger(truncation) || truncation === Infinity))) throw new RangeError(`truncation must be a positive integer or Infinity, got ${truncation}`);
    this.name = truncation === Infinity ? 'BPTT' : `BPTT n=${truncation}`;
    this.window = new NetworkWindow(network);
  }

  beginSequence(batch: TaskBatch): void {
    this.window.begin(batch);
    this.batch = batch;
    this.windowStart = 0;
    this.loss = 0;
    this.network.gradients.fill(0);
    const n = Math.min(this.truncation, batch.steps);
    const rows = batch.batch * this.window.stateSize;
    if (this.imm.length < n * rows) this.imm = new Float64Array(n * rows);
    if (this.v.length !== rows) {
      this.v = new Float64Array(rows);
      this.vNext = new Float64Array(rows);
      this.start = new Float64Array(rows);
    }
  }

  step(t: number): void {
    const batch = this.batch as TaskBatch;
    if (!endsWindow(t, batch.steps, this.truncation)) return;
    const len = t - this.windowStart + 1;
    const net = this.network;
    const win = this.window;
    win.run(this.windowStart, len);
    const rows = batch.batch * win.stateSize;
    for (let w = 0; w < len; w++) this.loss += win.score(w, net.gradients, this.imm, w * rows);
    backpropagateWindow(win.layer, net.parameters, len, batch.batch, this.imm, null, net.gradients, this.v, this.vNext, this.start);
    this.windowStart = t + 1;
  }

  endOfSequence(): number {
    return this.loss;
  }
}
