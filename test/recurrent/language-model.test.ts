import { describe, expect, it } from 'vitest';
import { LanguageModelBatches } from '../../src/data/language-model-batches.ts';
import { Random } from '../../src/random/random.ts';
import type { CellKind } from '../../src/recurrent/cells/cell.ts';
import { LanguageModel } from '../../src/recurrent/language-model.ts';
import { finiteDifferenceGradient } from './fixtures.ts';

const V = 7;
const D = 3;
const CELLS: CellKind[] = ['lstm', 'sublstm', 'fix-sublstm'];

/** A tiny language model with every parameter moved off its structured initial value. */
function tinyModel(cell: CellKind, hidden = [4, 3]): LanguageModel {
  const model = new LanguageModel({ cell, vocabulary: V, embedding: D, hidden, seed: 3 });
  const rng = new Random(9, 'perturb');
  for (let k = 0; k < model.parameters.length; k++) model.parameters[k] += rng.uniformIn(-0.4, 0.4);
  return model;
}

const ids = (seed: number, n: number) => {
  const rng = new Random(seed, 'ids');
  return Int32Array.from({ length: n }, () => rng.integer(V));
};

describe('LanguageModel gradient (embedding → 2 recurrent layers → softmax over the vocabulary at every step)', () => {
  for (const cell of CELLS) {
    it(`${cell}: the second truncated window's gradient matches central differences with the carried state held (rel. error < 1e-6)`, () => {
      const model = tinyModel(cell);
      const B = 2;
      const T = 5;
      // first window: sets the carried state the second window starts from
      model.forward(ids(1, B * T), B, T);
      const carried = model.carriedStates();
      const input = ids(2, B * T);
      const targets = ids(3, B * T);
      targets[4] = -1; // one step without a loss
      const lossAt = () => {
        model.restoreCarriedStates(carried);
        model.forward(input, B, T, { carryState: true });
        return model.loss(targets);
      };
      lossAt();
      model.backward();
      const analytic = Float64Array.from(model.gradients);
      const numeric = finiteDifferenceGradient(model, lossAt);
      let diff = 0;
      let norm = 0;
      let worstElement = 0;
      for (let k = 0; k < numeric.length; k++) {
        diff += (numeric[k] - analytic[k]) ** 2;
        norm += numeric[k] ** 2;
        worstElement = Math.max(worstElement, Math.abs(numeric[k] - analytic[k]));
      }
      expect(Math.sqrt(diff / norm)).toBeLessThan(1e-6);
      expect(worstElement).toBeLessThan(1e-8);
      // the embedding rows of tokens in the window get a gradient, the others exactly none
      const seen = new Set(input);
      for (let v = 0; v < V; v++) {
        const row = analytic.subarray(model.embeddingOffset + v * D, model.embeddingOffset + (v + 1) * D);
        if (seen.has(v)) expect(Math.max(...row.map(Math.abs))).toBeGreaterThan(1e-6);
        else expect(row.every((g) => g === 0)).toBe(true);
      }
    });
  }
});

describe('truncated windows with carried state', () => {
  for (const cell of CELLS) {
    it(`${cell}: windows of 4 steps give the logits of one forward pass over each whole row (1e-12)`, () => {
      const model = tinyModel(cell);
      const stream = ids(4, 3 * 23);
      const B = 3;
      // one long unrolled pass: every row's 22 inputs in one window
      const whole = new LanguageModelBatches(stream, V, { batchSize: B, window: 1000 });
      expect(whole.batchCount).toBe(1);
      const w = whole.batch(0);
      if (w.inputs.kind !== 'tokens') throw new Error('tokens expected');
      model.forward(w.inputs.ids, B, w.steps);
      const L = w.steps;
      const reference = Array.from({ length: B }, (_, b) => Array.from({ length: L }, (_, t) => Array.from({ length: V }, (_, k) => model.network.output(b, t, k))));

      const windows = new LanguageModelBatches(stream, V, { batchSize: B, window: 4 });
      expect(windows.batchCount).toBe(6);
      let worst = 0;
      for (let i = 0; i < windows.batchCount; i++) {
        const b = windows.batch(i);
        if (b.inputs.kind !== 'tokens') throw new Error('tokens expected');
        model.forward(b.inputs.ids, B, b.steps, { carryState: b.continuesPrevious });
        for (let r = 0; r < B; r++) for (let t = 0; t < b.steps; t++) for (let k = 0; k < V; k++) worst = Math.max(worst, Math.abs(model.network.output(r, t, k) - reference[r][4 * i + t][k]));
      }
      expect(worst).toBeLessThan(1e-12);
      // without carrying, the second window starts from zero and differs
      const second = windows.batch(1);
      if (second.inputs.kind !== 'tokens') throw new Error('tokens expected');
      model.forward(second.inputs.ids, B, second.steps);
      expect(Math.abs(model.network.output(0, 0, 0) - reference[0][4][0])).toBeGreaterThan(1e-6);
    });
  }
});
