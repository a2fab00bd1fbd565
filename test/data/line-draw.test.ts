import { describe, expect, it } from 'vitest';
import { lineDrawBatch, lineDrawPatterns } from '../../src/data/line-draw.ts';
import { checkSequenceBatch } from '../../src/data/sequence-batch.ts';
import { Random } from '../../src/random/random.ts';

describe('line-draw task (BP(λ) toy)', () => {
  it('has K distinct fixed binary codes and end points evenly on the circle from (0, mag)', () => {
    const p = lineDrawPatterns({ patterns: 6, magnitude: 2 });
    const codes = Array.from({ length: 6 }, (_, k) => Array.from(p.codes.subarray(10 * k, 10 * k + 10)));
    expect(codes.flat().every((v) => v === 0 || v === 1)).toBe(true);
    expect(new Set(codes.map((c) => c.join(''))).size).toBe(6);
    expect(Array.from(lineDrawPatterns({ patterns: 6, magnitude: 2 }).codes)).toEqual(Array.from(p.codes)); // fixed
    expect(Array.from(lineDrawPatterns({ patterns: 6, codeSeed: 1 }).codes)).not.toEqual(Array.from(p.codes));
    // k = 0 at (0, 2); k = 1 at 60°: (2 sin 60°, 2 cos 60°) = (√3, 1); k = 3 at (0, −2).
    expect(p.points[0]).toBeCloseTo(0, 15);
    expect(p.points[1]).toBe(2);
    expect(p.points[2]).toBeCloseTo(Math.sqrt(3), 14);
    expect(p.points[3]).toBeCloseTo(1, 14);
    expect(p.points[7]).toBeCloseTo(-2, 14);
    // All 2^D codes can be requested: they must then all appear.
    const all = lineDrawPatterns({ patterns: 16, codeSize: 4 });
    const numbers = Array.from({ length: 16 }, (_, k) => all.codes.subarray(4 * k, 4 * k + 4).reduce((a, bit) => 2 * a + bit, 0));
    expect(numbers.sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(() => lineDrawPatterns({ patterns: 17, codeSize: 4 })).toThrow(/patterns/);
  });

  it('shows the code at the first step only and asks for the point at the last step only', () => {
    const p = lineDrawPatterns({ patterns: 4 });
    const b = lineDrawBatch(p, 50, 20, new Random(1));
    checkSequenceBatch(b);
    if (b.inputs.kind !== 'dense' || b.targets.kind !== 'values') throw new Error('unexpected kinds');
    expect([b.steps, b.inputSize, b.targets.outputSize, b.targets.loss]).toEqual([20, 10, 2, 'mse']);
    expect(new Set(b.pattern).size).toBe(4);
    for (let s = 0; s < 50; s++) {
      const k = b.pattern[s];
      expect(Array.from(b.inputs.values.subarray(s * 200, s * 200 + 10))).toEqual(Array.from(p.codes.subarray(10 * k, 10 * k + 10)));
      expect(b.inputs.values.subarray(s * 200 + 10, (s + 1) * 200).every((v) => v === 0)).toBe(true);
      for (let t = 0; t < 20; t++) expect(b.targets.mask[s * 20 + t]).toBe(t === 19 ? 1 : 0);
      const angle = (Math.PI / 2) * k;
      expect(b.targets.values[(s * 20 + 19) * 2]).toBeCloseTo(Math.sin(angle), 14);
      expect(b.targets.values[(s * 20 + 19) * 2 + 1]).toBeCloseTo(Math.cos(angle), 14);
    }
  });

  it('with line targets asks at step t for the point t/(T−1) of the way; input noise has the stated s.d.', () => {
    const p = lineDrawPatterns({ patterns: 3 });
    const b = lineDrawBatch(p, 4, 5, new Random(2), { targets: 'line' });
    if (b.targets.kind !== 'values') throw new Error('values expected');
    for (let s = 0; s < 4; s++) {
      const k = b.pattern[s];
      for (let t = 0; t < 5; t++) {
        expect(b.targets.mask[s * 5 + t]).toBe(1);
        expect(b.targets.values[(s * 5 + t) * 2]).toBeCloseTo((t / 4) * p.points[2 * k], 14);
        expect(b.targets.values[(s * 5 + t) * 2 + 1]).toBeCloseTo((t / 4) * p.points[2 * k + 1], 14);
      }
    }
    const noisy = lineDrawBatch(p, 200, 50, new Random(3), { inputNoise: 0.1 });
    if (noisy.inputs.kind !== 'dense') throw new Error('dense expected');
    const later = noisy.inputs.values.filter((_, i) => Math.floor(i / 10) % 50 !== 0);
    const sd = Math.sqrt(later.reduce((a, v) => a + v * v, 0) / later.length);
    expect(Math.abs(sd - 0.1)).toBeLessThan(0.002);
  });
});
