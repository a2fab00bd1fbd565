import { describe, expect, it } from 'vitest';
import { rmsprop } from '../../src/core/rmsprop.ts';
import type { Dataset } from '../../src/data/dataset.ts';
import { loadMnist } from '../../src/data/mnist.ts';
import { SequentialMnistBatches } from '../../src/data/sequential-mnist.ts';
import { clipGlobalNorm } from '../../src/recurrent/clip.ts';
import { classifyInContinuousTime } from '../../src/recurrent/continuous-sublstm-classifier.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { classifyAtEndBatch } from '../../src/recurrent/training/network-batch.ts';

const split = loadMnist(0);
const first = (d: Dataset, n: number): Dataset => ({ ...d, n, inputs: d.inputs.subarray(0, n * d.inputSize), labels: d.labels.subarray(0, n) });
const N = 40;
const test = first(split.test, N);

/** A row-MNIST network after 10 RMSProp steps on 200 digits: weights moved off their initial values by training. */
function trainedNet(cell: 'sublstm' | 'fix-sublstm'): RecurrentNetwork {
  const net = new RecurrentNetwork({ cell, inputSize: 28, hidden: [12], outputSize: 10, seed: 2 });
  const optimizer = rmsprop(3e-3, { rho: 0.99, momentum: 0.9 });
  const batches = new SequentialMnistBatches(first(split.train, 200), { variant: 'row', batchSize: 20, seed: 1 });
  for (let i = 0; i < batches.batchCount; i++) {
    const { input, labels } = classifyAtEndBatch(batches.batch(0, i));
    net.forward(input);
    net.loss({ kind: 'cross-entropy', at: 'last', targets: labels });
    net.backward();
    clipGlobalNorm(net.gradients, 1);
    optimizer.step(net.parameters, net.gradients, 0);
  }
  return net;
}

/** The discrete network's logits at the last row of each test digit. */
function discreteLogits(net: RecurrentNetwork): Float64Array {
  const { input } = classifyAtEndBatch(new SequentialMnistBatches(test, { variant: 'row', batchSize: N, shuffle: false }).batch(0, 0));
  net.forward(input);
  return Float64Array.from({ length: N * 10 }, (_, k) => net.output(Math.floor(k / 10), 27, k % 10));
}

const accuracy = (predictions: Int32Array) => predictions.reduce((s, p, i) => s + (p === test.labels[i] ? 1 : 0), 0) / N;

describe('a trained row-MNIST subLSTM run as the continuous-time E-I circuit', () => {
  for (const cell of ['sublstm', 'fix-sublstm'] as const) {
    it(`${cell}: one Euler step per frame (dt = τ) gives the discrete network's logits (1e-12), predictions and accuracy`, () => {
      const net = trainedNet(cell);
      const discrete = discreteLogits(net);
      const continuous = classifyInContinuousTime(net, test, N, { method: 'euler', stepsPerFrame: 1, batch: 16 });
      let worst = 0;
      for (let k = 0; k < discrete.length; k++) worst = Math.max(worst, Math.abs(discrete[k] - continuous.logits[k]));
      expect(worst).toBeLessThan(1e-12);
      const discretePredictions = Int32Array.from({ length: N }, (_, s) => {
        let best = 0;
        for (let k = 1; k < 10; k++) if (discrete[s * 10 + k] > discrete[s * 10 + best]) best = k;
        return best;
      });
      expect(Array.from(continuous.predictions)).toEqual(Array.from(discretePredictions));
      expect(accuracy(continuous.predictions)).toBe(accuracy(discretePredictions));
      // the network tells digits apart, so the equality is not that of two constant guesses
      expect(new Set(continuous.predictions).size).toBeGreaterThanOrEqual(3);
    });
  }

  it('smaller steps integrate another system: dt = τ/4 changes the logits, and Euler converges to RK4 as dt shrinks', () => {
    const net = trainedNet('sublstm');
    const n = 8;
    const logits = (method: 'euler' | 'rk4', stepsPerFrame: number) => classifyInContinuousTime(net, test, n, { method, stepsPerFrame }).logits;
    const diff = (a: Float64Array, b: Float64Array) => Math.max(...a.map((x, k) => Math.abs(x - b[k])));
    const reference = logits('rk4', 8);
    expect(diff(logits('euler', 1), logits('euler', 4))).toBeGreaterThan(1e-3);
    const e4 = diff(logits('euler', 4), reference);
    const e16 = diff(logits('euler', 16), reference);
    // first order: 4× smaller steps, about 4× smaller error
    expect(e16).toBeLessThan(e4 / 3);
    expect(e16).toBeGreaterThan(e4 / 5);
  });

  it('refuses a step count that is not a positive integer or more digits than there are', () => {
    const net = new RecurrentNetwork({ cell: 'sublstm', inputSize: 28, hidden: [3], outputSize: 10, seed: 1 });
    expect(() => classifyInContinuousTime(net, test, 2, { method: 'euler', stepsPerFrame: 0.5 })).toThrow(/^stepsPerFrame: expected a positive integer/);
    expect(() => classifyInContinuousTime(net, test, N + 1, { method: 'euler', stepsPerFrame: 1 })).toThrow(/^n: expected 1…40/);
  });
});
