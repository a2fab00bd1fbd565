import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { RecurrentNetwork } from '../network.ts';
import type { LinearSynthesiser } from './linear-synthesiser.ts';
import { NetworkWindow } from './network-window.ts';

/** The true future gradients of a batch and the states they belong to. */
export interface FutureGradients {
  /** T × B × S: G_t = ∂L_{>t}/∂s_t = Σ_{k>t} ∂L_k/∂s_t (zero at t = T − 1), row block t at t·B·S. */
  gradients: Float64Array;
  /** (T + 1) × B × S: s_{−1} (zero), s_0, …, s_{T−1}; s_t at block t + 1. */
  states: Float64Array;
  stateSize: number;
}

/**
 * The gradient of future losses with respect to each state, by backpropagation through the whole
 * sequence (the target a synthesiser approximates): G_{T−1} = 0, G_{t−1} = (∂L_t/∂s_t + G_t)·J_t.
 * Runs the network forward on the batch from the zero state; leaves its parameters and its
 * gradient vector unchanged (gradients are written to a scratch vector).
 */
export function futureGradients(network: RecurrentNetwork, batch: TaskBatch): FutureGradients {
  const win = new NetworkWindow(network);
  win.begin(batch);
  const T = batch.steps;
  const S = win.stateSize;
  const rows = batch.batch * S;
  win.run(0, T);
  const scratch = new Float64Array(network.parameters.length);
  const imm = new Float64Array(T * rows);
  for (let t = 0; t < T; t++) win.score(t, scratch, imm, t * rows);
  const G = new Float64Array(T * rows);
  const v = new Float64Array(rows);
  const out = new Float64Array(rows);
  for (let t = T - 1; t >= 1; t--) {
    for (let k = 0; k < rows; k++) v[k] = imm[t * rows + k] + G[t * rows + k];
    win.layer.stateVjp(network.parameters, t, v, out);
    G.set(out, (t - 1) * rows);
  }
  return { gradients: G, states: win.layer.states.slice(0, (T + 1) * rows), stateSize: S };
}

/** cos∠(a, b) of the n numbers at aOff and bOff; 0 when either is zero. */
export function cosine(a: Float64Array, aOff: number, b: Float64Array, bOff: number, n: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let k = 0; k < n; k++) {
    const x = a[aOff + k];
    const y = b[bOff + k];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return aa === 0 || bb === 0 ? 0 : ab / Math.sqrt(aa * bb);
}

/**
 * Mean cosine alignment between the synthesiser's g(s_t) and the true future gradient G_t over
 * the sequences of the batch and the steps t = 0…T−2 (at T − 1 both are zero by definition),
 * the measure of the paper's Fig. 2. Also returns the alignment per step.
 */
export function syntheticGradientAlignment(network: RecurrentNetwork, synthesiser: LinearSynthesiser, batch: TaskBatch): { mean: number; perStep: number[] } {
  const { gradients, states, stateSize: S } = futureGradients(network, batch);
  const bs = batch.batch;
  const g = new Float64Array(bs * S);
  const perStep: number[] = [];
  let total = 0;
  for (let t = 0; t < batch.steps - 1; t++) {
    synthesiser.predict(bs, states, (t + 1) * bs * S, S, g, 0);
    let sum = 0;
    for (let b = 0; b < bs; b++) sum += cosine(g, b * S, gradients, (t * bs + b) * S, S);
    perStep.push(sum / bs);
    total += sum / bs;
  }
  return { mean: total / (batch.steps - 1), perStep };
}

/** cos∠ between two whole gradient vectors (a learner's update direction against BPTT's, say). */
export function gradientAlignment(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new RangeError(`gradient lengths differ: ${a.length} and ${b.length}`);
  return cosine(a, 0, b, 0, a.length);
}
