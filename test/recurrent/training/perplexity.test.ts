import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/random/random.ts';
import { LanguageModel } from '../../../src/recurrent/language-model.ts';
import { perplexity, scoreStream, unigramPerplexity } from '../../../src/recurrent/training/perplexity.ts';

const V = 11;
const stream = (() => {
  const rng = new Random(2, 'stream');
  // a skewed stream: token v with probability ∝ v + 1
  const cumulative = Array.from({ length: V }, (_, v) => ((v + 1) * (v + 2)) / 2 / ((V * (V + 1)) / 2));
  return Int32Array.from({ length: 403 }, () => {
    const u = rng.uniform();
    return cumulative.findIndex((c) => u < c);
  });
})();

describe('perplexity of a token stream', () => {
  it('a model with all parameters zero predicts the uniform distribution: perplexity = vocabulary size', () => {
    const model = new LanguageModel({ cell: 'sublstm', vocabulary: V, embedding: 4, hidden: [5, 5], seed: 1 });
    model.parameters.fill(0);
    const score = scoreStream(model, stream, 10, 7);
    // 403 tokens in 10 rows of 40: 39 predicted words per row
    expect(score.words).toBe(390);
    expect(Math.abs(perplexity(score) - V) / V).toBeLessThan(1e-12);
  });

  it('a model whose logits are the readout bias log q scores exp(−mean log q(next word)), computed independently', () => {
    const model = new LanguageModel({ cell: 'lstm', vocabulary: V, embedding: 3, hidden: [4, 4], seed: 1 });
    model.parameters.fill(0);
    const q = Array.from({ length: V }, (_, v) => (v + 1) / ((V * (V + 1)) / 2));
    const bias = model.network.view('readout.b', model.parameters);
    for (let v = 0; v < V; v++) bias[v] = Math.log(q[v]) + 0.7; // a constant shift leaves the softmax unchanged
    let nats = 0;
    let words = 0;
    const L = Math.floor(stream.length / 10);
    for (let r = 0; r < 10; r++) {
      for (let p = 1; p < L; p++) {
        nats -= Math.log(q[stream[r * L + p]]);
        words++;
      }
    }
    const expected = Math.exp(nats / words);
    expect(expected).toBeLessThan(V);
    expect(Math.abs(perplexity(scoreStream(model, stream, 10, 7)) - expected) / expected).toBeLessThan(1e-12);
  });

  it('the add-one unigram baseline: a hand-computed case, and V for an empty training stream', () => {
    // train counts of 3 words: [2, 0, 1] → p = (3, 1, 2) / 6; test [0, 2] → exp(−(ln ½ + ln ⅓)/2) = √6
    expect(unigramPerplexity(Int32Array.of(0, 2, 0), Int32Array.of(0, 2), 3)).toBeCloseTo(Math.sqrt(6), 12);
    expect(unigramPerplexity(new Int32Array(0), Int32Array.of(1, 4, 4), 5)).toBeCloseTo(5, 12);
  });
});
