import { describe, expect, it } from 'vitest';
import { bpLambdaSettings, frozenAlignment, learnedLoss, METHODS } from '../../src/experiments/bp-lambda.ts';

describe('bp-lambda experiment', () => {
  const s = { ...bpLambdaSettings(true), alignmentSequences: 60, learningSequences: 40 };

  it('the frozen-RNN alignment is reproducible from the seed and rises from λ = 0 to λ = 1 at T = 10', () => {
    const a0 = frozenAlignment(1, 10, 0, s);
    const a1 = frozenAlignment(1, 10, 1, s);
    expect(frozenAlignment(1, 10, 1, s)).toBe(a1);
    expect(a1).toBeGreaterThan(a0);
    expect(a1).toBeGreaterThan(0.9);
  });

  it('every method lowers the line-draw loss at T = 10', () => {
    for (const method of METHODS) {
      const { initial, final } = learnedLoss(1, 10, method, s);
      expect(final, method).toBeLessThan(initial);
    }
  });
});
