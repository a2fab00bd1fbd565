import { describe, expect, it } from 'vitest';
import { centreColumns, crossProduct, fromMl, scaled, toMl } from '../../src/analysis/dense.ts';
import { frobeniusNorm } from '../../src/linalg/dense-matrix.ts';

const m = (rows: number, cols: number, values: number[]) => ({ rows, cols, data: Float64Array.from(values) });

describe('dense kernels', () => {
  it('centres columns to zero mean', () => {
    const c = centreColumns(m(3, 2, [1, 10, 2, 20, 6, 60]));
    expect(Array.from(c.data)).toEqual([-2, -20, -1, -10, 3, 30]);
  });

  it('computes XᵀY, the Frobenius norm and scaling', () => {
    const x = m(3, 2, [1, 2, 3, 4, 5, 6]);
    const y = m(3, 1, [1, 0, -1]);
    // Xᵀy = [1 − 5, 2 − 6]
    expect(Array.from(crossProduct(x, y).data)).toEqual([-4, -4]);
    expect(frobeniusNorm(m(2, 2, [3, 0, 0, 4]).data)).toBe(5);
    expect(Array.from(scaled(x, 2).data)).toEqual([0.5, 1, 1.5, 2, 2.5, 3]);
  });

  it('round-trips through ml-matrix', () => {
    const x = m(2, 3, [1, 2, 3, 4, 5, 6]);
    expect(toMl(x).get(1, 0)).toBe(4);
    expect(fromMl(toMl(x))).toEqual(x);
  });
});
