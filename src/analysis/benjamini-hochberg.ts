/**
 * Benjamini–Hochberg control of the false discovery rate (Benjamini & Hochberg 1995, J. R. Stat.
 * Soc. B 57:289, the step-up procedure). For m p-values sorted p₍₁₎ ≤ … ≤ p₍ₘ₎, the adjusted value
 * of the i-th smallest is
 *
 *   q₍ᵢ₎ = min_{k ≥ i} min(1, m·p₍ₖ₎/k),
 *
 * and the hypotheses with q ≤ α are the ones the procedure rejects at level α (the largest k with
 * p₍ₖ₎ ≤ k·α/m and every smaller one). This is R's p.adjust(method = "BH") and statsmodels'
 * multipletests(method = "fdr_bh").
 */
import { InputError } from '../core/input-error.ts';

/** BH-adjusted p-values, in the input's order. */
export function benjaminiHochberg(pValues: readonly number[]): number[] {
  const m = pValues.length;
  pValues.forEach((p, i) => {
    if (!(p >= 0 && p <= 1)) throw new InputError(`pValues[${i}]`, `expected a p-value in [0, 1], got ${p}`);
  });
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a] - pValues[b]);
  const adjusted = new Array<number>(m);
  let running = 1;
  for (let k = m; k >= 1; k--) {
    const i = order[k - 1];
    running = Math.min(running, (m * pValues[i]) / k);
    adjusted[i] = running;
  }
  return adjusted;
}

/** Which hypotheses BH rejects at false discovery rate `alpha`, in the input's order. */
export function benjaminiHochbergRejects(pValues: readonly number[], alpha: number): boolean[] {
  if (!(alpha > 0 && alpha < 1)) throw new InputError('alpha', `expected 0 < alpha < 1, got ${alpha}`);
  return benjaminiHochberg(pValues).map((q) => q <= alpha);
}
