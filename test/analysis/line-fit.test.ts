import { describe, expect, it } from 'vitest';
import { lineFit } from '../../src/analysis/line-fit.ts';
import { InputError } from '../../src/core/input-error.ts';

describe('lineFit', () => {
  it('matches a hand computation', () => {
    // x̄ = ȳ = 2, Sxx = 2, Sxy = 1: slope ½, intercept 1; residuals −½, 1, −½ → 1.5 of Syy = 2.
    const fit = lineFit([1, 2, 3], [1, 3, 2]);
    expect(fit.slope).toBeCloseTo(0.5, 14);
    expect(fit.intercept).toBeCloseTo(1, 14);
    expect(fit.r2).toBeCloseTo(0.25, 14);
  });

  it('has R² = 1 on an exact line, also a flat one, and refuses a degenerate x', () => {
    expect(lineFit([1, 0.5, 0.25], [0.3, 0.2, 0.15]).r2).toBeCloseTo(1, 14);
    expect(lineFit([1, 2, 3], [4, 4, 4])).toEqual({ intercept: 4, slope: 0, r2: 1 });
    expect(() => lineFit([1, 1], [0, 1])).toThrow(InputError);
    expect(() => lineFit([1, 2], [0])).toThrow(InputError);
  });
});
