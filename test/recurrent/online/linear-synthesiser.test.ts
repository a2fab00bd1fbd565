import { describe, expect, it } from 'vitest';
import { sgd } from '../../../src/core/optimizer.ts';
import { Random } from '../../../src/random/random.ts';
import type { KernelKind } from '../../../src/kernels/dense-kernels.ts';
import { defaultRecurrentKernelKind } from '../../../src/kernels/recurrent-kernel-memory.ts';
import { LinearSynthesiser } from '../../../src/recurrent/online/linear-synthesiser.ts';
import { maxAbsDiff } from './hand-rnn.ts';

const kinds = (defaultRecurrentKernelKind() === 'wasm' ? ['js', 'wasm'] : ['js']) as KernelKind[];

describe('LinearSynthesiser', () => {
  // 10 steps with resets (decay 0) at steps 0 and 2: 8 injections in a row, more than S + 1 = 5,
  // so the factored trace is multiplied out onto the dense basis at step 7 and decays densely after
  it.each(kinds)('keeps the same trace as a naive dense S × |θ| implementation, and the same δᵀ·e update (%s kernels)', (kind) => {
    const S = 4;
    const B = 3;
    const P = S * (S + 1);
    const decay = 0.6;
    const steps = 10;
    const rng = new Random(7, 'trace');
    const synth = new LinearSynthesiser(S, sgd(1), kind);
    rng.fillUniformSymmetric(synth.parameters, 0, P, 1);
    synth.resetTraces(B, steps);
    // dense reference: e_b (S × P), ∂g/∂θ by finite differences of predict (g is linear in θ)
    const dense = Array.from({ length: B }, () => Array.from({ length: S }, () => new Float64Array(P)));
    const dgdtheta = (state: Float64Array): number[][] => {
      const base = new Float64Array(S);
      const bumped = new Float64Array(S);
      synth.predict(1, state, 0, S, base, 0);
      const out = Array.from({ length: S }, () => new Array<number>(P).fill(0));
      for (let p = 0; p < P; p++) {
        synth.parameters[p] += 1;
        synth.predict(1, state, 0, S, bumped, 0);
        synth.parameters[p] -= 1;
        for (let i = 0; i < S; i++) out[i][p] = bumped[i] - base[i];
      }
      return out;
    };
    const expectedGrad = new Float64Array(P);
    for (let step = 0; step < steps; step++) {
      const states = new Float64Array(B * S);
      rng.fillUniformSymmetric(states, 0, B * S, 1);
      const J = new Float64Array(B * S * S);
      rng.fillUniformSymmetric(J, 0, J.length, 1);
      const bare = step === 0 || step === 2;
      synth.updateTraces(bare ? 0 : decay, bare ? null : J, states, 0, S);
      for (let b = 0; b < B; b++) {
        const D = dgdtheta(states.subarray(b * S, (b + 1) * S));
        const next = Array.from({ length: S }, (_, i) => {
          const row = new Float64Array(P);
          for (let p = 0; p < P; p++) {
            let sum = 0;
            if (!bare) for (let m = 0; m < S; m++) sum += J[(b * S + i) * S + m] * dense[b][m][p];
            row[p] = decay * sum + D[i][p];
          }
          return row;
        });
        dense[b] = next;
      }
      const delta = new Float64Array(B * S);
      rng.fillUniformSymmetric(delta, 0, B * S, 1);
      synth.accumulate(delta);
      for (let b = 0; b < B; b++) for (let i = 0; i < S; i++) for (let p = 0; p < P; p++) expectedGrad[p] -= (delta[b * S + i] * dense[b][i][p]) / B;
      const row = new Float64Array(P);
      for (let b = 0; b < B; b++) {
        for (let i = 0; i < S; i++) {
          synth.traceRow(b, i, row);
          expect(maxAbsDiff(row, dense[b][i])).toBeLessThan(1e-12);
        }
      }
    }
    expect(maxAbsDiff(synth.gradients, expectedGrad)).toBeLessThan(1e-12);
    // the decay term is exercised: row i = 0 holds entries in the block of unit j = 1, which the
    // injection I ⊗ zᵀ never writes
    const first = new Float64Array(P);
    synth.traceRow(0, 0, first);
    expect(Math.max(...first.subarray(S + 1, 2 * (S + 1)).map(Math.abs))).toBeGreaterThan(0.05);
  });

  it('refuses more injections than resetTraces was told, while the trace is still factored', () => {
    const synth = new LinearSynthesiser(4, sgd(1), 'js');
    synth.resetTraces(1, 2);
    const s = Float64Array.of(1, 2, 3, 4);
    const J = new Float64Array(16).fill(0.1);
    synth.updateTraces(0, null, s, 0, 4);
    synth.updateTraces(0.5, J, s, 0, 4);
    expect(() => synth.updateTraces(0.5, J, s, 0, 4)).toThrow(/more than 2 injections/);
  });

  it('predicts θ_W·s + θ_b', () => {
    const synth = new LinearSynthesiser(2, sgd(1));
    synth.parameters.set([1, 2, 3, -1, 0.5, 0.25]);
    const out = new Float64Array(2);
    synth.predict(1, Float64Array.of(2, -4), 0, 2, out, 0);
    expect(Array.from(out)).toEqual([1 * 2 + 2 * -4 + 3, -1 * 2 + 0.5 * -4 + 0.25]);
  });
});
