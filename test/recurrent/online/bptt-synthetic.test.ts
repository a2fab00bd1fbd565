import { describe, expect, it } from 'vitest';
import { sgd } from '../../../src/core/optimizer.ts';
import { Random } from '../../../src/random/random.ts';
import { BpLambda } from '../../../src/recurrent/online/bp-lambda.ts';
import { BpttSynthetic } from '../../../src/recurrent/online/bptt-synthetic.ts';
import { runSequence } from '../../../src/recurrent/online/online-learner.ts';
import { addOneStep, addReadout, handRnn, maxAbsDiff, vjp } from './hand-rnn.ts';

/** g(h) = θ_W·h + θ_b with θ rows [W_j, b_j]. */
function g(theta: Float64Array, h: number[]): number[] {
  const S = h.length;
  return Array.from({ length: S }, (_, j) => h.reduce((s, v, k) => s + theta[j * (S + 1) + k] * v, theta[j * (S + 1) + S]));
}

describe('BpttSynthetic (DNI)', () => {
  it('matches hand gradients on a two-step sequence with n = 1: injection at the first window end, target from the second', () => {
    const wsg = 0.3;
    const r = handRnn({ B: 2, T: 2, I: 2, H: 3, O: 2, tanh: true, seed: 3 });
    const learner = new BpttSynthetic(r.net, { truncation: 1, syntheticWeight: wsg, gamma: 0.7, optimizer: sgd(1) });
    const theta = learner.synthesiser.parameters;
    new Random(1, 'theta').fillUniformSymmetric(theta, 0, theta.length, 0.5);
    const before = Float64Array.from(theta);
    const S = r.H;
    const expected = new Float64Array(r.net.parameters.length);
    addReadout(r, expected);
    const expectedTheta = Float64Array.from(before);
    for (let bb = 0; bb < r.B; bb++) {
      const h0 = r.h[bb][1];
      const g0 = g(before, h0);
      addOneStep(r, expected, bb, 0, r.imm[bb][0].map((v, i) => v + wsg * g0[i]));
      addOneStep(r, expected, bb, 1, r.imm[bb][1]);
      // the second window ends the sequence: g ≡ 0 there, target = imm_1·J_1
      const target = vjp(r, bb, 1, r.imm[bb][1]);
      for (let j = 0; j < S; j++) {
        const d = (target[j] - g0[j]) / r.B;
        for (let k = 0; k < S; k++) expectedTheta[j * (S + 1) + k] += d * h0[k];
        expectedTheta[j * (S + 1) + S] += d;
      }
    }
    runSequence(learner, r.batch);
    expect(maxAbsDiff(r.net.gradients, expected)).toBeLessThan(1e-12);
    expect(maxAbsDiff(theta, expectedTheta)).toBeLessThan(1e-12);
    expect(maxAbsDiff(theta, before)).toBeGreaterThan(1e-3);
  });

  it('bootstraps with γ·g(s_end) over n-step windows (T = 6, n = 2)', () => {
    const wsg = 0.5;
    const gamma = 0.8;
    const n = 2;
    const r = handRnn({ B: 2, T: 6, I: 2, H: 3, O: 1, tanh: true, seed: 4 });
    const learner = new BpttSynthetic(r.net, { truncation: n, syntheticWeight: wsg, gamma, optimizer: sgd(1) });
    const theta = learner.synthesiser.parameters;
    new Random(2, 'theta').fillUniformSymmetric(theta, 0, theta.length, 0.5);
    const before = Float64Array.from(theta);
    const S = r.H;
    const expected = new Float64Array(r.net.parameters.length);
    addReadout(r, expected);
    const expectedTheta = Float64Array.from(before);
    for (let bb = 0; bb < r.B; bb++) {
      for (let t0 = 0; t0 < r.T; t0 += n) {
        const end = t0 + n - 1;
        const gEnd = end === r.T - 1 ? [0, 0, 0] : g(before, r.h[bb][end + 1]);
        // the window's backward pass, once with w_sg (network), once with γ (target)
        for (const [weight, isTarget] of [[wsg, false], [gamma, true]] as const) {
          let v = r.imm[bb][end].map((x, i) => x + weight * gEnd[i]);
          for (let t = end; t >= t0; t--) {
            if (!isTarget) addOneStep(r, expected, bb, t, v);
            const back = vjp(r, bb, t, v);
            v = t > t0 ? back.map((x, i) => x + r.imm[bb][t - 1][i]) : back;
          }
          if (isTarget && t0 > 0) {
            const hs = r.h[bb][t0];
            const gs = g(before, hs);
            for (let j = 0; j < S; j++) {
              const d = (v[j] - gs[j]) / r.B;
              for (let k = 0; k < S; k++) expectedTheta[j * (S + 1) + k] += d * hs[k];
              expectedTheta[j * (S + 1) + S] += d;
            }
          }
        }
      }
    }
    runSequence(learner, r.batch);
    expect(maxAbsDiff(r.net.gradients, expected)).toBeLessThan(1e-12);
    expect(maxAbsDiff(theta, expectedTheta)).toBeLessThan(1e-12);
  });
});

describe('BpttSynthetic with n = 1', () => {
  it('is BP(0): the same network gradient and the same synthesiser update', () => {
    const a = handRnn({ B: 2, T: 5, I: 2, H: 3, O: 2, tanh: true, seed: 21 });
    const b = handRnn({ B: 2, T: 5, I: 2, H: 3, O: 2, tanh: true, seed: 21 });
    const dni = new BpttSynthetic(a.net, { truncation: 1, syntheticWeight: 0.3, gamma: 0.9, optimizer: sgd(1) });
    const bp0 = new BpLambda(b.net, { lambda: 0, syntheticWeight: 0.3, gamma: 0.9, optimizer: sgd(1) });
    new Random(5, 'theta').fillUniformSymmetric(dni.synthesiser.parameters, 0, 12, 0.5);
    bp0.synthesiser.parameters.set(dni.synthesiser.parameters);
    runSequence(dni, a.batch);
    runSequence(bp0, b.batch);
    expect(maxAbsDiff(a.net.gradients, b.net.gradients)).toBeLessThan(1e-14);
    expect(maxAbsDiff(dni.synthesiser.parameters, bp0.synthesiser.parameters)).toBeLessThan(1e-14);
  });
});
