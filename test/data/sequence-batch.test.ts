import { describe, expect, it } from 'vitest';
import { checkSequenceBatch, lossStepCount, type SequenceBatch } from '../../src/data/sequence-batch.ts';

/** Two sequences of lengths 3 and 2, padded to 3 steps, two inputs per step, class targets. */
function small(): SequenceBatch {
  return {
    batch: 2,
    steps: 3,
    inputSize: 2,
    inputs: { kind: 'dense', values: Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0, 0]) },
    lengths: Int32Array.from([3, 2]),
    targets: { kind: 'classes', classes: 4, labels: Int32Array.from([-1, 0, 3, 2, 1, -1]) },
    continuesPrevious: false,
  };
}

describe('SequenceBatch checks', () => {
  it('accepts a consistent batch and counts its loss steps', () => {
    checkSequenceBatch(small());
    expect(lossStepCount(small())).toBe(4);
    const values: SequenceBatch = {
      ...small(),
      targets: { kind: 'values', outputSize: 1, values: Float64Array.from([0, 1, 2, 3, 4, 0]), mask: Float64Array.from([0, 1, 1, 0.5, 1, 0]), loss: 'mse' },
    };
    checkSequenceBatch(values);
    expect(lossStepCount(values)).toBe(4);
  });

  it('rejects padding with input or loss, labels out of range, wrong sizes and token ids out of range', () => {
    const padInput = small();
    if (padInput.inputs.kind === 'dense') padInput.inputs.values[11] = 1;
    expect(() => checkSequenceBatch(padInput)).toThrow(/padding step \[1\]\[2\]/);
    const padLabel = small();
    if (padLabel.targets.kind === 'classes') padLabel.targets.labels[5] = 0;
    expect(() => checkSequenceBatch(padLabel)).toThrow(/padding step 5/);
    const badLabel = small();
    if (badLabel.targets.kind === 'classes') badLabel.targets.labels[0] = 4;
    expect(() => checkSequenceBatch(badLabel)).toThrow(/label 4/);
    expect(() => checkSequenceBatch({ ...small(), lengths: Int32Array.from([3, 0]) })).toThrow(/lengths\[1\]/);
    expect(() => checkSequenceBatch({ ...small(), steps: 4 })).toThrow(/values/);
    const tokens: SequenceBatch = { ...small(), inputSize: 5, inputs: { kind: 'tokens', ids: Int32Array.from([0, 4, 2, 1, 5, 0]) } };
    expect(() => checkSequenceBatch(tokens)).toThrow(/id 5/);
  });
});
