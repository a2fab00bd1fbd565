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
    expect(EXAMPLE_CATALOG.sublstm.variants).toEqual(['row', 'pixel', 'pixel-lr1e-3', 'continuous']);
    expect(EXAMPLE_CATALOG['bp-lambda'].variants[0]).toBe('all');
    expect(EXAMPLE_CATALOG['bp-lambda'].accepts?.('row-mnist:30')).toBe(true);
    expect(EXAMPLE_CATALOG['bp-lambda'].accepts?.('line-draw:30')).toBe(false);
    expect(EXAMPLE_CATALOG['dsa-curriculum'].variants[0]).toBe('masked');
    expect(EXAMPLE_CATALOG.association.variants).toEqual([]);
  });
});
