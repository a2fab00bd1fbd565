import { describe, expect, it } from 'vitest';
import * as analysis from '../../src/analysis/index.ts';

describe('src/analysis public API', () => {
  it('exports exactly the metrics, their parts and the statistics', () => {
    expect(Object.keys(analysis).sort()).toEqual(
      ['delayEmbed', 'dsaDistance', 'dsaDistanceMatrix', 'fitHavokDmd', 'linearCka', 'procrustesDistance', 'procrustesScore', 'toMatrix', 'toTrialArray', 'vectorFieldProcrustes', 'benjaminiHochberg', 'benjaminiHochbergRejects', 'mannWhitneyU', 'lineFit'].sort(),
    );
  });

  it('accepts the flat Float64Array-with-shape form the loaders return', () => {
    const x = { data: Float64Array.from([1, 0, 0, 1, -1, 0, 0, -1, 2, 1]), shape: [5, 2] };
    const y = { data: Float64Array.from([0, 1, 1, 0, 0, -1, -1, 0, 1, 2]), shape: [5, 2] };
    // y swaps x's columns: an orthogonal map, so both geometric metrics call them identical.
    expect(analysis.linearCka(x, y)).toBeCloseTo(1, 12);
    expect(analysis.procrustesDistance(x, y)).toBeLessThan(1e-6);
    expect(analysis.dsaDistance(x, y, { rank: 2 }).distance).toBeLessThan(1e-8);
  });
});
