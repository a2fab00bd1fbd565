import { SVD, Matrix } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { commonPca } from '../../src/analysis/common-pca.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';

/** trials × time × units with correlated units (a random mixing of decaying sources). */
function recording(rng: Random, trials: number, time: number, units: number): number[][][] {
  const mixing = Array.from({ length: units }, () => Array.from({ length: units }, () => rng.normal()));
  return Array.from({ length: trials }, () =>
    Array.from({ length: time }, (_, t) => {
      const sources = Array.from({ length: units }, (_, s) => Math.sin(0.1 * (s + 1) * t + s) / (s + 1) + 0.1 * rng.normal());
      return mixing.map((row) => row.reduce((acc, m, s) => acc + m * sources[s], 5));
    }),
  );
}

describe('commonPca', () => {
  it('hand example: two perfectly correlated units project onto (1, 1)/√2 after standardising over time', () => {
    // Unit 2 = 10·unit 1 + 3: standardised, both are (−1, 0, 1), so all variance lies on (1, 1)/√2.
    const pca = commonPca([[[[1, 13], [2, 23], [3, 33]]]], 1);
    expect(pca.axes[0]).toBeCloseTo(Math.SQRT1_2, 12);
    expect(pca.axes[1]).toBeCloseTo(Math.SQRT1_2, 12);
    const y = Array.from(pca.projections[0].data);
    [-Math.SQRT2, 0, Math.SQRT2].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
    expect(pca.explainedVariance).toBeCloseTo(1, 12);
  });

  it('matches an independent SVD of the stacked, standardised, centred samples (up to each axis\' sign)', () => {
    const rng = new Random(3, 'common-pca-test');
    const a = recording(rng, 4, 30, 6);
    const b = recording(rng, 3, 30, 6);
    const k = 3;
    const pca = commonPca([a, b], k);
    // Independent route: standardise with plain loops, SVD of the data matrix itself (not XᵀX).
    const rows: number[][] = [];
    for (const rec of [a, b]) {
      for (const trial of rec) {
        const cols = trial[0].map((_, u) => trial.map((row) => row[u]));
        const z = cols.map((c) => {
          const m = c.reduce((s, v) => s + v, 0) / c.length;
          const sd = Math.sqrt(c.reduce((s, v) => s + (v - m) ** 2, 0) / (c.length - 1));
          return c.map((v) => (v - m) / sd);
        });
        for (let t = 0; t < trial.length; t++) rows.push(z.map((c) => c[t]));
      }
    }
    const x = new Matrix(rows);
    const means = x.mean('column');
    x.subRowVector(means);
    const svd = new SVD(x, { autoTranspose: true });
    const u = svd.leftSingularVectors;
    const s = svd.diagonal;
    const all = [...Array.from(pca.projections[0].data), ...Array.from(pca.projections[1].data)];
    for (let c = 0; c < k; c++) {
      const ours = rows.map((_, r) => all[r * k + c]);
      const ref = rows.map((_, r) => u.get(r, c) * s[c]);
      const sign = Math.sign(ours[0] * ref[0]) || 1;
      for (let r = 0; r < rows.length; r++) expect(ours[r]).toBeCloseTo(sign * ref[r], 9);
    }
    const total = s.reduce((acc, v) => acc + v * v, 0);
    expect(pca.explainedVariance).toBeCloseTo((s[0] ** 2 + s[1] ** 2 + s[2] ** 2) / total, 12);
    expect(pca.projections[0].trials).toBe(4);
    expect(pca.projections[1].trials).toBe(3);
    expect(pca.projections[1].units).toBe(k);
  });

  it('refuses recordings of different widths and too many components', () => {
    expect(() => commonPca([[[[1, 2]]], [[[1, 2, 3]]]], 1)).toThrow(InputError);
    expect(() => commonPca([[[[1, 2], [3, 5]]]], 3)).toThrow(/components/);
  });
});
