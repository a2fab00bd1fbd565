/**
 * The Mann–Whitney U test (Mann & Whitney 1947) of whether values of `x` tend to be larger or
 * smaller than values of `y`, with the normal approximation corrected for ties and for continuity
 * (as scipy.stats.mannwhitneyu(method = "asymptotic", use_continuity = True)):
 *
 *   U = Σᵢ Σⱼ [xᵢ > yⱼ] + ½[xᵢ = yⱼ]  (= R_x − n_x(n_x + 1)/2, R_x the rank sum of x in the pool)
 *   μ = n_x n_y / 2,  σ² = n_x n_y/12 · ((n + 1) − Σ(t³ − t)/(n(n − 1))),  n = n_x + n_y,
 *   z = (U − μ ∓ ½)/σ,
 *
 * t running over the sizes of groups of tied values. U/(n_x n_y) is the probability that a random
 * x exceeds a random y (ties counting half): the common-language effect size, or the AUC of
 * separating the two samples by a threshold.
 */
import { InputError } from '../core/input-error.ts';

export type Alternative = 'two-sided' | 'greater' | 'less';

export interface MannWhitneyResult {
  /** U of x. */
  readonly u: number;
  /** U/(n_x n_y) ∈ [0, 1]: P(x > y) + ½P(x = y). */
  readonly auc: number;
  /** Standardised statistic with the continuity correction (0 when every value is tied). */
  readonly z: number;
  /** p-value of the normal approximation for the chosen alternative. */
  readonly p: number;
  readonly alternative: Alternative;
}

/** Mid-ranks (1-based, ties share their mean rank) of `values`, and Σ(t³ − t) over tie groups. */
export function midRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Array<number>(values.length);
  let tieTerm = 0;
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && values[order[end]] === values[order[start]]) end++;
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]] = rank;
    const t = end - start;
    tieTerm += t * t * t - t;
    start = end;
  }
  return { ranks, tieTerm };
}

/** Standard normal upper tail P(Z > z) = erfc(z/√2)/2, erfc by the Chebyshev fit of Numerical Recipes (erfcc, 2nd ed. §6.2; relative error < 1.2e-7). */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}

/** U test of x against y; 'greater' asks whether x tends to exceed y. */
export function mannWhitneyU(x: readonly number[], y: readonly number[], alternative: Alternative = 'two-sided'): MannWhitneyResult {
  const nx = x.length;
  const ny = y.length;
  if (nx < 1 || ny < 1) throw new InputError(nx < 1 ? 'x' : 'y', 'expected at least one value');
  [...x, ...y].forEach((v, i) => {
    if (!Number.isFinite(v)) throw new InputError(i < nx ? `x[${i}]` : `y[${i - nx}]`, `expected a finite number, got ${v}`);
  });
  const n = nx + ny;
  const { ranks, tieTerm } = midRanks([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i];
  const u = rankSumX - (nx * (nx + 1)) / 2;
  const mu = (nx * ny) / 2;
  const variance = ((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1)));
  if (!(variance > 0)) return { u, auc: u / (nx * ny), z: 0, p: 1, alternative };
  const sigma = Math.sqrt(variance);
  let z: number;
  let p: number;
  if (alternative === 'greater') {
    z = (u - mu - 0.5) / sigma;
    p = normalUpperTail(z);
  } else if (alternative === 'less') {
    z = (u - mu + 0.5) / sigma;
    p = 1 - normalUpperTail(z);
  } else {
    // scipy: the larger of U and n_x n_y − U, less ½, doubled one-sided tail.
    const uMax = Math.max(u, nx * ny - u);
    z = (uMax - mu - 0.5) / sigma;
    p = Math.min(1, 2 * normalUpperTail(z));
  }
  return { u, auc: u / (nx * ny), z, p, alternative };
}
