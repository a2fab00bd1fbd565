import { describe, expect, it } from 'vitest';
import { loadMnist } from '../../src/data/mnist.ts';
import { checkSequenceBatch, lossStepCount } from '../../src/data/sequence-batch.ts';
import { SequentialMnistBatches } from '../../src/data/sequential-mnist.ts';

describe('sequential MNIST batches', () => {
  const { train, test } = loadMnist(0);

  it('pixel by pixel: 784 steps × 1 input, pixel t of the digit at step t, class at the last step only', () => {
    const batches = new SequentialMnistBatches(train, { variant: 'pixel', batchSize: 16, seed: 3 });
    const b = batches.batch(2, 5);
    checkSequenceBatch(b);
    expect([b.batch, b.steps, b.inputSize, b.continuesPrevious]).toEqual([16, 784, 1, false]);
    if (b.inputs.kind !== 'dense' || b.targets.kind !== 'classes') throw new Error('expected dense inputs and class targets');
    const order = batches.order(2);
    for (let s = 0; s < 16; s++) {
      const digit = order[5 * 16 + s];
      for (let t = 0; t < 784; t++) expect(b.inputs.values[s * 784 + t]).toBe(train.inputs[digit * 784 + t]);
      expect(b.targets.labels[s * 784 + 783]).toBe(train.labels[digit]);
    }
    expect(lossStepCount(b)).toBe(16);
    expect(Array.from(b.lengths)).toEqual(new Array(16).fill(784));
  });

  it('row by row: 28 steps × 28 inputs, row t at step t', () => {
    const batches = new SequentialMnistBatches(test, { variant: 'row', batchSize: 10, shuffle: false });
    const b = batches.batch(7, 3);
    checkSequenceBatch(b);
    expect([b.batch, b.steps, b.inputSize]).toEqual([10, 28, 28]);
    if (b.inputs.kind !== 'dense' || b.targets.kind !== 'classes') throw new Error('expected dense inputs and class targets');
    for (let s = 0; s < 10; s++) {
      const digit = 30 + s; // unshuffled: batch 3 holds digits 30…39
      for (let t = 0; t < 28; t++) {
        for (let i = 0; i < 28; i++) expect(b.inputs.values[(s * 28 + t) * 28 + i]).toBe(test.inputs[digit * 784 + 28 * t + i]);
        expect(b.targets.labels[s * 28 + t]).toBe(t === 27 ? test.labels[digit] : -1);
      }
    }
  });

  it('each epoch visits every digit once, in its own seeded order, reproducible bit for bit', () => {
    const a = new SequentialMnistBatches(train, { variant: 'row', batchSize: 128, seed: 11 });
    const again = new SequentialMnistBatches(train, { variant: 'row', batchSize: 128, seed: 11 });
    const otherSeed = new SequentialMnistBatches(train, { variant: 'row', batchSize: 128, seed: 12 });
    expect(a.batchCount).toBe(63); // 62 full batches and one of 8,000 − 62·128 = 64
    const seen = new Uint8Array(train.n);
    let total = 0;
    for (const b of a.epoch(0)) {
      total += b.batch;
      if (b.targets.kind !== 'classes') throw new Error('class targets expected');
    }
    expect(total).toBe(8000);
    for (const i of a.order(0)) seen[i]++;
    expect(seen.every((c) => c === 1)).toBe(true);
    expect(a.batch(0, 62).batch).toBe(64);
    const e0 = Array.from(a.order(0));
    const e1 = Array.from(a.order(1));
    expect(e1).not.toEqual(e0);
    expect(Array.from(again.order(1))).toEqual(e1);
    expect(Array.from(again.order(0))).toEqual(e0); // regenerated on its own after epoch 1
    expect(Array.from(otherSeed.order(0))).not.toEqual(e0);
    const x = a.batch(1, 4);
    const y = again.batch(1, 4);
    if (x.inputs.kind !== 'dense' || y.inputs.kind !== 'dense') throw new Error('dense inputs expected');
    expect(Buffer.compare(Buffer.from(x.inputs.values.buffer), Buffer.from(y.inputs.values.buffer))).toBe(0);
    // Fisher–Yates from a good stream: the first 100 positions hold digits from all over the set.
    expect(Math.max(...e0.slice(0, 100))).toBeGreaterThan(6000);
  });

  it('drops the last, smaller batch on request and rejects bad arguments', () => {
    const b = new SequentialMnistBatches(train, { variant: 'pixel', batchSize: 128, dropLast: true });
    expect(b.batchCount).toBe(62);
    expect(() => b.batch(0, 62)).toThrow(/index/);
    expect(() => new SequentialMnistBatches(train, { variant: 'pixel', batchSize: 0 })).toThrow(/batchSize/);
    expect(() => b.order(-1)).toThrow(/epoch/);
  });
});
