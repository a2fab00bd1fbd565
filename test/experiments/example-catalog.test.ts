import { describe, expect, it } from 'vitest';
import { EXAMPLE_CATALOG } from '../../src/experiments/example-catalog.ts';

describe('EXAMPLE_CATALOG', () => {
  it('loads, under each name, the experiment of that name', async () => {
    for (const [name, entry] of Object.entries(EXAMPLE_CATALOG)) expect((await entry.load()).default.name).toBe(name);
  }, 60_000);

  it('lists each variant once, the defaults the experiments themselves fall back to first', () => {
    for (const entry of Object.values(EXAMPLE_CATALOG)) expect(new Set(entry.variants).size).toBe(entry.variants.length);
    expect(EXAMPLE_CATALOG['self-prediction'].variants[0]).toBe('paper');
    expect(EXAMPLE_CATALOG.regression.variants[0]).toBe('tuned');
    expect(EXAMPLE_CATALOG.sublstm.variants).toEqual(['row', 'pixel']);
    expect(EXAMPLE_CATALOG.association.variants).toEqual([]);
  });
});
