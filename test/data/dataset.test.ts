import { describe, expect, it } from 'vitest';
import { classCounts, oneHotTargets, type Dataset } from '../../src/data/dataset.ts';

describe('oneHotTargets', () => {
  it('puts high at the label and low elsewhere, row by row', () => {
    const t = oneHotTargets(new Int32Array([2, 0, 1]), 3, 0.1, 0.8);
    expect(Array.from(t)).toEqual([0.1, 0.1, 0.8, 0.8, 0.1, 0.1, 0.1, 0.8, 0.1]);
  });

  it('rejects labels outside the classes, naming the sample', () => {
    expect(() => oneHotTargets(new Int32Array([0, 3]), 3, 0, 1)).toThrow('labels[1]: expected a class in 0…2, got 3');
    expect(() => oneHotTargets(new Int32Array([0]), 0, 0, 1)).toThrow('classes: expected a positive integer, got 0');
  });
});

describe('classCounts', () => {
  it('counts samples per label', () => {
    const d: Dataset = { name: 'x', inputs: new Float64Array(5), labels: new Int32Array([1, 1, 0, 3, 1]), n: 5, inputSize: 1, classes: 4 };
    expect(classCounts(d)).toEqual([1, 3, 0, 1]);
  });
});
