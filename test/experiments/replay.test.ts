import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import example from '../../src/experiments/replay.ts';

/** Every number anywhere in a JSON value. */
function numbers(value: unknown): number[] {
  if (typeof value === 'number') return [value];
  if (Array.isArray(value)) return value.flatMap(numbers);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(numbers);
  return [];
}

describe('replay example (quick)', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'replay-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes a result JSON with every condition, finite numbers and both figures', async () => {
    const headline = await example.run({ outDir, seeds: [1, 2], quick: true });
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    const conditions = ['none', 'interleaved', 'sleep-uniform', 'sleep-recorded'];
    expect(Object.keys(result.summary)).toEqual(conditions);
    expect(result.seeds.map((s: { seed: number }) => s.seed)).toEqual([1, 2]);
    for (const id of conditions) {
      for (const key of ['taskABeforeB', 'taskAAfterB', 'taskBAfterB']) expect(Object.keys(result.summary[id][key])).toEqual(['mean', 'sd', 'min', 'max']);
      for (const seed of result.seeds) {
        const c = seed.conditions[id];
        expect(c.taskA.length).toBe(c.time.length);
        expect(c.taskB.length).toBe(c.time.length);
      }
    }
    expect(numbers(result).every(Number.isFinite)).toBe(true);
    expect(result.interleavedOverNone).toBeCloseTo(result.summary.interleaved.taskAAfterB.mean / result.summary.none.taskAAfterB.mean, 12);

    expect(Object.keys(headline)).toEqual(['seeds', 'taskAAfterA', 'taskAAfterB', 'taskBAfterB', 'interleavedOverNone', 'interleavedOverNonePerSeed', 'accepted', 'wallSeconds']);
    expect(numbers(headline).every(Number.isFinite)).toBe(true);
    for (const name of ['replay-task-a.svg', 'replay-task-b.svg']) expect(readFileSync(join(outDir, name), 'utf8')).toMatch(/^<svg/);
  });
});
