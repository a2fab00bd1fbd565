import { describe, expect, it } from 'vitest';
import { pairedSamples, toMatrix, toTrialArray } from '../../src/analysis/array-shape.ts';
import { InputError } from '../../src/core/input-error.ts';

describe('toTrialArray', () => {
  it('reads nested trials × time × units row-major, units fastest', () => {
    const a = toTrialArray(
      [
        [[1, 2], [3, 4], [5, 6]],
        [[7, 8], [9, 10], [11, 12]],
      ],
      'X',
    );
    expect([a.trials, a.time, a.units]).toEqual([2, 3, 2]);
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('treats time × units as one trial, nested or flat with a shape, identically', () => {
    const nested = toTrialArray([[1, 2, 3], [4, 5, 6]], 'X');
    const flat = toTrialArray({ data: Float64Array.from([1, 2, 3, 4, 5, 6]), shape: [2, 3] }, 'X');
    expect(flat).toEqual(nested);
    expect([nested.trials, nested.time, nested.units]).toEqual([1, 2, 3]);
    const flat3 = toTrialArray({ data: new Float64Array(24), shape: [2, 3, 4] }, 'X');
    expect([flat3.trials, flat3.time, flat3.units]).toEqual([2, 3, 4]);
  });

  it('names the field and the position of bad input', () => {
    const bad = (input: unknown, message: string) => {
      expect(() => toTrialArray(input as number[][], 'X')).toThrow(InputError);
      expect(() => toTrialArray(input as number[][], 'X')).toThrow(message);
    };
    bad([[1, 2], [3]], 'X[1]: expected 2 values like the first row, got 1');
    bad([[1, NaN]], 'X[0][1]: expected a finite number, got NaN');
    bad([[[1], [2]], [[3]]], 'X[1]: expected 2 time steps like trial 0, got 1');
    bad([[[1], [Infinity]]], 'X[0][1][0]: expected a finite number, got Infinity');
    bad([], 'X: expected a non-empty array');
    bad([[]], 'X: every dimension must be a positive integer, got [1, 1, 0]');
    bad({ data: new Float64Array(5), shape: [2, 3] }, 'X: shape [2, 3] needs 6 values, got 5');
    bad({ data: new Float64Array(4), shape: [4] }, 'X: expected a 2-D (time × units) or 3-D (trials × time × units) array, got shape [4]');
    bad({ data: Float64Array.from([0, 0, 0, NaN]), shape: [1, 2, 2] }, 'X[0][1][1]: expected a finite number, got NaN');
    bad({ data: Float64Array.from([0, 0, NaN, 0]), shape: [2, 2] }, 'X[1][0]: expected a finite number, got NaN');
  });
});

describe('toMatrix', () => {
  it('flattens trials × time into samples', () => {
    const m = toMatrix([[[1, 2]], [[3, 4]], [[5, 6]]], 'X');
    expect([m.rows, m.cols]).toEqual([3, 2]);
    expect(Array.from(m.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('pairedSamples', () => {
  it('reads X and Y as sample matrices, and refuses unequal sample counts or fewer than 2, naming the field', () => {
    const { x, y } = pairedSamples([[1, 2], [3, 4]], [[[5], [6]]]);
    expect([x.rows, x.cols, y.rows, y.cols]).toEqual([2, 2, 2, 1]);
    expect(Array.from(y.data)).toEqual([5, 6]);
    expect(() => pairedSamples([[1], [2], [3]], [[1], [2]])).toThrow('Y: expected 3 samples (rows) like X, got 2');
    expect(() => pairedSamples([[1, 2]], [[3]])).toThrow('X: needs at least 2 samples (rows) to centre');
  });
});
