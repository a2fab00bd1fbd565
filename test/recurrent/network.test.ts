import { describe, expect, it } from 'vitest';
import { adam } from '../../src/core/optimizer.ts';
import type { CellKind, RateActivation } from '../../src/recurrent/cells/cell.ts';
import type { LossSpec } from '../../src/recurrent/losses.ts';
import { RecurrentNetwork, type SequenceBatch } from '../../src/recurrent/network.ts';
import { Random } from '../../src/random/random.ts';
import { referenceRun } from '../helpers/reference-recurrent.ts';
import { finiteDifferenceGradient, randomBatch, relativeErrors, sequenceOf, worst } from './fixtures.ts';

interface Case {
  name: string;
  cell: CellKind;
  leak?: number;
  activation?: RateActivation;
}

const CASES: Case[] = [
  { name: 'lstm', cell: 'lstm' },
  { name: 'sublstm', cell: 'sublstm' },
  { name: 'fix-sublstm', cell: 'fix-sublstm' },
  { name: 'leaky rnn tanh', cell: 'rnn', leak: 0.3, activation: 'tanh' },
  { name: 'leaky rnn relu', cell: 'rnn', leak: 0.5, activation: 'relu' },
  { name: 'leaky rnn linear', cell: 'rnn', leak: 0.2, activation: 'linear' },
  { name: 'leaky gru', cell: 'gru', leak: 0.25 },
  { name: 'leaky rnn softplus', cell: 'rnn', leak: 0.4, activation: 'softplus' },
  { name: 'rate gru relu (the authors’ leaky GRU)', cell: 'rate-gru', leak: 0.3, activation: 'relu' },
  { name: 'rate gru softplus', cell: 'rate-gru', leak: 0.2, activation: 'softplus' },
];

function makeNet(c: Case, hidden: number[], inputSize = 3, outputSize = 4, seed = 7): RecurrentNetwork {
  const net = new RecurrentNetwork({ cell: c.cell, inputSize, hidden, outputSize, seed, leak: c.leak, activation: c.activation });
  // perturb the biases and extras away from their structured initial values, so that every
  // derivative (forget parameters, candidate bias) is exercised at a generic point
  const rng = new Random(seed, 'perturb');
  for (const [name, v] of net.views) {
    if (!name.endsWith('.W') && !name.endsWith('Wx') && !name.endsWith('Wh')) {
      for (let i = v.offset; i < v.offset + v.cols; i++) net.parameters[i] += 0.3 * (2 * rng.uniform() - 1);
    }
  }
  return net;
}

const opts = (c: Case) => ({ kind: c.cell, leak: c.leak, activation: c.activation });

function classTargets(seed: number, n: number, classes: number, skip = -1): Int32Array {
  const rng = new Random(seed, 'targets');
  return Int32Array.from({ length: n }, (_, k) => (k === skip ? -1 : rng.integer(classes)));
}

describe('RecurrentNetwork forward against the per-sequence reference', () => {
  for (const c of CASES) {
    it(`${c.name}: 2 layers, variable lengths, outputs and final states within 1e-12`, () => {
      const net = makeNet(c, [5, 4]);
      const lengths = [6, 3, 0, 5];
      const batch = randomBatch(11, 4, 6, 3, lengths);
      net.forward(batch);
      for (let b = 0; b < 4; b++) {
        const ref = referenceRun(net, opts(c), sequenceOf(batch, b, 3), lengths[b]);
        for (let t = 0; t < 6; t++) for (let k = 0; k < 4; k++) expect(Math.abs(net.output(b, t, k) - ref.y[t][k])).toBeLessThanOrEqual(1e-12);
        net.layers.forEach((layer, l) => {
          const s = layer.stateSize;
          const H = layer.hidden;
          for (let j = 0; j < H; j++) {
            expect(Math.abs(layer.carry[b * s + j] - ref.final[l].h[j])).toBeLessThanOrEqual(1e-12);
            if (s === 2 * H) expect(Math.abs(layer.carry[b * s + H + j] - ref.final[l].c[j])).toBeLessThanOrEqual(1e-12);
          }
        });
      }
    });
  }
});

