import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { RecurrentNetwork } from '../network.ts';
import { NetworkWindow } from './network-window.ts';
import type { OnlineLearner } from './online-learner.ts';
import { endsWindow } from './truncation-windows.ts';

/**
 * The window driver every online rule of this folder runs on: it cuts a sequence of T steps into
 * windows of n steps (truncation-windows.ts: the first of T mod n steps, the others of n, n = 1 for
 * a fully online rule, Infinity for full BPTT), runs each window from the previous window's final
 * state when its last step arrives, scores its steps (the loss, the exact readout gradient into
 * `network.gradients`, and the immediate gradients ∂L_t/∂s_t into `imm`), and then hands the
 * window to the rule's `learnWindow`. A new rule is one subclass that implements `learnWindow`
 * (and, if it keeps state over a sequence, `prepare` and `finishSequence`).
 *
 * In `learnWindow`, window step w (0…length − 1) is sequence step start + w; its state s is at
 * `window.stateOffset(w)` in `window.layer.states` (w = −1: the state the window started from),
 * and its immediate gradient is the B × dim(s) block of `imm` at w·rows (rows = B·dim(s)).
 */
export abstract class WindowedLearner implements OnlineLearner {
  abstract readonly name: string;
  protected readonly window: NetworkWindow;
  /** The batch of the current sequence (set by beginSequence). */
  protected batch: TaskBatch | null = null;
  /** B·dim(s), the numbers of one state block of the batch. */
  protected rows = 0;
  /** window length × B × dim(s): ∂L_t/∂s_t of the window's steps. */
  protected imm = new Float64Array(0);
  private windowStart = 0;
  private loss = 0;
  private readonly scratch = new Map<string, Float64Array<ArrayBuffer>>();

  constructor(
    readonly network: RecurrentNetwork,
    readonly truncation: number,
  ) {
    if (!(truncation >= 1 && (Number.isInteger(truncation) || truncation === Infinity))) throw new RangeError(`truncation must be a positive integer or Infinity, got ${truncation}`);
    this.window = new NetworkWindow(network);
  }

  beginSequence(batch: TaskBatch): void {
    this.window.begin(batch);
    this.batch = batch;
    this.windowStart = 0;
    this.loss = 0;
    this.network.gradients.fill(0);
    this.rows = batch.batch * this.window.stateSize;
    const n = Math.min(this.truncation, batch.steps);
    if (this.imm.length < n * this.rows) this.imm = new Float64Array(n * this.rows);
    this.prepare(batch);
  }

  step(t: number): void {
    const batch = this.batch;
    if (batch === null) throw new Error('step needs beginSequence() first');
    if (!endsWindow(t, batch.steps, this.truncation)) return;
    const start = this.windowStart;
    const length = t - start + 1;
    const win = this.window;
    win.run(start, length);
    for (let w = 0; w < length; w++) this.loss += win.score(w, this.network.gradients, this.imm, w * this.rows);
    this.learnWindow(start, length, t === batch.steps - 1);
    this.windowStart = t + 1;
  }

  endOfSequence(): number {
    this.finishSequence();
    return this.loss;
  }

  /** The rule's work on the window of steps start…start + length − 1, just run and scored; `last`: it ends the sequence. */
  protected abstract learnWindow(start: number, length: number, last: boolean): void;

  /** Sequence start, after the driver's own set-up (batch, rows and imm are current). */
  protected prepare(_batch: TaskBatch): void {}

  /** Sequence end, before the loss is returned (a synthesiser's update, say). */
  protected finishSequence(): void {}

  /** A B × dim(s) scratch array of this learner named `key`, reused while the batch size stays. */
  protected rowBuffer(key: string): Float64Array<ArrayBuffer> {
    let a = this.scratch.get(key);
    if (a === undefined || a.length !== this.rows) {
      a = new Float64Array(this.rows);
      this.scratch.set(key, a);
    }
    return a;
  }
}
