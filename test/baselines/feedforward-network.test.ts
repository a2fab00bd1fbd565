import { describe, expect, it } from 'vitest';
import { FeedforwardNetwork, type FeedforwardConfig } from '../../src/baselines/feedforward-network.ts';
import { adam, sgd, type Optimizer } from '../../src/core/optimizer.ts';
import type { DenseMatrix } from '../../src/linalg/dense-matrix.ts';
import type { RateFunctionSpec } from '../../src/neurons/rate-function.ts';
import { Random } from '../../src/random/random.ts';

function randomMatrix(rows: number, cols: number, a: number, rng: Random): DenseMatrix {
  const data = new Float64Array(rows * cols);
  rng.fillUniformSymmetric(data, 0, data.length, a);
  return { rows, cols, data };
}

/** An optimizer that records the gradients it is given and changes nothing. */
function recorder(): Optimizer & { grads: Map<number, Float64Array> } {
  const grads = new Map<number, Float64Array>();
  return {
    grads,
    step: (_p, g, slot) => void grads.set(slot, Float64Array.from(g)),
    // a step in pieces: the pieces assemble the whole gradient
    begin: (slot, size) => void grads.set(slot, new Float64Array(size)),
    stepRange: (_p, from, g, gOff, n, slot) => grads.get(slot)!.set(g.subarray(gOff, gOff + n), from),
  };
}

function meanLoss(net: FeedforwardNetwork, inputs: Float64Array, targets: Float64Array, batch: number): number {
  const nIn = net.dims[0];
  const nOut = net.dims[net.dims.length - 1];
  const out = new Float64Array(nOut);
  let loss = 0;
  for (let s = 0; s < batch; s++) {
    net.forward(inputs.subarray(s * nIn, (s + 1) * nIn), out);
    for (let i = 0; i < nOut; i++) loss += 0.5 * (out[i] - targets[s * nOut + i]) ** 2;
  }
  return loss / batch;
}

describe('FeedforwardNetwork backprop', () => {
  const phis: [string, RateFunctionSpec][] = [
    ['softplus', { kind: 'softplus', gamma: 1, beta: 1, theta: 0 }],
    ['logistic', { kind: 'logistic' }],
  ];
  for (const [name, phi] of phis) {
    it(`gradients equal central finite differences of the loss (${name}, bias, rel. 1e-6)`, () => {
      const dims = [4, 5, 3, 2];
      const rng = new Random(7, name);
      const weights = [randomMatrix(5, 5, 1, rng), randomMatrix(3, 6, 1, rng), randomMatrix(2, 4, 1, rng)];
      const config: FeedforwardConfig = { dims, phi, attenuation: [0.6, 0.7, 0.9], rule: 'backprop', bias: true };
      const net = new FeedforwardNetwork(config, weights);
      const batch = 3;
      // zeros among the inputs exercise the sparse input path
      const inputs = Float64Array.from([0.2, 0, 0.9, -0.4, 0, 0, 0.5, 1.2, 0.3, 0.7, 0, 0.1]);
      const targets = Float64Array.from([0.5, -0.3, 1.0, 0.2, -0.6, 0.4]);
      const rec = recorder();
      const loss = net.trainBatch(inputs, targets, batch, rec);
      expect(loss).toBeCloseTo(meanLoss(net, inputs, targets, batch), 14);
      const h = 1e-5;
      for (let k = 0; k < 3; k++) {
        const w = net.weights[k].data;
        const g = rec.grads.get(k)!;
        const fd = new Float64Array(w.length);
        for (let i = 0; i < w.length; i++) {
          const w0 = w[i];
          w[i] = w0 + h;
          const lp = meanLoss(net, inputs, targets, batch);
          w[i] = w0 - h;
          const lm = meanLoss(net, inputs, targets, batch);
          w[i] = w0;
          fd[i] = (lp - lm) / (2 * h);
        }
        const scale = Math.max(...fd.map(Math.abs));
        expect(scale).toBeGreaterThan(1e-3);
        for (let i = 0; i < w.length; i++) expect(Math.abs(g[i] - fd[i])).toBeLessThan(1e-6 * scale);
      }
    });
  }
});

