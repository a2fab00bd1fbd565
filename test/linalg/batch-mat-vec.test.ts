import { describe, expect, it } from 'vitest';
import { batchMatVec } from '../../src/linalg/batch-mat-vec.ts';
import { matVec, matVecAdd } from '../../src/linalg/mat-vec.ts';
import { Random } from '../../src/random/random.ts';

const rng = new Random(2, 'batch-mat-vec');
const uniform = (n: number) => Float64Array.from({ length: n }, () => rng.uniform() * 2 - 1);

describe('batchMatVec', () => {
  // odd rows and batch (the 2×2 blocks' remainders), cols not a multiple of 4 (the lanes' tail)
  for (const [rows, cols, batch] of [
    [7, 9, 5],
    [6, 8, 4],
    [1, 3, 1],
    [4, 2, 3],
  ]) {
    it(`equals matVec / matVecAdd per sample bit for bit and a plain loop (${rows}×${cols}, batch ${batch})`, () => {
      const w = uniform(rows * cols);
      const x = uniform(3 + batch * cols);
      const start = uniform(2 + batch * rows);
      const set = Float64Array.from(start);
      const add = Float64Array.from(start);
      batchMatVec(w, rows, cols, x, 3, batch, set, 2, false);
      batchMatVec(w, rows, cols, x, 3, batch, add, 2, true);
      const refSet = Float64Array.from(start);
      const refAdd = Float64Array.from(start);
      for (let s = 0; s < batch; s++) {
        matVec(w, 0, rows, cols, x, 3 + s * cols, refSet, 2 + s * rows);
        matVecAdd(w, 0, rows, cols, x, 3 + s * cols, refAdd, 2 + s * rows);
      }
      expect(set).toEqual(refSet);
      expect(add).toEqual(refAdd);
      for (let s = 0; s < batch; s++) {
        for (let i = 0; i < rows; i++) {
          let ref = 0;
          for (let j = 0; j < cols; j++) ref += w[i * cols + j] * x[3 + s * cols + j];
          expect(set[2 + s * rows + i]).toBeCloseTo(ref, 13);
          expect(add[2 + s * rows + i]).toBeCloseTo(start[2 + s * rows + i] + ref, 13);
        }
      }
    });
  }
});
