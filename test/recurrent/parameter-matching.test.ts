import { describe, expect, it } from 'vitest';
import { matchedFixSubLstmUnits, recurrentParameterCount } from '../../src/recurrent/parameter-matching.ts';

/** Independent counts per layer: 4 gate blocks (LSTM, subLSTM) or 3 plus a forget constant per unit (fix-subLSTM). */
const gated = (h: number, input: number) => 4 * h * (input + h + 1);
const fixed = (h: number, input: number) => 3 * h * (input + h + 1) + h;

describe('parameter matching of the fix-subLSTM (Costa et al. 2017: 10, 100, 200 → 11, 115, 230)', () => {
  it('counts the recurrent layers of the networks the code builds as the formulas do', () => {
    expect(recurrentParameterCount('lstm', 10, 2, 10)).toBe(gated(10, 10) + gated(10, 10));
    expect(recurrentParameterCount('sublstm', 7, 2, 5)).toBe(gated(7, 5) + gated(7, 7));
    expect(recurrentParameterCount('fix-sublstm', 11, 2, 11)).toBe(fixed(11, 11) + fixed(11, 11));
    expect(recurrentParameterCount('fix-sublstm', 6, 1, 3)).toBe(fixed(6, 3));
  });

  it.each([
    [10, 11],
    [100, 115],
    [200, 230],
  ])('%i units → %i, whose 2-layer count is within one unit\'s worth of the LSTM\'s (embedding = units)', (units, matched) => {
    expect(matchedFixSubLstmUnits(units)).toBe(matched);
    const target = recurrentParameterCount('lstm', units, 2, units);
    expect(recurrentParameterCount('sublstm', units, 2, units)).toBe(target);
    const count = recurrentParameterCount('fix-sublstm', matched, 2, matched);
    const oneUnit = recurrentParameterCount('fix-sublstm', matched + 1, 2, matched + 1) - count;
    expect(Math.abs(count - target)).toBeLessThanOrEqual(oneUnit);
    expect(Math.abs(count - target) / target).toBeLessThan(0.09);
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => matchedFixSubLstmUnits(0)).toThrow(/units must be a positive integer/);
    expect(() => matchedFixSubLstmUnits(2.5)).toThrow(/units must be a positive integer/);
  });
});