describe('FeedforwardNetwork batched forward pass', () => {
  it('forwardBatch over blocks (70 samples) equals forward sample by sample, bit for bit', () => {
    const rng = new Random(3, 'weights');
    const dims = [9, 6, 4, 3];
    const weights = [randomMatrix(6, 10, 1, rng), randomMatrix(4, 7, 1, rng), randomMatrix(3, 5, 1, rng)];
    const net = new FeedforwardNetwork({ dims, phi: { kind: 'logistic' }, attenuation: [0.5, 0.5, 0.9], rule: 'backprop', bias: true }, weights);
    const n = 70;
    const inputs = Float64Array.from({ length: n * 9 }, () => (rng.uniform() < 0.35 ? 0 : rng.uniform()));
    const batch = new Float64Array(n * 3);
    net.forwardBatch(inputs, n, batch);
    const one = new Float64Array(3);
    for (let s = 0; s < n; s++) {
      net.forward(inputs.subarray(s * 9, (s + 1) * 9), one);
      expect(Array.from(batch.subarray(s * 3, (s + 1) * 3))).toEqual(Array.from(one));
    }
  });
});

describe('FeedforwardNetwork feedback alignment and shallow learning', () => {
  it("FA's hidden update is φ'(u_1)·c_2·B·δ_2 times the input, by hand on a 2-3-2 network", () => {
    const W1 = { rows: 3, cols: 3, data: Float64Array.from([0.5, -0.2, 0.1, 0.3, 0.8, -0.4, -0.6, 0.2, 0.05]) };
    const W2 = { rows: 2, cols: 4, data: Float64Array.from([0.7, -0.5, 0.2, 0.1, -0.3, 0.4, 0.9, -0.2]) };
    const B = { rows: 3, cols: 2, data: Float64Array.from([1.5, -0.5, 0.25, 2, -1, 0.75]) };
    const c1 = 0.6;
    const c2 = 0.9;
    const net = new FeedforwardNetwork({ dims: [2, 3, 2], phi: { kind: 'logistic' }, attenuation: [c1, c2], rule: 'feedback-alignment', feedback: [B], bias: true }, [W1, W2]);
    const x = [0.4, -0.7];
    const t = [0.3, -0.2];
    const rec = recorder();
    net.trainBatch(Float64Array.from(x), Float64Array.from(t), 1, rec);

    const sig = (v: number) => 1 / (1 + Math.exp(-v));
    const pre = [x[0], x[1], 1];
    const u1 = [0, 1, 2].map((i) => c1 * (W1.data[3 * i] * pre[0] + W1.data[3 * i + 1] * pre[1] + W1.data[3 * i + 2] * pre[2]));
    const r1 = [...u1.map(sig), 1];
    const u2 = [0, 1].map((i) => c2 * (W2.data[4 * i] * r1[0] + W2.data[4 * i + 1] * r1[1] + W2.data[4 * i + 2] * r1[2] + W2.data[4 * i + 3] * r1[3]));
    const d2 = [u2[0] - t[0], u2[1] - t[1]];
    const d1 = [0, 1, 2].map((i) => sig(u1[i]) * (1 - sig(u1[i])) * c2 * (B.data[2 * i] * d2[0] + B.data[2 * i + 1] * d2[1]));
    const expected1 = [0, 1, 2].flatMap((i) => pre.map((p) => c1 * d1[i] * p));
    const expected2 = [0, 1].flatMap((i) => r1.map((r) => c2 * d2[i] * r));
    Array.from(rec.grads.get(0)!).forEach((g, i) => expect(g).toBeCloseTo(expected1[i], 14));
    Array.from(rec.grads.get(1)!).forEach((g, i) => expect(g).toBeCloseTo(expected2[i], 14));
  });

  it('shallow learning leaves W_1 … W_{N−1} bit-identical and changes W_N', () => {
    const rng = new Random(3);
    const weights = [randomMatrix(6, 5, 1, rng), randomMatrix(5, 7, 1, rng), randomMatrix(3, 6, 1, rng)];
    const net = new FeedforwardNetwork({ dims: [4, 6, 5, 3], phi: { kind: 'logistic' }, attenuation: [0.6, 0.6, 0.9], rule: 'shallow', bias: true }, weights);
    const opt = adam(0.01);
    const inputs = new Float64Array(4 * 8);
    const targets = new Float64Array(3 * 8);
    for (let epoch = 0; epoch < 5; epoch++) {
      rng.fillUniformSymmetric(inputs, 0, inputs.length, 1);
      rng.fillUniformSymmetric(targets, 0, targets.length, 1);
      net.trainBatch(inputs, targets, 8, opt);
    }
    expect(net.weights[0].data).toEqual(weights[0].data);
    expect(net.weights[1].data).toEqual(weights[1].data);
    const moved = Math.max(...net.weights[2].data.map((w, i) => Math.abs(w - weights[2].data[i])));
    expect(moved).toBeGreaterThan(0.01);
  });

  for (const rule of ['backprop', 'feedback-alignment'] as const) {
    it(`${rule}: wasm and js kernels train bit-identically (Adam, batches of 5 then 40, so the kernel memory is rebuilt)`, () => {
      const rng = new Random(12, 'wasm-js');
      const dims = [23, 9, 7, 4];
      const weights = [randomMatrix(9, 24, 0.5, rng), randomMatrix(7, 10, 0.5, rng), randomMatrix(4, 8, 0.5, rng)];
      const feedback = [randomMatrix(9, 7, 0.5, rng), randomMatrix(7, 4, 0.5, rng)];
      const config: FeedforwardConfig = { dims, phi: { kind: 'logistic' }, attenuation: [0.6, 0.6, 0.9], rule, feedback, bias: true };
      const wasm = new FeedforwardNetwork({ ...config, kernels: 'wasm' }, weights);
      const js = new FeedforwardNetwork({ ...config, kernels: 'js' }, weights);
      const [optWasm, optJs] = [adam(0.01), adam(0.01)];
      const n = 40;
      const inputs = Float64Array.from({ length: n * 23 }, () => (rng.uniform() < 0.35 ? 0 : rng.uniform()));
      const targets = Float64Array.from({ length: n * 4 }, () => rng.uniform());
      for (const batch of [5, 5, 40, 5]) expect(wasm.trainBatch(inputs, targets, batch, optWasm)).toBe(js.trainBatch(inputs, targets, batch, optJs));
      wasm.weights.forEach((m, k) => {
        expect(Array.from(m.data)).toEqual(Array.from(js.weights[k].data));
        expect(Array.from(m.data)).not.toEqual(Array.from(weights[k].data));
      });
    });
  }

  it('rejects a wrong weight shape and FA without feedback matrices, naming the field', () => {
    const phi = { kind: 'logistic' } as const;
    expect(() => new FeedforwardNetwork({ dims: [2, 3, 1], phi, attenuation: [1, 1], rule: 'backprop', bias: true }, [{ rows: 3, cols: 2, data: new Float64Array(6) }, { rows: 1, cols: 4, data: new Float64Array(4) }])).toThrow(
      'weights[0]: expected 3×3 matrix, got 3×2',
    );
    expect(() => new FeedforwardNetwork({ dims: [2, 3, 1], phi, attenuation: [1, 1], rule: 'feedback-alignment' }, [{ rows: 3, cols: 2, data: new Float64Array(6) }, { rows: 1, cols: 3, data: new Float64Array(3) }])).toThrow(
      'feedback: feedback alignment needs 1 matrices B_k, got 0',
    );
  });
});

