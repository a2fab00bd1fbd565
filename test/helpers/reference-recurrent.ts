/**
 * The recurrent cells written out again from their equations with nested arrays and plain loops,
 * one sequence at a time, sharing no code with src/recurrent: the independent re-implementation the
 * batched core is checked against. Only the documented parameter layout (gate blocks in the order
 * of the cell's gateNames, rows of Wx and Wh, the readout) is read from the flat vector.
 */
import type { RecurrentNetwork } from '../../src/recurrent/network.ts';

type Matrix = number[][];
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const dot = (w: number[], x: number[]) => w.reduce((s, wi, j) => s + wi * x[j], 0);

interface GateWeights {
  Wx: Matrix;
  Wh: Matrix;
  b: number[];
}

interface ReferenceLayer {
  gates: Record<string, GateWeights>;
  extra: Record<string, number[]>;
  H: number;
}

export interface ReferenceOptions {
  kind: 'lstm' | 'sublstm' | 'fix-sublstm' | 'rnn' | 'gru' | 'rate-gru';
  leak?: number;
  activation?: 'tanh' | 'relu' | 'softplus' | 'linear';
}

const GATES: Record<ReferenceOptions['kind'], string[]> = {
  lstm: ['i', 'f', 'o', 'z'],
  sublstm: ['i', 'f', 'o', 'z'],
  'fix-sublstm': ['i', 'o', 'z'],
  rnn: ['a'],
  gru: ['r', 'u', 'n'],
  'rate-gru': ['u', 'n'],
};

/** φ from its definition (softplus as PyTorch's nn.Softplus: the identity above 20). */
function phi(activation: ReferenceOptions['activation'], a: number): number {
  if (activation === 'relu') return Math.max(a, 0);
  if (activation === 'linear') return a;
  if (activation === 'softplus') return a > 20 ? a : Math.log(1 + Math.exp(a));
  return Math.tanh(a);
}

function readMatrix(flat: Float64Array, offset: number, rowFrom: number, rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(offset + (rowFrom + r) * cols, offset + (rowFrom + r + 1) * cols)));
}

/** The layers' weights, per gate, from the network's flat vector. */
function readLayers(net: RecurrentNetwork, kind: ReferenceOptions['kind']): ReferenceLayer[] {
  return net.options.hidden.map((H, l) => {
    const wx = net.views.get(`layer${l}.Wx`)!;
    const wh = net.views.get(`layer${l}.Wh`)!;
    const bv = net.views.get(`layer${l}.b`)!;
    const gates: Record<string, GateWeights> = {};
    GATES[kind].forEach((g, k) => {
      gates[g] = {
        Wx: readMatrix(net.parameters, wx.offset, k * H, H, wx.cols),
        Wh: readMatrix(net.parameters, wh.offset, k * H, H, H),
        b: Array.from(net.parameters.subarray(bv.offset + k * H, bv.offset + (k + 1) * H)),
      };
    });
    const extra: Record<string, number[]> = {};
    for (const name of ['forget', 'candidateBias']) {
      const v = net.views.get(`layer${l}.${name}`);
      if (v !== undefined) extra[name] = Array.from(net.parameters.subarray(v.offset, v.offset + v.cols));
    }
    return { gates, extra, H };
  });
}

/** One step of one sequence: (h, c) → (h', c') straight from the cell's equations. */
export function referenceStep(opt: ReferenceOptions, L: ReferenceLayer, x: number[], h: number[], c: number[]): { h: number[]; c: number[] } {
  const pre = (g: string, j: number) => dot(L.gates[g].Wx[j], x) + dot(L.gates[g].Wh[j], h) + L.gates[g].b[j];
  const hn: number[] = [];
  const cn: number[] = [];
  const alpha = opt.leak ?? 0;
  for (let j = 0; j < L.H; j++) {
    if (opt.kind === 'lstm') {
      const i = sig(pre('i', j)), f = sig(pre('f', j)), o = sig(pre('o', j)), z = Math.tanh(pre('z', j));
      cn.push(f * c[j] + i * z);
      hn.push(o * Math.tanh(cn[j]));
    } else if (opt.kind === 'sublstm') {
      const i = sig(pre('i', j)), f = sig(pre('f', j)), o = sig(pre('o', j)), z = sig(pre('z', j));
      cn.push(f * c[j] + z - i);
      hn.push(sig(cn[j]) - o);
    } else if (opt.kind === 'fix-sublstm') {
      const i = sig(pre('i', j)), o = sig(pre('o', j)), z = sig(pre('z', j)), f = sig(L.extra.forget[j]);
      cn.push(f * c[j] + z - i);
      hn.push(sig(cn[j]) - o);
    } else if (opt.kind === 'rnn') {
      hn.push(alpha * h[j] + (1 - alpha) * phi(opt.activation, pre('a', j)));
    } else if (opt.kind === 'rate-gru') {
      // the authors' LeakyGRUCell: new = α·h + (1−α)·φ(n); h' = (1−u)·h + u·new
      const u = sig(pre('u', j));
      const fresh = alpha * h[j] + (1 - alpha) * phi(opt.activation, pre('n', j));
      hn.push((1 - u) * h[j] + u * fresh);
    } else {
      const gx = (g: string) => dot(L.gates[g].Wx[j], x) + L.gates[g].b[j];
      const gh = (g: string) => dot(L.gates[g].Wh[j], h);
      const r = sig(gx('r') + gh('r'));
      const u = sig(gx('u') + gh('u'));
      const n = Math.tanh(gx('n') + r * (gh('n') + L.extra.candidateBias[j]));
      hn.push(alpha * h[j] + (1 - alpha) * ((1 - u) * n + u * h[j]));
    }
  }
  return { h: hn, c: cn };
}

/**
 * Runs the whole network on one sequence (x[t][i]) of `length` valid steps out of `steps`:
 * returns y[t][k] for every step and each layer's final (h, c). Frozen steps keep the state.
 */
export function referenceRun(net: RecurrentNetwork, opt: ReferenceOptions, x: number[][], length: number, initial?: { h: number[]; c: number[] }[]): { y: number[][]; final: { h: number[]; c: number[] }[] } {
  const layers = readLayers(net, opt.kind);
  const state = layers.map((L, l) => initial?.[l] ?? { h: new Array(L.H).fill(0), c: new Array(L.H).fill(0) });
  const ro = net.views.get('readout.W')!;
  const rb = net.views.get('readout.b')!;
  const W = readMatrix(net.parameters, ro.offset, 0, ro.rows, ro.cols);
  const b = Array.from(net.parameters.subarray(rb.offset, rb.offset + rb.cols));
  const y: number[][] = [];
  for (let t = 0; t < x.length; t++) {
    let input = x[t];
    layers.forEach((L, l) => {
      if (t < length) state[l] = referenceStep(opt, L, input, state[l].h, state[l].c);
      input = state[l].h;
    });
    y.push(W.map((row, k) => dot(row, input) + b[k]));
  }
  return { y, final: state };
}
