import type { Optimizer } from '../../core/optimizer.ts';
import type { RecurrentNetwork } from '../network.ts';
import { LinearSynthesiser } from './linear-synthesiser.ts';
import { backpropagateWindow } from './window-backward.ts';
import { WindowedLearner } from './windowed-learner.ts';

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
export class BpttSynthetic extends WindowedLearner {
  readonly name: string;
  readonly synthesiser: LinearSynthesiser;
  readonly syntheticWeight: number;
  readonly gamma: number;
  private injected = new Float64Array(0);
  private gEnd = new Float64Array(0);
  private v = new Float64Array(0);
  private vNext = new Float64Array(0);
  private start = new Float64Array(0);
  private target = new Float64Array(0);
  private delta = new Float64Array(0);

  constructor(network: RecurrentNetwork, options: BpttSyntheticOptions) {
    const n = options.truncation;
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`truncation must be a positive integer, got ${n}`);
    super(network, n);
    this.syntheticWeight = options.syntheticWeight ?? 0.1;
    this.gamma = options.gamma ?? 1;
    this.name = `BPTT+SG n=${n}`;
    this.synthesiser = new LinearSynthesiser(this.window.stateSize, options.optimizer);
  }

  protected override prepare(): void {
    const bs = (this.batch as { batch: number }).batch;
    this.synthesiser.resetTraces(bs, 1);
    this.injected = this.rowBuffer('injected');
    this.gEnd = this.rowBuffer('gEnd');
    this.v = this.rowBuffer('v');
    this.vNext = this.rowBuffer('vNext');
    this.start = this.rowBuffer('start');
    this.target = this.rowBuffer('target');
    this.delta = this.rowBuffer('delta');
  }

  protected learnWindow(windowStart: number, length: number, last: boolean): void {
    const net = this.network;
    const win = this.window;
    const layer = win.layer;
    const S = win.stateSize;
    const bs = (this.batch as { batch: number }).batch;
    const rows = this.rows;
    if (last) this.gEnd.fill(0);
    else this.synthesiser.predict(bs, layer.states, win.stateOffset(length - 1), S, this.gEnd, 0);
    for (let k = 0; k < rows; k++) this.injected[k] = this.syntheticWeight * this.gEnd[k];
    backpropagateWindow(layer, net.parameters, length, bs, this.imm, this.injected, net.gradients, this.v, this.vNext, this.start);
    if (windowStart > 0) {
      let target = this.start;
      if (this.syntheticWeight !== this.gamma) {
        for (let k = 0; k < rows; k++) this.injected[k] = this.gamma * this.gEnd[k];
        backpropagateWindow(layer, net.parameters, length, bs, this.imm, this.injected, null, this.v, this.vNext, this.target);
        target = this.target;
      }
      const startOff = win.stateOffset(-1);
      this.synthesiser.predict(bs, layer.states, startOff, S, this.delta, 0);
      for (let k = 0; k < rows; k++) this.delta[k] = target[k] - this.delta[k];
      this.synthesiser.updateTraces(0, null, layer.states, startOff, S);
      this.synthesiser.accumulate(this.delta);
    }
  }

  protected override finishSequence(): void {
    this.synthesiser.applyUpdate();
  }
}
