import type { SequenceBatch as TaskBatch } from '../../../src/data/sequence-batch.ts';
import { Random } from '../../../src/random/random.ts';
import { RecurrentNetwork } from '../../../src/recurrent/network.ts';

/**
 * A small one-layer rate RNN (tanh or linear, no leak) re-implemented with plain arrays, for
 * hand computations of the online learners' gradients: h_t = φ(Wx·x_t + Wh·h_{t−1} + b),
 * y_t = Wo·h_t + bo, L_t = (1/B)(1/O) Σ_b w_bt ‖y_bt − target_bt‖².
 */
export interface HandRnn {
  net: RecurrentNetwork;
  batch: TaskBatch;
  B: number;
  T: number;
  I: number;
  H: number;
  O: number;
  Wx: number[][];
  Wh: number[][];
  b: number[];
  Wo: number[][];
  /** h[b][t + 1] = h_t, h[b][0] = 0. */
  h: number[][][];
  /** x[b][t]. */
  x: number[][][];
  /** imm[b][t] = ∂L_t/∂h_t. */
  imm: number[][][];
  /** slope[b][t][i] = φ'(a_t[i]). */
  slope: number[][][];
  tanh: boolean;
}

export function handRnn(opts: { B: number; T: number; I: number; H: number; O: number; tanh: boolean; seed: number; mask?: number[][] }): HandRnn {
  const { B, T, I, H, O, tanh, seed } = opts;
  const net = new RecurrentNetwork({ cell: 'rnn', activation: tanh ? 'tanh' : 'linear', inputSize: I, hidden: [H], outputSize: O, seed });
  const rng = new Random(seed, 'hand-rnn');
  // non-zero biases so every term of the hand formulas is exercised
  for (const name of ['layer0.b', 'readout.b']) {
    const v = net.view(name);
    for (let k = 0; k < v.length; k++) v[k] = rng.uniformIn(-0.3, 0.3);
  }
  const inputs = new Float64Array(B * T * I);
  for (let k = 0; k < inputs.length; k++) inputs[k] = rng.uniformIn(-1, 1);
  const values = new Float64Array(B * T * O);
  for (let k = 0; k < values.length; k++) values[k] = rng.uniformIn(-1, 1);
  const mask = new Float64Array(B * T);
  for (let bb = 0; bb < B; bb++) for (let t = 0; t < T; t++) mask[bb * T + t] = opts.mask?.[bb]?.[t] ?? 1;
  const batch: TaskBatch = {
    batch: B,
    steps: T,
    inputSize: I,
    inputs: { kind: 'dense', values: inputs },
    lengths: new Int32Array(B).fill(T),
    targets: { kind: 'values', outputSize: O, values, mask, loss: 'mse' },
    continuesPrevious: false,
  };
  const mat = (name: string, rows: number, cols: number): number[][] => {
    const v = net.view(name);
    return Array.from({ length: rows }, (_, r) => Array.from(v.subarray(r * cols, (r + 1) * cols)));
  };
  const Wx = mat('layer0.Wx', H, I);
  const Wh = mat('layer0.Wh', H, H);
  const b = Array.from(net.view('layer0.b'));
  const Wo = mat('readout.W', O, H);
  const bo = Array.from(net.view('readout.b'));
  const h: number[][][] = [];
  const x: number[][][] = [];
  const imm: number[][][] = [];
  const slope: number[][][] = [];
  for (let bb = 0; bb < B; bb++) {
    h.push([new Array<number>(H).fill(0)]);
    x.push([]);
    imm.push([]);
    slope.push([]);
    for (let t = 0; t < T; t++) {
      const xt = Array.from(inputs.subarray((bb * T + t) * I, (bb * T + t + 1) * I));
      x[bb].push(xt);
      const prev = h[bb][t];
      const a = Wx.map((row, i) => row.reduce((s, w, k) => s + w * xt[k], b[i]) + Wh[i].reduce((s, w, m) => s + w * prev[m], 0));
      const ht = a.map((v) => (tanh ? Math.tanh(v) : v));
      h[bb].push(ht);
      slope[bb].push(ht.map((v) => (tanh ? 1 - v * v : 1)));
      const y = Wo.map((row, k) => row.reduce((s, w, i) => s + w * ht[i], bo[k]));
      const w = mask[bb * T + t];
      const dy = y.map((v, k) => (2 * w * (v - values[(bb * T + t) * O + k])) / (B * O));
      imm[bb].push(Array.from({ length: H }, (_, i) => dy.reduce((s, d, k) => s + d * Wo[k][i], 0)));
    }
  }
  return { net, batch, B, T, I, H, O, Wx, Wh, b, Wo, h, x, imm, slope, tanh };
}

/** v·J_t for J_t = ∂h_t/∂h_{t−1} = diag(φ'(a_t))·Wh (t ≥ 1). */
export function vjp(r: HandRnn, bb: number, t: number, v: number[]): number[] {
  return Array.from({ length: r.H }, (_, m) => v.reduce((s, vi, i) => s + vi * r.slope[bb][t][i] * r.Wh[i][m], 0));
}

/**
 * Adds the one-step parameter gradient vᵀ·∂h_t/∂θ (h_{t−1}, x_t fixed) of sequence bb into the
 * flat gradient `grads` at the network's offsets.
 */
export function addOneStep(r: HandRnn, grads: Float64Array, bb: number, t: number, v: number[]): void {
  const { net, H, I } = r;
  const wx = net.views.get('layer0.Wx')!.offset;
  const wh = net.views.get('layer0.Wh')!.offset;
  const bo = net.views.get('layer0.b')!.offset;
  for (let i = 0; i < H; i++) {
    const da = v[i] * r.slope[bb][t][i];
    for (let k = 0; k < I; k++) grads[wx + i * I + k] += da * r.x[bb][t][k];
    for (let m = 0; m < H; m++) grads[wh + i * H + m] += da * r.h[bb][t][m];
    grads[bo + i] += da;
  }
}

/** Adds the exact readout gradient of every step into grads. */
export function addReadout(r: HandRnn, grads: Float64Array): void {
  const { net, B, T, H, O, Wo } = r;
  const wo = net.views.get('readout.W')!.offset;
  const bo = net.views.get('readout.b')!.offset;
  const tg = r.batch.targets as { values: Float64Array; mask: Float64Array };
  const outB = Array.from(net.view('readout.b'));
  for (let bb = 0; bb < B; bb++) {
    for (let t = 0; t < T; t++) {
      const ht = r.h[bb][t + 1];
      const w = tg.mask[bb * T + t];
      for (let k = 0; k < O; k++) {
        const y = Wo[k].reduce((s, wv, i) => s + wv * ht[i], outB[k]);
        const d = (2 * w * (y - tg.values[(bb * T + t) * O + k])) / (B * O);
        for (let i = 0; i < H; i++) grads[wo + k * H + i] += d * ht[i];
        grads[bo + k] += d;
      }
    }
  }
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}
