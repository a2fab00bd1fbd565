import { describe, expect, it } from 'vitest';
import { copyRepeatBatch, CopyRepeatCurriculum } from '../../src/data/copy-repeat.ts';
import { checkSequenceBatch, lossStepCount } from '../../src/data/sequence-batch.ts';
import { Random } from '../../src/random/random.ts';

describe('copy-repeat task (Graves 2014, as in BP(λ))', () => {
  it('lays out start flag, pattern, repeat count, R copies and end flag over (R+1)N+3 steps', () => {
    const b = copyRepeatBatch(3, 2, 5, new Random(1));
    checkSequenceBatch(b);
    if (b.inputs.kind !== 'dense' || b.targets.kind !== 'values') throw new Error('unexpected kinds');
    expect([b.steps, b.inputSize, b.targets.outputSize, b.targets.loss]).toEqual([12, 10, 9, 'bce-logits']);
    const x = b.inputs.values;
    const y = b.targets.values;
    for (let s = 0; s < 5; s++) {
      const at = (t: number, i: number): number => x[(s * 12 + t) * 10 + i];
      const out = (t: number, i: number): number => y[(s * 12 + t) * 9 + i];
      const pattern = [1, 2, 3].map((t) => Array.from({ length: 8 }, (_, i) => at(t, i)));
      expect(pattern.flat().every((v) => v === 0 || v === 1)).toBe(true);
      // Inputs: step 0 start flag; steps 1–3 the pattern; step 4 R/10 = 0.2; nothing else.
      for (let t = 0; t < 12; t++) {
        expect(at(t, 8)).toBe(t === 0 ? 1 : 0);
        expect(at(t, 9)).toBe(t === 4 ? 0.2 : 0);
        if (t < 1 || t > 3) for (let i = 0; i < 8; i++) expect(at(t, i)).toBe(0);
      }
      // Targets: steps 5–7 and 8–10 the pattern, step 11 the end flag; loss on steps 5…11.
      for (let t = 0; t < 12; t++) {
        const copy = t >= 5 && t <= 10 ? pattern[(t - 5) % 3] : new Array(8).fill(0);
        expect(Array.from({ length: 8 }, (_, i) => out(t, i))).toEqual(copy);
        expect(out(t, 8)).toBe(t === 11 ? 1 : 0);
        expect(b.targets.mask[s * 12 + t]).toBe(t >= 5 ? 1 : 0);
      }
    }
    expect(lossStepCount(b)).toBe(5 * 7);
  });

  it('draws fair, independent bits, reproducibly from the seed', () => {
    const b = copyRepeatBatch(20, 1, 100, new Random(2));
    if (b.inputs.kind !== 'dense') throw new Error('dense expected');
    let ones = 0;
    for (let s = 0; s < 100; s++) for (let t = 1; t <= 20; t++) for (let i = 0; i < 8; i++) ones += b.inputs.values[(s * b.steps + t) * 10 + i];
    expect(Math.abs(ones - 8000)).toBeLessThan(4 * Math.sqrt(16000 * 0.25));
    const again = copyRepeatBatch(20, 1, 100, new Random(2));
    if (again.inputs.kind !== 'dense') throw new Error('dense expected');
    expect(Array.from(again.inputs.values)).toEqual(Array.from(b.inputs.values));
  });

  it('advances the curriculum as the authors’ code does: R up to N, then N', () => {
    const c = new CopyRepeatCurriculum();
    const levels: [number, number][] = [[c.patternLength, c.repeats]];
    expect(c.update(0.15)).toBe(false);
    expect(c.update(Number.NaN)).toBe(false);
    for (let i = 0; i < 5; i++) {
      expect(c.update(0.149)).toBe(true);
      levels.push([c.patternLength, c.repeats]);
    }
    expect(levels).toEqual([[1, 1], [2, 1], [2, 2], [3, 2], [3, 3], [4, 3]]);
  });
});
