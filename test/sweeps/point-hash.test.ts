import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, pointHash } from '../../src/sweeps/point-hash.ts';

describe('canonical JSON and point hashes', () => {
  it('sorts keys at every depth and drops undefined fields', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], e: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });

  it('hashes the SHA-256 of the canonical text, first 16 hex digits', () => {
    const expected = createHash('sha256').update('{"dims":[3,4,2],"neuron":{"noise":0.1},"seed":7}').digest('hex').slice(0, 16);
    expect(pointHash({ seed: 7, neuron: { noise: 0.1 }, dims: [3, 4, 2] })).toBe(expected);
  });

  it('is independent of key order and changes with any value', () => {
    const a = pointHash({ x: 1, y: { p: 2, q: [1, 2] } });
    expect(pointHash({ y: { q: [1, 2], p: 2 }, x: 1 })).toBe(a);
    expect(pointHash({ x: 1, y: { p: 2, q: [2, 1] } })).not.toBe(a);
    expect(pointHash({ x: 1 + Number.EPSILON, y: { p: 2, q: [1, 2] } })).not.toBe(a);
  });
});
