import { describe, expect, it } from 'vitest';
import { curriculumSummary, median } from '../../src/experiments/dsa-curriculum-summary.ts';
import type { DsaCurriculumResult } from '../../src/experiments/dsa-curriculum-measure.ts';

/** A configuration whose group g has DSA `dsa[g]` and CKA = Procrustes = 0.4. */
function config(seed: number, dsa: Record<string, number>): DsaCurriculumResult {
  return {
    configuration: `seed${seed}`,
    label: '',
    cell: 'rnn',
    activation: 'relu',
    hidden: 8,
    seed,
    masterReached: true,
    masterAccuracy: 1,
    masterTestAccuracy: { all: 0.9, coherent: 1 },
    seconds: 0,
    groups: [
      { group: 'master', phases: [], d: null, explainedVariance: null },
      ...Object.entries(dsa).map(([group, v]) => ({ group, phases: [], d: { dsa: v, cka: 0.4, procrustes: 0.4 }, explainedVariance: 0.9 })),
    ],
  };
}

describe('curriculumSummary', () => {
  it('median of odd, even and empty lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });

  it('pools the Partial variants, takes medians per family, and BH-corrects the pairwise tests within a metric', () => {
    const results = [1, 2, 3, 4, 5].map((s) =>
      config(s, { untrained: 0.6 + 0.01 * s, 'master-frozen': 0.5 + 0.01 * s, 'partial-B': 0.3 + 0.01 * s, 'partial-C': 0.32 + 0.01 * s, full: 0.2 + 0.01 * s, 'full-unfrozen': 0.21 + 0.01 * s }),
    );
    const s = curriculumSummary(results);
    expect(s.values.dsa.partial.length).toBe(10);
    expect(s.medians.dsa.untrained).toBeCloseTo(0.63, 12);
    // B: 0.31…0.35, C: 0.33…0.37; sorted, the 5th and 6th of 10 are both 0.34
    expect(s.medians.dsa.partial).toBeCloseTo(0.34, 12);
    expect(s.medians.cka.full).toBe(0.4);
    expect(s.tests.dsa.length).toBe(10);
    // Untrained vs Full: every Untrained value is larger, so AUC 1.
    const uf = s.tests.dsa.find((t) => t.a === 'untrained' && t.b === 'full')!;
    expect(uf.auc).toBe(1);
    // BH by hand: q_(i) = min over k ≥ i of m·p_(k)/k, m = 10.
    const p = s.tests.dsa.map((t) => t.p);
    const order = p.map((_, i) => i).sort((a, b) => p[a] - p[b]);
    order.forEach((i, rank) => {
      const q = Math.min(...order.slice(rank).map((j, r) => Math.min(1, (10 * p[j]) / (rank + r + 1))));
      expect(s.tests.dsa[i].pAdjusted).toBeCloseTo(q, 14);
    });
    // CKA identical everywhere: every test has p = 1.
    for (const t of s.tests.cka) expect(t.pAdjusted).toBe(1);
  });
});