describe('FeedforwardNetwork learns', () => {
  it('a 2-layer network fits a linear teacher y = A·x to a test MSE below 1e-3 (online SGD, 4,000 samples)', () => {
    const rng = new Random(11);
    const A = randomMatrix(2, 4, 1, rng);
    const sample = (x: Float64Array, y: Float64Array, n: number) => {
      rng.fillUniformSymmetric(x, 0, x.length, 1);
      for (let s = 0; s < n; s++) for (let i = 0; i < 2; i++) y[2 * s + i] = A.data[4 * i] * x[4 * s] + A.data[4 * i + 1] * x[4 * s + 1] + A.data[4 * i + 2] * x[4 * s + 2] + A.data[4 * i + 3] * x[4 * s + 3];
    };
    const weights = [randomMatrix(10, 5, 0.5, rng), randomMatrix(2, 11, 0.5, rng)];
    const net = new FeedforwardNetwork({ dims: [4, 10, 2], phi: { kind: 'softplus', gamma: 1, beta: 1, theta: 0 }, attenuation: [1, 1], rule: 'backprop', bias: true }, weights);
    const x = new Float64Array(4);
    const y = new Float64Array(2);
    const opt = sgd(0.05);
    for (let i = 0; i < 4000; i++) {
      sample(x, y, 1);
      net.trainBatch(x, y, 1, opt);
    }
    const testX = new Float64Array(4 * 500);
    const testY = new Float64Array(2 * 500);
    sample(testX, testY, 500);
    let variance = 0;
    for (const v of testY) variance += v * v;
    variance /= testY.length;
    // ½‖u − y‖² summed over 2 outputs equals the per-output mean squared error
    const mse = meanLoss(net, testX, testY, 500);
    expect(variance).toBeGreaterThan(0.1);
    expect(mse).toBeLessThan(1e-3);
  });
});
