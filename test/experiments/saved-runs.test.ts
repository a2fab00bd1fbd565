import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { cachedRun } from '../../src/experiments/saved-runs.ts';

describe('cachedRun', () => {
  it('reuses a saved run only with resume and the same key; recomputes otherwise', () => {
    const dir = mkdtempSync(`${tmpdir()}/saved-runs-`);
    let calls = 0;
    const compute = () => ({ value: ++calls });
    expect(cachedRun(dir, 'BPTT+SG n=1 s1', { seed: 1 }, false, compute)).toEqual({ value: 1 });
    expect(cachedRun(dir, 'BPTT+SG n=1 s1', { seed: 1 }, true, compute)).toEqual({ value: 1 });
    expect(calls).toBe(1);
    expect(cachedRun(dir, 'BPTT+SG n=1 s1', { seed: 2 }, true, compute)).toEqual({ value: 2 });
    expect(cachedRun(dir, 'BPTT+SG n=1 s1', { seed: 2 }, false, compute)).toEqual({ value: 3 });
    expect(cachedRun(dir, 'other', { seed: 2 }, true, compute)).toEqual({ value: 4 });
  });
});
