import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { Optimizer } from '../../core/optimizer.ts';
import type { RecurrentNetwork } from '../network.ts';
import { LinearSynthesiser } from './linear-synthesiser.ts';
import { NetworkWindow } from './network-window.ts';
import type { OnlineLearner } from './online-learner.ts';
import { endsWindow } from './truncation-windows.ts';
import { backpropagateWindow } from './window-backward.ts';

/** Settings of BPTT with synthetic gradients. */
export interface BpttSyntheticOptions {
  /** Window length n of the truncation. */
  readonly truncation: number;
  /** w_sg, the weight of g(s_end) injected at a window's end; default 0.1 as for BP(λ). */
  readonly syntheticWeight?: number;
  /** Discount γ of the bootstrapped target; default 1. */
  readonly gamma?: number;
  /** The synthesiser's optimizer; it steps once per sequence. */
  readonly optimizer: Optimizer;
}

/**
 * Truncated BPTT with synthetic gradients, the decoupled neural interfaces of Jaderberg et al.
 * (ICML 2017), the "BPTT+SG" baseline of BP(λ): the sequence is cut into windows of n steps (the
 * first of T mod n, as in TruncatedBptt, so the last window is a full one), each run from the
 * previous window's final state; at a window's last state s_end the linear
 * synthesiser's prediction w_sg·g(s_end) is injected (g ≡ 0 at the sequence's end) and
 * backpropagated through the window with its losses. The synthesiser is trained towards the
 * gradient that reaches the window's initial state s_start (the previous window's end),
 *   target = BPTT of the window's losses + γ·g(s_end),   Δθ ∝ (target − g(s_start))·∂g(s_start)/∂θ,
 * n-step bootstrapping (λ = 0 on windows). The first window starts from the fixed zero state and
 * trains no prediction. As in BP(λ), θ is fixed during a sequence and updated at its end.
 */
export class BpttSynthetic implements OnlineLearner {
  readonly name: string;
  readonly synthesiser: LinearSynthesiser;
  readonly truncation: number;
  readonly syntheticWeight: number;
  readonly gamma: number;
  private readonly window: NetworkWindow;
  private batch: TaskBatch | null = null;
  private windowStart = 0;
  private loss = 0;
  private imm = new Float64Array(0);
  private injected = new Float64Array(0);
  private gEnd = new Float64Array(0);
  private v = new Float64Array(0);
  private vNext = new Float64Array(0);
  private start = new Float64Array(0);
  private target = new Float64Array(0);
  private delta = new Float64Array(0);

  constructor(
    readonly network: RecurrentNetwork,
    options: BpttSyntheticOptions,
  ) {
    const n = options.truncation;
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`truncation must be a positive integer, got ${n}`);
    this.truncation = n;
    this.syntheticWeight = options.syntheticWeight ?? 0.1;
    this.gamma = options.gamma ?? 1;
    this.name = `BPTT+SG n=${n}`;
    this.window = new NetworkWindow(network);
    this.synthesiser = new LinearSynthesiser(this.window.stateSize, options.optimizer);
  }

  beginSequence(batch: TaskBatch): void {
    this.window.begin(batch);
    this.batch = batch;
    this.windowStart = 0;
    this.loss = 0;
    this.network.gradients.fill(0);
    this.synthesiser.resetTraces(batch.batch);
    const rows = batch.batch * this.window.stateSize;
    const n = Math.min(this.truncation, batch.steps);
    if (this.imm.length < n * rows) this.imm = new Float64Array(n * rows);
    if (this.v.length !== rows) {
      for (const key of ['injected', 'gEnd', 'v', 'vNext', 'start', 'target', 'delta'] as const) this[key] = new Float64Array(rows);
    }
  }

  step(t: number): void {
    const batch = this.batch as TaskBatch;
    if (!endsWindow(t, batch.steps, this.truncation)) return;
    const len = t - this.windowStart + 1;
    const last = t === batch.steps - 1;
    const net = this.network;
    const win = this.window;
    const layer = win.layer;
    const S = win.stateSize;
    const bs = batch.batch;
    const rows = bs * S;
    win.run(this.windowStart, len);
    for (let w = 0; w < len; w++) this.loss += win.score(w, net.gradients, this.imm, w * rows);
    if (last) this.gEnd.fill(0);
    else this.synthesiser.predict(bs, layer.states, win.stateOffset(len - 1), S, this.gEnd, 0);
    for (let k = 0; k < rows; k++) this.injected[k] = this.syntheticWeight * this.gEnd[k];
    backpropagateWindow(layer, net.parameters, len, bs, this.imm, this.injected, net.gradients, this.v, this.vNext, this.start);
    if (this.windowStart > 0) {
      let target = this.start;
      if (this.syntheticWeight !== this.gamma) {
        for (let k = 0; k < rows; k++) this.injected[k] = this.gamma * this.gEnd[k];
        backpropagateWindow(layer, net.parameters, len, bs, this.imm, this.injected, null, this.v, this.vNext, this.target);
        target = this.target;
      }
      const startOff = win.stateOffset(-1);
      this.synthesiser.predict(bs, layer.states, startOff, S, this.delta, 0);
      for (let k = 0; k < rows; k++) this.delta[k] = target[k] - this.delta[k];
      this.synthesiser.updateTraces(0, null, layer.states, startOff, S);
      this.synthesiser.accumulate(this.delta);
    }
    this.windowStart = t + 1;
  }

  endOfSequence(): number {
    this.synthesiser.applyUpdate();
    return this.loss;
  }
}
