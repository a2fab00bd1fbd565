/**
 * Least-squares line y ≈ a + b·x and its coefficient of determination
 * R² = 1 − Σ(y − a − b·x)²/Σ(y − ȳ)² (sklearn's r2_score of a LinearRegression fit, as the
 * Lorenz mixing test of Guilhot et al. 2024 reports it). R² is 1 for a perfect line; when every y
 * is equal the line is exact and R² is reported as 1 (sklearn reports 1 for a perfect fit of a
 * constant too).
 */
import { InputError } from '../core/input-error.ts';

export interface LineFit {
  readonly intercept: number;
  readonly slope: number;
  readonly r2: number;
}

export function lineFit(x: readonly number[], y: readonly number[]): LineFit {
  const n = x.length;
  if (y.length !== n) throw new InputError('y', `expected ${n} values like x, got ${y.length}`);
  if (n < 2) throw new InputError('x', 'expected at least 2 points');
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (x[i] - mx) ** 2;
    sxy += (x[i] - mx) * (y[i] - my);
    syy += (y[i] - my) ** 2;
  }
  if (sxx === 0) throw new InputError('x', 'every x is equal, so no line is determined');
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let residual = 0;
  for (let i = 0; i < n; i++) residual += (y[i] - intercept - slope * x[i]) ** 2;
  return { intercept, slope, r2: syy === 0 ? 1 : 1 - residual / syy };
}
