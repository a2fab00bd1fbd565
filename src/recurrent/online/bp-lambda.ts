import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { Optimizer } from '../../core/optimizer.ts';
import type { RecurrentNetwork } from '../network.ts';
import { LinearSynthesiser } from './linear-synthesiser.ts';
import { WindowedLearner } from './windowed-learner.ts';

/** Settings of accumulate BP(λ). */
export interface BpLambdaOptions {
  /** λ ∈ [0, 1]: 0 is one-step bootstrapping, 1 the Monte-Carlo future gradient. */
  readonly lambda: number;
  /** Discount γ of the bootstrapped synthetic gradient; default 1 (the authors' synth_gamma). */
  readonly gamma?: number;
  /** w_sg, the weight of g(s_t) in the network's learning signal; default 0.1 (issue 16). */
  readonly syntheticWeight?: number;
  /** The synthesiser's optimizer (the authors: Adam); it steps once per sequence. */
  readonly optimizer: Optimizer;
  /** false: the synthesiser is not updated (evaluation); default true. */
  readonly learnSynthesiser?: boolean;
}

/**
 * Accumulate BP(λ) (Pemberton & Ponte Costa, "BP(λ): Online Learning via Synthetic Gradients",
 * TMLR 2024; neuralml/bp_lambda): a one-layer recurrent network learns without backpropagation
 * through time, from a linear synthesiser g(s; θ) ≈ ∂L_{>t}/∂s_t (linear-synthesiser.ts) that is
 * itself learnt online by a TD(λ)-like rule. Per step t, fully online:
 * - network: the learning signal ∂L_t/∂s_t + w_sg·g(s_t) goes through the one-step ∂s_t/∂Ψ only
 *   (`parameterVjp`); the readout gets its exact immediate gradient;
 * - synthesiser: δ_{t−1} = (∂L_t/∂s_t + γ·g(s_t))·J_t − g(s_{t−1}), with g ≡ 0 at the last step
 *   (no future loss); Δθ ∝ δ_{t−1}·e_{t−1}; then e_t = γλ·J_t·e_{t−1} + ∂g(s_t)/∂θ, e reset at
 *   each sequence start (J_t = ∂s_t/∂s_{t−1}, `stateJacobian`, needed only when γλ ≠ 0).
 * g uses the θ of the sequence start: the synthesiser's gradient accumulates over the sequence
 * and is applied at `endOfSequence` (the authors' `param.grad +=` with one optimizer step per
 * sequence), so with λ = 1, γ = 1 the update is exactly the gradient of Σ_t ½‖G_t − g(s_t)‖² with
 * G_t the true future gradient (the forward and backward views of TD(λ) agree offline).
 * Indices follow the authors' synthesiser.py (update_TD_error, update_etraces_linear); the
 * synthesiser reads the whole state s (their synth_cell_grad: [h; c] for the LSTM).
 * It runs on the window driver (windowed-learner.ts) with windows of one step.
 * Cost per step and sequence at step t: see LinearSynthesiser (S³·min(t, S + 1) for the trace),
 * plus dim(s) vector–Jacobian products for J_t.
 */
export class BpLambda extends WindowedLearner {
  readonly name: string;
  readonly synthesiser: LinearSynthesiser;
  readonly lambda: number;
  readonly gamma: number;
  readonly syntheticWeight: number;
  private readonly learnSynthesiser: boolean;
  private gNow = new Float64Array(0);
  private gPrev = new Float64Array(0);
  private v = new Float64Array(0);
  private delta = new Float64Array(0);
  private jacobians = new Float64Array(0);

  constructor(network: RecurrentNetwork, options: BpLambdaOptions) {
    super(network, 1);
    const { lambda } = options;
    if (!(lambda >= 0 && lambda <= 1)) throw new RangeError(`λ must be in [0, 1], got ${lambda}`);
    this.lambda = lambda;
    this.gamma = options.gamma ?? 1;
    this.syntheticWeight = options.syntheticWeight ?? 0.1;
    this.learnSynthesiser = options.learnSynthesiser ?? true;
    this.name = `BP(${lambda})`;
    this.synthesiser = new LinearSynthesiser(this.window.stateSize, options.optimizer);
  }

  protected override prepare(batch: TaskBatch): void {
    this.synthesiser.resetTraces(batch.batch, this.gamma * this.lambda === 0 ? 1 : batch.steps);
    this.gNow = this.rowBuffer('gNow');
    this.gPrev = this.rowBuffer('gPrev');
    this.v = this.rowBuffer('v');
    this.delta = this.rowBuffer('delta');
    if (this.jacobians.length !== this.rows * this.window.stateSize) this.jacobians = new Float64Array(this.rows * this.window.stateSize);
  }

  protected learnWindow(t: number, _length: number, last: boolean): void {
    const net = this.network;
    const win = this.window;
    const layer = win.layer;
    const S = win.stateSize;
    const bs = (this.batch as TaskBatch).batch;
    const rows = this.rows;
    const imm = this.imm;
    const sOff = win.stateOffset(0);
    const g = this.gNow;
    if (last) g.fill(0);
    else this.synthesiser.predict(bs, layer.states, sOff, S, g, 0);
    if (this.learnSynthesiser) {
      if (t > 0) {
        for (let k = 0; k < rows; k++) this.v[k] = imm[k] + this.gamma * g[k];
        layer.stateVjp(net.parameters, 0, this.v, this.delta);
        for (let k = 0; k < rows; k++) this.delta[k] -= this.gPrev[k];
        this.synthesiser.accumulate(this.delta);
      }
      if (!last) {
        const decay = this.gamma * this.lambda;
        if (t > 0 && decay !== 0) {
          layer.stateJacobian(net.parameters, 0, this.jacobians);
          this.synthesiser.updateTraces(decay, this.jacobians, layer.states, sOff, S);
        } else {
          this.synthesiser.updateTraces(0, null, layer.states, sOff, S);
        }
      }
    }
    for (let k = 0; k < rows; k++) this.v[k] = imm[k] + this.syntheticWeight * g[k];
    layer.parameterVjp(net.parameters, 0, this.v, net.gradients);
    this.gNow = this.gPrev;
    this.gPrev = g;
  }

  protected override finishSequence(): void {
    if (this.learnSynthesiser) this.synthesiser.applyUpdate();
  }
}
