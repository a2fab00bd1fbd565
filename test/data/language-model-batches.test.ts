import { describe, expect, it } from 'vitest';
import { LanguageModelBatches } from '../../src/data/language-model-batches.ts';
import { checkSequenceBatch } from '../../src/data/sequence-batch.ts';

function rowsOf(batches: LanguageModelBatches): { ids: number[][]; labels: number[][]; steps: number[]; continues: boolean[] } {
  const ids: number[][] = [];
  const labels: number[][] = [];
  const steps: number[] = [];
  const continues: boolean[] = [];
  for (const b of batches.epoch()) {
    checkSequenceBatch(b);
    if (b.inputs.kind !== 'tokens' || b.targets.kind !== 'classes') throw new Error('token inputs and class targets expected');
    steps.push(b.steps);
    continues.push(b.continuesPrevious);
    for (let r = 0; r < b.batch; r++) {
      (ids[r] ??= []).push(...b.inputs.ids.subarray(r * b.steps, (r + 1) * b.steps));
      (labels[r] ??= []).push(...b.targets.labels.subarray(r * b.steps, (r + 1) * b.steps));
    }
  }
  return { ids, labels, steps, continues };
}

describe('language-model batching (word_language_model batchify / get_batch)', () => {
  it('cuts 29 tokens into 3 rows of 9 (2 dropped), windows of 3 steps, the last one shorter', () => {
    const stream = Int32Array.from({ length: 29 }, (_, i) => i);
    const batches = new LanguageModelBatches(stream, 29, { batchSize: 3, window: 3 });
    expect([batches.rowLength, batches.batchCount, batches.targetCount]).toEqual([9, 3, 24]);
    const first = batches.batch(0);
    if (first.inputs.kind !== 'tokens' || first.targets.kind !== 'classes') throw new Error('unexpected kinds');
    // Row b holds tokens 9b…9b+8; window 0 reads positions 0…2 and predicts 1…3.
    expect(Array.from(first.inputs.ids)).toEqual([0, 1, 2, 9, 10, 11, 18, 19, 20]);
    expect(Array.from(first.targets.labels)).toEqual([1, 2, 3, 10, 11, 12, 19, 20, 21]);
    const { ids, labels, steps, continues } = rowsOf(batches);
    expect(steps).toEqual([3, 3, 2]); // min(3, 9 − 1 − 6) = 2
    expect(continues).toEqual([false, true, true]);
    expect(ids).toEqual([0, 1, 2].map((b) => Array.from({ length: 8 }, (_, p) => 9 * b + p)));
    expect(labels).toEqual([0, 1, 2].map((b) => Array.from({ length: 8 }, (_, p) => 9 * b + p + 1)));
  });

  it('uses 35-step windows by default and rejects streams too short for the batch', () => {
    const stream = Int32Array.from({ length: 1000 }, (_, i) => i % 7);
    const batches = new LanguageModelBatches(stream, 7, { batchSize: 20 });
    expect([batches.window, batches.rowLength, batches.batchCount]).toEqual([35, 50, 2]);
    expect(rowsOf(batches).steps).toEqual([35, 14]);
    expect(() => new LanguageModelBatches(Int32Array.from([1, 2, 3]), 7, { batchSize: 2 })).toThrow(/at least 2/);
    expect(() => new LanguageModelBatches(Int32Array.from([1, 9, 3, 4]), 7, { batchSize: 2 })).toThrow(/token 9/);
  });
});
