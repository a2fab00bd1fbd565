/**
 * The statistics of the Lorenz test case from the per-pair dissimilarities (dsa-lorenz-task.ts):
 *
 *   test 1   per metric, the 9 × 9 matrix (mean over seeds), the within-family and between-family
 *            values of the distinct pairs (9 and 27 per seed), their means and ratio, and a
 *            one-sided Mann–Whitney U test of between > within (AUC = U/(n_w n_b)), p-values
 *            Benjamini–Hochberg-adjusted over the three metrics
 *   mixing   per metric and comparison (model1 vs model2, model2 vs model3), the mean ± SEM over
 *            pairs at each mixing level; the R² of a line through the means against the level
 *            index 1, 2, 3 (the authors' x axis, their "epochs") and against m; the gap
 *            |mean at the last level − mean at the first| (the authors' two numbers), and the
 *            per-pair gaps, mean ± SEM; and the fraction of pairs with d(2, 3) > d(1, 2) per level
 *
 * SEM = sample sd (n − 1)/√n; the authors' notebook divides numpy's population sd (n) by √n.
 */
import { benjaminiHochberg } from '../analysis/benjamini-hochberg.ts';
import { lineFit } from '../analysis/line-fit.ts';
import { mannWhitneyU } from '../analysis/mann-whitney-u.ts';
import type { FamilyPairResult, MixingPairResult } from './dsa-lorenz-task.ts';
import { METRICS } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

export interface MeanSem {
  readonly mean: number;
  readonly sem: number;
  readonly n: number;
}

export function meanSem(values: readonly number[]): MeanSem {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sem: sd / Math.sqrt(n), n };
}

export interface FamilySeparation {
  readonly meanWithin: number;
  readonly meanBetween: number;
  /** meanBetween / meanWithin. */
  readonly ratio: number;
  /** P(a between-family value exceeds a within-family one), ties half. */
  readonly auc: number;
  readonly u: number;
  readonly p: number;
  /** p adjusted by Benjamini–Hochberg over the three metrics. */
  readonly pAdjusted: number;
  readonly within: number[];
  readonly between: number[];
}

/** Mean over seeds of each metric's symmetric matrix over `systems` (zero diagonal). */
export function familyMatrices(pairs: readonly FamilyPairResult[], systems: readonly number[]): Record<Metric, number[][]> {
  const index = new Map(systems.map((r, i) => [r, i]));
  const out = {} as Record<Metric, number[][]>;
  for (const m of METRICS) {
    const sum = systems.map(() => systems.map(() => 0));
    const count = systems.map(() => systems.map(() => 0));
    for (const p of pairs) {
      const i = index.get(p.a)!;
      const j = index.get(p.b)!;
      sum[i][j] += p.d[m];
      sum[j][i] += p.d[m];
      count[i][j]++;
      count[j][i]++;
    }
    out[m] = sum.map((row, i) => row.map((v, j) => (i === j ? 0 : v / count[i][j])));
  }
  return out;
}

/** Within- against between-family dissimilarities of every metric; `familyOf` names each system's family. */
export function familySeparation(pairs: readonly FamilyPairResult[], familyOf: (r: number) => string): Record<Metric, FamilySeparation> {
  const raw = METRICS.map((m) => {
    const within = pairs.filter((p) => familyOf(p.a) === familyOf(p.b)).map((p) => p.d[m]);
    const between = pairs.filter((p) => familyOf(p.a) !== familyOf(p.b)).map((p) => p.d[m]);
    const test = mannWhitneyU(between, within, 'greater');
    const meanWithin = meanSem(within).mean;
    const meanBetween = meanSem(between).mean;
    return { meanWithin, meanBetween, ratio: meanBetween / meanWithin, auc: test.auc, u: test.u, p: test.p, within, between };
  });
  const adjusted = benjaminiHochberg(raw.map((r) => r.p));
  return Object.fromEntries(METRICS.map((m, k) => [m, { ...raw[k], pAdjusted: adjusted[k] }])) as Record<Metric, FamilySeparation>;
}

export interface MixingCurve {
  /** Per level: mean ± SEM over pairs. */
  readonly levels: MeanSem[];
  /** |mean(last level) − mean(first level)|. */
  readonly gap: number;
  /** R² of a line through the means against the level index 1, 2, 3 (the authors'). */
  readonly r2VsLevel: number;
  /** R² of a line through the means against m. */
  readonly r2VsMixing: number;
  /** Per pair |last − first|, mean ± SEM. */
  readonly pairGap: MeanSem;
}

export type MixingComparison = 'model1VsModel2' | 'model2VsModel3';
export const MIXING_COMPARISONS: readonly MixingComparison[] = ['model1VsModel2', 'model2VsModel3'];

export interface MixingSummary {
  readonly curves: Record<MixingComparison, Record<Metric, MixingCurve>>;
  /** Per metric and level, the fraction of pairs with d(model2, model3) > d(model1, model2). */
  readonly model3Farther: Record<Metric, number[]>;
}

export function mixingSummary(pairs: readonly MixingPairResult[], mixing: readonly number[]): MixingSummary {
  const index = mixing.map((_, k) => k + 1);
  const curve = (c: MixingComparison, m: Metric): MixingCurve => {
    const levels = mixing.map((_, k) => meanSem(pairs.map((p) => p[c][m][k])));
    const means = levels.map((l) => l.mean);
    const last = mixing.length - 1;
    return {
      levels,
      gap: Math.abs(means[last] - means[0]),
      r2VsLevel: lineFit(index, means).r2,
      r2VsMixing: lineFit([...mixing], means).r2,
      pairGap: meanSem(pairs.map((p) => Math.abs(p[c][m][last] - p[c][m][0]))),
    };
  };
  const curves = Object.fromEntries(MIXING_COMPARISONS.map((c) => [c, Object.fromEntries(METRICS.map((m) => [m, curve(c, m)]))])) as MixingSummary['curves'];
  const model3Farther = Object.fromEntries(
    METRICS.map((m) => [m, mixing.map((_, k) => pairs.filter((p) => p.model2VsModel3[m][k] > p.model1VsModel2[m][k]).length / pairs.length)]),
  ) as Record<Metric, number[]>;
  return { curves, model3Farther };
}
