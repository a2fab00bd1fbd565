/**
 * Statistics of the curriculum test case: per group family and metric, the dissimilarities to
 * Master of the kept configurations (the Partial variants pooled), their medians, and two-sided
 * Mann–Whitney tests between every pair of families, Benjamini–Hochberg-corrected within each
 * metric (the authors' figure marks pairwise differences; their test is not in the code we read).
 */
import { benjaminiHochberg } from '../analysis/benjamini-hochberg.ts';
import { mannWhitneyU } from '../analysis/mann-whitney-u.ts';
import { GROUP_ORDER, groupFamily } from './dsa-curriculum-settings.ts';
import type { GroupFamily } from './dsa-curriculum-settings.ts';
import type { DsaCurriculumResult } from './dsa-curriculum-measure.ts';
import { METRICS } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

export interface PairTest {
  readonly a: GroupFamily;
  readonly b: GroupFamily;
  /** P(a > b) + ½P(a = b) over the pooled values. */
  readonly auc: number;
  readonly p: number;
  readonly pAdjusted: number;
}

export interface CurriculumSummary {
  /** Values per metric and family, kept configurations only. */
  readonly values: Record<Metric, Record<GroupFamily, number[]>>;
  readonly medians: Record<Metric, Record<GroupFamily, number>>;
  readonly tests: Record<Metric, PairTest[]>;
}

/** Median of the values (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 === 1 ? s[k] : (s[k - 1] + s[k]) / 2;
}

/** Summarises the configurations in `results` (pass only the kept ones). */
export function curriculumSummary(results: readonly DsaCurriculumResult[]): CurriculumSummary {
  const empty = () => Object.fromEntries(GROUP_ORDER.map((g) => [g, [] as number[]])) as Record<GroupFamily, number[]>;
  const values = { dsa: empty(), cka: empty(), procrustes: empty() } as Record<Metric, Record<GroupFamily, number[]>>;
  for (const r of results) {
    for (const g of r.groups) {
      if (g.d === null) continue;
      for (const m of METRICS) values[m][groupFamily(g.group)].push(g.d[m]);
    }
  }
  const medians = Object.fromEntries(METRICS.map((m) => [m, Object.fromEntries(GROUP_ORDER.map((g) => [g, median(values[m][g])]))])) as CurriculumSummary['medians'];
  const tests = {} as Record<Metric, PairTest[]>;
  for (const m of METRICS) {
    const raw: Omit<PairTest, 'pAdjusted'>[] = [];
    for (let i = 0; i < GROUP_ORDER.length; i++) {
      for (let j = i + 1; j < GROUP_ORDER.length; j++) {
        const [a, b] = [GROUP_ORDER[i], GROUP_ORDER[j]];
        if (values[m][a].length === 0 || values[m][b].length === 0) continue;
        const t = mannWhitneyU(values[m][a], values[m][b], 'two-sided');
        raw.push({ a, b, auc: t.auc, p: t.p });
      }
    }
    const adjusted = benjaminiHochberg(raw.map((t) => t.p));
    tests[m] = raw.map((t, k) => ({ ...t, pAdjusted: adjusted[k] }));
  }
  return { values, medians, tests };
}
