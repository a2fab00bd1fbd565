import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import { TokenEmbedding } from '../../src/recurrent/embedding.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { finiteDifferenceGradient } from './fixtures.ts';

const V = 7;
const D = 3;
const B = 2;
const T = 5;

/** Ids and next-token targets over a vocabulary of V (B·T = 10 > V, so some ids repeat). */
function tokens(seed: number): { ids: Int32Array; targets: Int32Array } {
  const rng = new Random(seed, 'tokens');
  const ids = Int32Array.from({ length: B * T }, () => Math.floor(rng.uniform() * V));
  const targets = Int32Array.from({ length: B * T }, () => Math.floor(rng.uniform() * V));
  return { ids, targets };
}

describe('TokenEmbedding', () => {
  it('looks up row id of E for every step, batch-first', () => {
    const e = new TokenEmbedding(V, D, 1);
    const ids = Int32Array.from([3, 0, 6, 3]);
    const x = e.lookup(ids, 2, 2);
    for (let k = 0; k < 4; k++) expect(Array.from(x.subarray(k * D, (k + 1) * D))).toEqual(Array.from(e.weights.subarray(ids[k] * D, (ids[k] + 1) * D)));
    expect(() => e.lookup(Int32Array.from([0, 7, 0, 0]), 2, 2)).toThrow(RangeError);
  });

  for (const cell of ['lstm', 'sublstm'] as const) {
    it(`${cell}: dL/dE by scatter-add matches central finite differences (ε = 1e-5, relative error ≤ 1e-6)`, () => {
      const embedding = new TokenEmbedding(V, D, 2);
      const net = new RecurrentNetwork({ cell, inputSize: D, hidden: [4], outputSize: V, seed: 3 });
      const { ids, targets } = tokens(4);
      const loss = () => {
        net.forward({ inputs: embedding.lookup(ids, B, T), batchSize: B, steps: T });
        return net.loss({ kind: 'cross-entropy', at: 'every', targets });
      };
      loss();
      net.backward({ inputGradient: true });
      embedding.backward(ids, B, T, net.inputGradient);
      const analytic = Float64Array.from(embedding.gradients);
      const numeric = finiteDifferenceGradient({ parameters: embedding.weights }, loss);
      let worst = 0;
      let scale = 0;
      for (let i = 0; i < V * D; i++) {
        worst = Math.max(worst, Math.abs(analytic[i] - numeric[i]));
        scale = Math.max(scale, Math.abs(numeric[i]));
      }
      expect(scale).toBeGreaterThan(1e-3);
      expect(worst / scale).toBeLessThanOrEqual(1e-6);
      // rows of ids that never occur get no gradient
      for (let v = 0; v < V; v++) if (!ids.includes(v)) for (let j = 0; j < D; j++) expect(analytic[v * D + j]).toBe(0);
    });
  }

  it('accumulates over calls with { accumulate: true }', () => {
    const e = new TokenEmbedding(V, D, 1);
    const ids = Int32Array.from([1, 1]);
    const dx = Float64Array.from([1, 2, 3, 10, 20, 30]);
    e.backward(ids, 2, 1, dx);
    expect(Array.from(e.gradients.subarray(D, 2 * D))).toEqual([11, 22, 33]);
    e.backward(ids, 2, 1, dx, { accumulate: true });
    expect(Array.from(e.gradients.subarray(D, 2 * D))).toEqual([22, 44, 66]);
  });
});
