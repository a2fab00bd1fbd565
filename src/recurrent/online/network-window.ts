import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import { InputError } from '../../core/input-error.ts';
import { gemmNN, gemmTN } from '../gemm.ts';
import type { RecurrentLayer } from '../layer.ts';
import type { RecurrentNetwork } from '../network.ts';
import { stepLoss } from './step-loss.ts';

/**
 * The plumbing the online learners share on a one-layer network: run a window of steps of a task
 * batch (carrying the state from the previous window), and per step of the window the loss, the
 * exact readout gradient and the immediate gradient ∂L_t/∂s_t on the layer's state.
 *
 * Indexing: s_t is the state after the input of step t (0…T−1); the layer's window step w
 * (its `states` block w + 1) of a window starting at t0 is s_{t0+w}, block 0 is s_{t0−1}
 * (the carried state, or zero at t0 = 0). State s = [h; c] for the LSTM family, h otherwise;
 * dim(s) = `stateSize`. Buffers grow with the batch and window and are reused.
 */
export class NetworkWindow {
  readonly layer: RecurrentLayer;
  readonly stateSize: number;
  readonly hidden: number;
  readonly outputSize: number;
  private readonly readoutW: number;
  private readonly readoutB: number;
  batch: TaskBatch | null = null;
  /** Start step of the window last run and its length. */
  start = 0;
  length = 0;
  /** Input buffers of windows (B × n × I), by window length n. */
  private readonly inputs = new Map<number, Float64Array>();
  /** B × O: dL_t/dy_t of the step last scored. */
  private dY = new Float64Array(0);

  constructor(readonly network: RecurrentNetwork) {
    if (network.layers.length !== 1) throw new InputError('network', `online learners take a one-layer network, got ${network.layers.length} layers`);
    this.layer = network.layers[0];
    this.stateSize = this.layer.stateSize;
    this.hidden = this.layer.hidden;
    this.outputSize = network.outputSize;
    const w = network.views.get('readout.W');
    const b = network.views.get('readout.b');
    if (w === undefined || b === undefined) throw new Error('network has no readout');
    this.readoutW = w.offset;
    this.readoutB = b.offset;
  }

  /** Takes a batch of fresh sequences (dense inputs, output size matching the network's). */
  begin(batch: TaskBatch): void {
    if (batch.inputs.kind !== 'dense') throw new InputError('batch.inputs', 'online learners take dense inputs');
    if (batch.inputSize !== this.network.inputSize) throw new InputError('batch.inputSize', `network has ${this.network.inputSize} inputs, batch ${batch.inputSize}`);
    const o = batch.targets.kind === 'classes' ? batch.targets.classes : batch.targets.outputSize;
    if (o !== this.outputSize) throw new InputError('batch.targets', `network has ${this.outputSize} outputs, targets ${o}`);
    this.batch = batch;
    if (this.dY.length < batch.batch * o) this.dY = new Float64Array(batch.batch * o);
  }

  /** Runs steps t0…t0 + n − 1 from s_{t0−1} (zero at t0 = 0, else the previous window's end). */
  run(t0: number, n: number): void {
    const batch = this.batch;
    if (batch === null) throw new Error('run needs begin() first');
    const bs = batch.batch;
    const T = batch.steps;
    const inp = batch.inputSize;
    let x = this.inputs.get(n);
    if (x === undefined || x.length !== bs * n * inp) {
      x = new Float64Array(bs * n * inp);
      this.inputs.set(n, x);
    }
    const src = (batch.inputs as { values: Float64Array }).values;
    for (let b = 0; b < bs; b++) {
      for (let w = 0; w < n; w++) {
        const from = (b * T + t0 + w) * inp;
        const to = (b * n + w) * inp;
        for (let i = 0; i < inp; i++) x[to + i] = src[from + i];
      }
    }
    this.start = t0;
    this.length = n;
    this.network.forward({ inputs: x, batchSize: bs, steps: n }, { carryState: t0 > 0 });
  }

  /** Offset of s_{t0+w} (window step w; w = −1 the initial state) in `layer.states`. */
  stateOffset(w: number): number {
    return (w + 1) * (this.batch as TaskBatch).batch * this.stateSize;
  }

  /**
   * Scores window step w: returns L_t (t = start + w), adds the exact readout gradient into grads
   * and writes ∂L_t/∂s_t (B × dim(s); h part dL/dy·W_out, c part 0) into imm at immOff.
   */
  score(w: number, grads: Float64Array, imm: Float64Array, immOff = 0): number {
    const batch = this.batch as TaskBatch;
    const bs = batch.batch;
    const o = this.outputSize;
    const h = this.hidden;
    const s = this.stateSize;
    const loss = stepLoss(batch, this.start + w, this.network.outputs, w * bs * o, this.dY, 0);
    const states = this.layer.states;
    const sOff = this.stateOffset(w);
    gemmTN(o, h, bs, this.dY, 0, o, states, sOff, s, grads, this.readoutW, h);
    for (let b = 0; b < bs; b++) for (let k = 0; k < o; k++) grads[this.readoutB + k] += this.dY[b * o + k];
    imm.fill(0, immOff, immOff + bs * s);
    gemmNN(bs, h, o, this.dY, 0, o, this.network.parameters, this.readoutW, h, imm, immOff, s);
    return loss;
  }
}
