import { describe, expect, it } from 'vitest';
import { MinTree } from '../../src/replay/min-tree.ts';

describe('MinTree', () => {
  it('tracks the minimum through updates that raise and lower leaves', () => {
    const tree = new MinTree(5);
    expect(tree.min).toBe(Infinity);
    [3, 1.5, 4, 2, 5].forEach((v, i) => tree.set(i, v));
    expect(tree.min).toBe(1.5);
    tree.set(1, 6); // the minimum leaf rises: the next smallest takes over
    expect(tree.min).toBe(2);
    tree.set(4, 0.25);
    expect(tree.min).toBe(0.25);
    tree.clear();
    expect(tree.min).toBe(Infinity);
    expect(() => new MinTree(2.5)).toThrow(RangeError);
  });
});