describe('BPTT gradients against central finite differences (ε = 1e-5, per-array relative error ≤ 1e-6)', () => {
  for (const c of CASES) {
    it(`${c.name}: one layer, cross-entropy at every step with a skipped target and variable lengths`, () => {
      const net = makeNet(c, [4]);
      const batch = randomBatch(3, 3, 5, 3, [5, 2, 4]);
      const spec: LossSpec = { kind: 'cross-entropy', at: 'every', targets: classTargets(5, 15, 4, 7) };
      const f = () => {
        net.forward(batch);
        return net.loss(spec);
      };
      f();
      net.backward();
      const errors = relativeErrors(net, net.gradients, finiteDifferenceGradient(net, f));
      for (const [name, e] of errors) {
        expect(e.scale, name).toBeGreaterThan(1e-4);
        expect(e.rel, name).toBeLessThanOrEqual(1e-6);
      }
    });
  }

  for (const c of CASES) {
    it(`${c.name}: three stacked layers, cross-entropy at the last step`, () => {
      const net = makeNet(c, [4, 3, 5], 2, 3);
      const batch = randomBatch(4, 3, 6, 2, [6, 4, 1]);
      const spec: LossSpec = { kind: 'cross-entropy', at: 'last', targets: Int32Array.from([2, 0, 1]) };
      const f = () => {
        net.forward(batch);
        return net.loss(spec);
      };
      f();
      net.backward();
      const errors = relativeErrors(net, net.gradients, finiteDifferenceGradient(net, f));
      expect(worst(errors)).toBeLessThanOrEqual(1e-6);
      for (const [name, e] of errors) expect(e.scale, name).toBeGreaterThan(1e-6);
    });
  }

  it('mse and bce-with-logits losses, every step and last step', () => {
    const c = CASES[1];
    const net = makeNet(c, [3, 3], 2, 2);
    const batch = randomBatch(8, 2, 4, 2, [4, 3]);
    const rng = new Random(9, 'real targets');
    const every = new Float64Array(2 * 4 * 2).map(() => rng.uniform());
    const last = new Float64Array(2 * 2).map(() => rng.uniform());
    const specs: LossSpec[] = [
      { kind: 'mse', at: 'every', targets: every },
      { kind: 'mse', at: 'last', targets: last },
      { kind: 'bce-logits', at: 'every', targets: every },
      { kind: 'bce-logits', at: 'last', targets: last },
    ];
    for (const spec of specs) {
      const f = () => {
        net.forward(batch);
        return net.loss(spec);
      };
      f();
      net.backward();
      expect(worst(relativeErrors(net, net.gradients, finiteDifferenceGradient(net, f)))).toBeLessThanOrEqual(1e-6);
    }
  });
});

describe('truncated BPTT', () => {
  for (const c of [CASES[0], CASES[2], CASES[6]]) {
    it(`${c.name}: the second window's gradient holds the carried state fixed (finite differences)`, () => {
      const net = makeNet(c, [4, 3]);
      const full = randomBatch(21, 3, 8, 3);
      const window = (from: number): SequenceBatch => {
        const inputs = new Float64Array(3 * 4 * 3);
        for (let b = 0; b < 3; b++) inputs.set(full.inputs.subarray((b * 8 + from) * 3, (b * 8 + from + 4) * 3), b * 4 * 3);
        return { inputs, batchSize: 3, steps: 4 };
      };
      const spec: LossSpec = { kind: 'cross-entropy', at: 'every', targets: classTargets(2, 12, 4) };
      net.forward(window(0));
      const carried = net.layers.map((l) => Float64Array.from(l.carry));
      const f = () => {
        net.layers.forEach((l, i) => l.carry.set(carried[i]));
        net.forward(window(4), { carryState: true });
        return net.loss(spec);
      };
      f();
      net.backward();
      const analytic = Float64Array.from(net.gradients);
      expect(worst(relativeErrors(net, analytic, finiteDifferenceGradient(net, f)))).toBeLessThanOrEqual(1e-6);
      // the window really started from the carried state: the same inputs from zero give another loss
      const fromCarry = f();
      net.forward(window(4));
      expect(Math.abs(net.loss(spec) - fromCarry)).toBeGreaterThan(1e-6);
      // and the gradient on the carried state (not used by the update) matches finite differences
      f();
      net.backward();
      const dS0 = Float64Array.from(net.layers[0].initialStateGradient);
      for (const k of [0, 5, carried[0].length - 1]) {
        const keep = carried[0][k];
        carried[0][k] = keep + 1e-5;
        const up = f();
        carried[0][k] = keep - 1e-5;
        const down = f();
        carried[0][k] = keep;
        expect(Math.abs(dS0[k] - (up - down) / 2e-5)).toBeLessThanOrEqual(1e-6 * Math.max(1e-3, Math.abs(dS0[k])));
      }
    });
  }

  it('one window of the whole sequence equals full BPTT; shorter windows differ', () => {
    const net = makeNet(CASES[1], [4]);
    const batch = randomBatch(5, 2, 6, 3);
    const spec: LossSpec = { kind: 'mse', at: 'every', targets: new Float64Array(2 * 6 * 4).fill(0.1) };
    net.forward(batch);
    net.loss(spec);
    net.backward();
    const full = Float64Array.from(net.gradients);
    // mean-loss gradients of two windows of 3, each over its own steps, summed with weight ½
    const half = (from: number): SequenceBatch => {
      const inputs = new Float64Array(2 * 3 * 3);
      for (let b = 0; b < 2; b++) inputs.set(batch.inputs.subarray((b * 6 + from) * 3, (b * 6 + from + 3) * 3), b * 9);
      return { inputs, batchSize: 2, steps: 3 };
    };
    const hs: LossSpec = { kind: 'mse', at: 'every', targets: new Float64Array(2 * 3 * 4).fill(0.1) };
    net.forward(half(0));
    net.loss(hs);
    net.backward();
    const g1 = Float64Array.from(net.gradients);
    net.forward(half(3), { carryState: true });
    net.loss(hs);
    net.backward();
    const truncated = net.gradients.map((g, i) => 0.5 * (g + g1[i]));
    let diff = 0;
    for (let i = 0; i < full.length; i++) diff = Math.max(diff, Math.abs(full[i] - truncated[i]));
    expect(diff).toBeGreaterThan(1e-6);
    // the two windows' outputs equal the full run's (the state is carried exactly)
    net.forward(half(0));
    net.forward(half(3), { carryState: true });
    const second = Float64Array.from(net.outputs.subarray(0, 3 * 2 * 4));
    net.forward(batch);
    for (let t = 0; t < 3; t++) for (let b = 0; b < 2; b++) for (let k = 0; k < 4; k++) expect(second[(t * 2 + b) * 4 + k]).toBe(net.output(b, t + 3, k));
  });
});

