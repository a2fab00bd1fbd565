import { describe, expect, it } from 'vitest';
import { makeRecurrentOptimizer, recurrentOptimizerConstants } from '../../../src/recurrent/training/recurrent-optimizer.ts';
import { parseRecurrentTrainOptions } from '../../../src/recurrent/training/recurrent-train-options.ts';

const options = (optimizer: string) => parseRecurrentTrainOptions({ data: 'row-mnist', model: 'lstm', epochs: '1', lr: '0.01', optimizer });

describe('the recurrent runs\' optimizer', () => {
  it('rmsprop: the first step is lr·g/√((1 − ρ)g² + ε) with ρ = 0.99, ε = 1e-10 (momentum buffer starts at 0)', () => {
    const theta = Float64Array.of(1, -2);
    const g = [0.5, -3];
    makeRecurrentOptimizer(options('rmsprop')).step(theta, Float64Array.from(g), 0);
    const expected = [1, -2].map((t, i) => t - (0.01 * g[i]) / Math.sqrt(0.01 * g[i] * g[i] + 1e-10));
    expect(theta[0]).toBeCloseTo(expected[0], 14);
    expect(theta[1]).toBeCloseTo(expected[1], 14);
    expect(recurrentOptimizerConstants(options('rmsprop'))).toEqual({ rho: 0.99, momentum: 0.9, eps: 1e-10 });
  });

  it('adam: the first step is lr·g/(|g| + ε), and no constants are recorded', () => {
    const theta = Float64Array.of(1, -2);
    const g = [0.5, -3];
    makeRecurrentOptimizer(options('adam')).step(theta, Float64Array.from(g), 0);
    expect(theta[0]).toBeCloseTo(1 - (0.01 * 0.5) / (0.5 + 1e-8), 14);
    expect(theta[1]).toBeCloseTo(-2 + (0.01 * 3) / (3 + 1e-8), 14);
    expect(recurrentOptimizerConstants(options('adam'))).toEqual({});
  });
});
