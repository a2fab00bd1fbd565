import { describe, expect, it } from 'vitest';
import { rate, rateSlope } from '../../../src/recurrent/cells/cell.ts';

describe('rate activations', () => {
  it('softplus: log 2 at 0, eˣ far below 0, the identity above 20 (PyTorch’s threshold); its slope σ(x) from y', () => {
    expect(rate('softplus', 0)).toBeCloseTo(Math.LN2, 15);
    expect(rate('softplus', 3)).toBeCloseTo(3.048587351573742, 14);
    expect(rate('softplus', -40) / Math.exp(-40)).toBeCloseTo(1, 12);
    expect(rate('softplus', 25)).toBe(25);
    for (const x of [-30, -3, -0.5, 0, 0.7, 4, 19]) expect(rateSlope('softplus', rate('softplus', x)), `x = ${x}`).toBeCloseTo(1 / (1 + Math.exp(-x)), 12);
    expect(rateSlope('softplus', 25)).toBe(1);
  });

  it('tanh, relu and linear and their slopes from y', () => {
    expect(rate('tanh', 0.5)).toBe(Math.tanh(0.5));
    expect(rateSlope('tanh', Math.tanh(0.5))).toBeCloseTo(1 / Math.cosh(0.5) ** 2, 15);
    expect([rate('relu', -2), rate('relu', 2), rateSlope('relu', 0), rateSlope('relu', 2)]).toEqual([0, 2, 0, 1]);
    expect([rate('linear', -2), rateSlope('linear', -2)]).toEqual([-2, 1]);
  });
});
