import { describe, expect, it } from 'vitest';
import type { DsaCurriculumResult } from '../../src/experiments/dsa-curriculum-measure.ts';
import { orderingCounts, orderingTable } from '../../src/experiments/dsa-curriculum-report.ts';

/** A configuration whose groups have the given DSA values (CKA = 1 − DSA, Procrustes = DSA / 2); null: not measured. */
function configuration(name: string, dsa: Record<string, number | null>): DsaCurriculumResult {
  const groups = [['master', 0] as const, ...Object.entries(dsa)].map(([group, v]) => ({ group, d: v === null ? null : { dsa: v, cka: 1 - v, procrustes: v / 2 } }));
  return { configuration: name, masterAccuracy: 1, groups } as unknown as DsaCurriculumResult;
}

describe('orderingCounts', () => {
  const results = [
    // Three Partial sets: their median (0.3) counts, not their mean (0.433), minimum or maximum.
    configuration('a', { untrained: 0.35, 'master-frozen': 0.4, 'partial-A': 0.1, 'partial-B': 0.3, 'partial-C': 0.9, full: 0.1, 'full-unfrozen': 0.15 }),
    configuration('b', { untrained: 0.1, 'master-frozen': 0.4, 'partial-B': 0.3, full: 0.2, 'full-unfrozen': 0.25 }),
    // Full not measured: left out of every pair with Full. Master-Frozen ties Full & Unfrozen.
    configuration('c', { untrained: 0.6, 'master-frozen': 0.05, 'partial-B': 0.35, full: null, 'full-unfrozen': 0.05 }),
  ];
  const counts = orderingCounts(results);
  const find = (farther: string, nearer: string) => counts.find((c) => c.farther === farther && c.nearer === nearer)!;

  it('counts, configuration by configuration, where the first group is farther from Master than the second', () => {
    expect(counts).toHaveLength(10); // every pair of the five group families, in GROUP_ORDER
    expect(find('untrained', 'partial').counts.dsa).toEqual({ k: 2, n: 3 }); // a: 0.35 > 0.3 (the mean 0.433 would say no), b: 0.1 < 0.3, c: 0.6 > 0.35
    expect(find('partial', 'full').counts.dsa).toEqual({ k: 2, n: 2 }); // a: 0.3 > 0.1, b: 0.3 > 0.2; c has no Full
    expect(find('full', 'full-unfrozen').counts.dsa).toEqual({ k: 0, n: 2 });
    expect(find('master-frozen', 'full-unfrozen').counts.dsa).toEqual({ k: 2, n: 3 }); // c: a tie, counted in n only
  });

  it('counts each metric on its own values (CKA = 1 − DSA here reverses every order but the tie, Procrustes = DSA/2 keeps it)', () => {
    for (const c of counts) expect(c.counts.procrustes).toEqual(c.counts.dsa);
    expect(find('untrained', 'partial').counts.cka).toEqual({ k: 1, n: 3 });
    expect(find('master-frozen', 'full-unfrozen').counts.cka).toEqual({ k: 0, n: 3 });
  });

  it('tabulates as "k of n"', () => {
    expect(orderingTable(counts)).toContain('| Untrained > Partial | 2 of 3 | 1 of 3 | 2 of 3 |');
  });
});
