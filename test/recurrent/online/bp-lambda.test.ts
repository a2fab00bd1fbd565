import { describe, expect, it } from 'vitest';
import { adam, sgd } from '../../../src/core/optimizer.ts';
import { lineDrawBatch, lineDrawPatterns } from '../../../src/data/line-draw.ts';
import { Random } from '../../../src/random/random.ts';
import { RecurrentNetwork } from '../../../src/recurrent/network.ts';
import { BpLambda } from '../../../src/recurrent/online/bp-lambda.ts';
import { syntheticGradientAlignment } from '../../../src/recurrent/online/future-gradient.ts';
import { runSequence } from '../../../src/recurrent/online/online-learner.ts';
import { addOneStep, addReadout, handRnn, maxAbsDiff, vjp } from './hand-rnn.ts';

/** g(h) = θ_W·h + θ_b with θ rows [W_j, b_j]. */
function g(theta: Float64Array, h: number[]): number[] {
  const S = h.length;
  return Array.from({ length: S }, (_, j) => h.reduce((s, v, k) => s + theta[j * (S + 1) + k] * v, theta[j * (S + 1) + S]));
}

describe('BpLambda', () => {
  it('BP(0) is one-step bootstrapping: θ moves by (imm_{t+1} + γ·g(s_{t+1}))·J_{t+1} − g(s_t) times [s_t; 1]', () => {
    const wsg = 0.2;
    const gamma = 0.9;
    const r = handRnn({ B: 2, T: 5, I: 2, H: 3, O: 2, tanh: true, seed: 11 });
    const learner = new BpLambda(r.net, { lambda: 0, gamma, syntheticWeight: wsg, optimizer: sgd(1) });
    const theta = learner.synthesiser.parameters;
    new Random(3, 'theta').fillUniformSymmetric(theta, 0, theta.length, 0.5);
    const before = Float64Array.from(theta);
    const S = r.H;
    const expectedTheta = Float64Array.from(before);
    const expected = new Float64Array(r.net.parameters.length);
    addReadout(r, expected);
    for (let bb = 0; bb < r.B; bb++) {
      const gs = r.h[bb].slice(1).map((h, t) => (t === r.T - 1 ? [0, 0, 0] : g(before, h)));
      for (let t = 0; t < r.T; t++) addOneStep(r, expected, bb, t, r.imm[bb][t].map((v, i) => v + wsg * gs[t][i]));
      for (let t = 0; t < r.T - 1; t++) {
        const target = vjp(r, bb, t + 1, r.imm[bb][t + 1].map((v, i) => v + gamma * gs[t + 1][i]));
        const h = r.h[bb][t + 1];
        for (let j = 0; j < S; j++) {
          const d = (target[j] - gs[t][j]) / r.B;
          for (let k = 0; k < S; k++) expectedTheta[j * (S + 1) + k] += d * h[k];
          expectedTheta[j * (S + 1) + S] += d;
        }
      }
    }
    runSequence(learner, r.batch);
    expect(maxAbsDiff(r.net.gradients, expected)).toBeLessThan(1e-12);
    expect(maxAbsDiff(theta, expectedTheta)).toBeLessThan(1e-12);
    expect(maxAbsDiff(theta, before)).toBeGreaterThan(1e-3);
  });

  // T = 5: the trace stays factored (4 Kronecker terms); T = 7: 6 injections > S + 1 = 4, so it is multiplied out onto the dense basis mid-sequence
  it.each([5, 7])('BP(1) with θ fixed over a sequence regresses g(s_t) on the true future gradient: Δθ = Σ_t (G_t − g(s_t))·[s_t; 1]ᵀ (T = %i)', (T) => {
    const r = handRnn({ B: 2, T, I: 2, H: 3, O: 1, tanh: true, seed: 12 });
    const learner = new BpLambda(r.net, { lambda: 1, gamma: 1, optimizer: sgd(1) });
    const theta = learner.synthesiser.parameters;
    new Random(4, 'theta').fillUniformSymmetric(theta, 0, theta.length, 0.5);
    const before = Float64Array.from(theta);
    const S = r.H;
    const expectedTheta = Float64Array.from(before);
    for (let bb = 0; bb < r.B; bb++) {
      // G_{T−1} = 0, G_{t−1} = (imm_t + G_t)·J_t
      const G: number[][] = new Array(r.T);
      G[r.T - 1] = [0, 0, 0];
      for (let t = r.T - 1; t >= 1; t--) G[t - 1] = vjp(r, bb, t, r.imm[bb][t].map((v, i) => v + G[t][i]));
      for (let t = 0; t < r.T - 1; t++) {
        const h = r.h[bb][t + 1];
        const gt = g(before, h);
        for (let j = 0; j < S; j++) {
          const d = (G[t][j] - gt[j]) / r.B;
          for (let k = 0; k < S; k++) expectedTheta[j * (S + 1) + k] += d * h[k];
          expectedTheta[j * (S + 1) + S] += d;
        }
      }
    }
    runSequence(learner, r.batch);
    expect(maxAbsDiff(theta, expectedTheta)).toBeLessThan(1e-12);
  });

  it('BP(1) with a frozen linear RNN converges to the true future gradient on line-draw (alignment ≥ 0.99 at T = 10)', () => {
    const T = 10;
    const net = new RecurrentNetwork({ cell: 'rnn', activation: 'linear', inputSize: 10, hidden: [30], outputSize: 2, seed: 1 });
    const frozen = Float64Array.from(net.parameters);
    const patterns = lineDrawPatterns();
    const rng = new Random(1, 'line-draw');
    const learner = new BpLambda(net, { lambda: 1, optimizer: adam(3e-3) });
    const evalBatch = lineDrawBatch(patterns, 4, T, new Random(2, 'eval'));
    const initial = syntheticGradientAlignment(net, learner.synthesiser, evalBatch).mean;
    for (let i = 0; i < 200; i++) runSequence(learner, lineDrawBatch(patterns, 1, T, rng));
    const { mean, perStep } = syntheticGradientAlignment(net, learner.synthesiser, evalBatch);
    expect(initial).toBe(0); // zero-initialised synthesiser
    expect(mean).toBeGreaterThanOrEqual(0.99);
    expect(Math.min(...perStep)).toBeGreaterThan(0.95);
    expect(maxAbsDiff(net.parameters, frozen)).toBe(0);
  });
});