describe('masks and batching', () => {
  it('a padded sequence in a batch scores and learns as it does alone', () => {
    const c = CASES[0];
    const net = makeNet(c, [4, 3]);
    const batch = randomBatch(13, 3, 7, 3, [7, 4, 6]);
    const targets = classTargets(4, 3, 4);
    net.forward(batch);
    const lossAll = net.loss({ kind: 'cross-entropy', at: 'last', targets });
    net.backward();
    const gAll = Float64Array.from(net.gradients);
    let lossSum = 0;
    const gSum = new Float64Array(gAll.length);
    for (let b = 0; b < 3; b++) {
      const len = batch.lengths![b];
      const alone: SequenceBatch = { inputs: batch.inputs.slice(b * 7 * 3, (b * 7 + len) * 3), batchSize: 1, steps: len };
      net.forward(alone);
      lossSum += net.loss({ kind: 'cross-entropy', at: 'last', targets: Int32Array.from([targets[b]]) }) / 3;
      net.backward();
      for (let i = 0; i < gSum.length; i++) gSum[i] += net.gradients[i] / 3;
    }
    expect(Math.abs(lossAll - lossSum)).toBeLessThanOrEqual(1e-14);
    for (let i = 0; i < gSum.length; i++) expect(Math.abs(gAll[i] - gSum[i])).toBeLessThanOrEqual(1e-14);
  });
});

describe('initialisation and checkpoints', () => {
  it('is Glorot-uniform over [x; h] with the forget bias at 1, and seeded', () => {
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: 28, hidden: [100], outputSize: 10, seed: 1 });
    const limit = Math.sqrt(6 / (28 + 200));
    const wx = net.view('layer0.Wx');
    const max = wx.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
    expect(max).toBeLessThanOrEqual(limit);
    expect(max).toBeGreaterThan(0.99 * limit);
    // variance of U(−a, a) is a²/3
    const variance = wx.reduce((s, w) => s + w * w, 0) / wx.length;
    expect(Math.abs(variance / (limit * limit / 3) - 1)).toBeLessThan(0.05);
    const b = net.view('layer0.b');
    expect(Array.from(b.subarray(100, 200)).every((v) => v === 1)).toBe(true);
    expect(Array.from(b.subarray(0, 100)).every((v) => v === 0)).toBe(true);
    const again = new RecurrentNetwork({ cell: 'lstm', inputSize: 28, hidden: [100], outputSize: 10, seed: 1 });
    expect(again.parameters).toEqual(net.parameters);
    const other = new RecurrentNetwork({ cell: 'lstm', inputSize: 28, hidden: [100], outputSize: 10, seed: 2 });
    expect(other.parameters).not.toEqual(net.parameters);
    const fix = new RecurrentNetwork({ cell: 'fix-sublstm', inputSize: 28, hidden: [100], outputSize: 10, seed: 1 });
    expect(fix.view('layer0.Wx').length).toBe(300 * 28);
    expect(Array.from(fix.view('layer0.forget')).every((v) => v === 1)).toBe(true);
  });

  it('snapshot/restore continues training bit for bit (parameters, carried state, Adam)', () => {
    const mk = () => new RecurrentNetwork({ cell: 'sublstm', inputSize: 3, hidden: [4, 4], outputSize: 2, seed: 3 });
    const spec: LossSpec = { kind: 'cross-entropy', at: 'every', targets: classTargets(1, 2 * 5, 2) };
    const train = (net: RecurrentNetwork, opt: ReturnType<typeof adam>, seed: number) => {
      net.forward(randomBatch(seed, 2, 5, 3), { carryState: true });
      net.loss(spec);
      net.backward();
      opt.step(net.parameters, net.gradients, 0);
    };
    const a = mk();
    const optA = adam(0.01);
    train(a, optA, 1);
    train(a, optA, 2);
    const snap = a.snapshot(optA);
    train(a, optA, 3);
    train(a, optA, 4);
    const b = mk();
    const optB = adam(0.01);
    b.restore(snap, optB);
    train(b, optB, 3);
    train(b, optB, 4);
    expect(Array.from(b.parameters)).toEqual(Array.from(a.parameters));
    expect(Array.from(b.layers[1].carry)).toEqual(Array.from(a.layers[1].carry));
    // the snapshot is a copy, not a view of the live arrays
    expect(Array.from(snap.parameters)).not.toEqual(Array.from(a.parameters));
  });
});
