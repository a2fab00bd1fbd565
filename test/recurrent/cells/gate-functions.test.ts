import { describe, expect, it } from 'vitest';
import { EXP_MAX, EXP_MIN, gateExp, gateSigmoid, gateTanh } from '../../../src/recurrent/cells/gate-functions.ts';
import { Random } from '../../../src/random/random.ts';

/** Distance in units in the last place between two positive finite doubles. */
function ulps(a: number, b: number): number {
  const f = new Float64Array([a, b]);
  const i = new BigInt64Array(f.buffer);
  return Math.abs(Number(i[0] - i[1]));
}

describe('gate functions of the recurrent cells', () => {
  const rng = new Random(5, 'gate-functions');
  const xs = new Float64Array(200000);
  rng.fillUniformSymmetric(xs, 0, 100000, 700);
  rng.fillUniformSymmetric(xs, 100000, 100000, 5);

  it('gateExp is within 2 ulp of Math.exp on [−700, 700] (the bound the file comment states)', () => {
    let worst = 0;
    for (const x of xs) worst = Math.max(worst, ulps(gateExp(x), Math.exp(x)));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('gateExp at the edges: near the powers of two x = k·ln 2, 1 at 0, 0 below EXP_MIN, +∞ above EXP_MAX, NaN through', () => {
    expect(gateExp(0)).toBe(1);
    expect(gateExp(-0)).toBe(1);
    for (const k of [-1000, -3, -1, 1, 2, 10, 1000]) expect(ulps(gateExp(k * Math.LN2), Math.exp(k * Math.LN2))).toBeLessThanOrEqual(2);
    expect(ulps(gateExp(EXP_MAX), Math.exp(EXP_MAX))).toBeLessThanOrEqual(2);
    expect(Number.isFinite(gateExp(EXP_MAX))).toBe(true);
    expect(ulps(gateExp(EXP_MIN), Math.exp(EXP_MIN))).toBeLessThanOrEqual(2);
    expect(gateExp(EXP_MIN - 1e-9)).toBe(0);
    expect(gateExp(-Infinity)).toBe(0);
    expect(gateExp(EXP_MAX + 1e-9)).toBe(Infinity);
    expect(gateExp(Infinity)).toBe(Infinity);
    expect(gateExp(NaN)).toBeNaN();
  });

  it('gateSigmoid and gateTanh agree with 1/(1 + Math.exp(−x)) and Math.tanh to 2 ulp of 1 (4.4e−16) absolute, and saturate', () => {
    let worst = 0;
    for (let i = 100000; i < xs.length; i++) {
      const x = xs[i];
      worst = Math.max(worst, Math.abs(gateSigmoid(x) - 1 / (1 + Math.exp(-x))), Math.abs(gateTanh(x) - Math.tanh(x)));
    }
    expect(worst).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(gateSigmoid(-800)).toBe(0);
    expect(gateSigmoid(800)).toBe(1);
    expect(gateTanh(800)).toBe(1);
    expect(gateTanh(-800)).toBe(-1);
    expect(gateTanh(-0.25)).toBe(-gateTanh(0.25));
    expect(gateTanh(0)).toBe(0);
  });
});
