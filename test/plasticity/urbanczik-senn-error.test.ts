import { describe, expect, it } from 'vitest';
import { createRateFunction } from '../../src/neurons/rate-function.ts';
import { apicalSilencingError, dendriticPredictionError, predictedRateError } from '../../src/plasticity/urbanczik-senn-error.ts';

const logistic = (x: number) => 1 / (1 + Math.exp(-x));

describe('Urbanczik–Senn error e = φ(u) − φ(v̂)', () => {
  const phi = createRateFunction({ kind: 'logistic' });
  const u = [0.5, -1.25, 2, 0];
  const vHat = [0.5, 0.75, -3, 1];

  it('is zero where the dendrite predicts the soma and φ(u) − φ(v̂) elsewhere, at the given offsets', () => {
    const rate = new Float64Array([9, ...u.map(logistic)]);
    const prediction = new Float64Array([7, 7, ...vHat]);
    const out = new Float64Array(5).fill(-1);
    dendriticPredictionError(phi, rate, 1, prediction, 2, out, 1, 4);
    expect(out[0]).toBe(-1);
    expect(out[1]).toBe(0);
    for (let i = 1; i < 4; i++) expect(out[i + 1]).toBeCloseTo(logistic(u[i]) - logistic(vHat[i]), 15);
  });

  it('may write over the prediction, and agrees with the form that takes φ(v̂) precomputed, to the bit', () => {
    const rate = Float64Array.from(u, logistic);
    const inPlace = Float64Array.from(vHat);
    dendriticPredictionError(phi, rate, 0, inPlace, 0, inPlace, 0, 4);
    const fromRates = new Float64Array(4);
    predictedRateError(rate, 0, Float64Array.from(vHat, (v) => phi.value(v)), 0, fromRates, 0, 4);
    expect(Array.from(inPlace)).toEqual(Array.from(fromRates));
  });

  it('of W^PI is −v_A', () => {
    const out = new Float64Array(3);
    apicalSilencingError(new Float64Array([0.25, -2, 0]), out, 3);
    expect(Array.from(out)).toEqual([-0.25, 2, -0]);
  });
});
