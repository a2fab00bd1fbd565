import { describe, expect, it } from 'vitest';
import { SumTree } from '../../src/replay/sum-tree.ts';

/** The leaf whose cumulative interval holds `mass`, by a linear scan. */
function linearFind(leaves: number[], mass: number): number {
  let cumulative = 0;
  for (let i = 0; i < leaves.length; i++) {
    cumulative += leaves[i];
    if (mass < cumulative) return i;
  }
  return -1;
}

describe('SumTree', () => {
  it('keeps the total and finds the same leaf as a linear scan of the cumulative sums', () => {
    const leaves = [0.5, 0, 2, 1.25, 0, 3, 0.25]; // 7 leaves: width 8, one padding leaf
    const tree = new SumTree(leaves.length);
    leaves.forEach((v, i) => tree.set(i, v));
    expect(tree.total).toBe(7);
    // Masses at interval starts, just inside interval ends, and in between (sums are exact in binary).
    for (const mass of [0, 0.49, 0.5, 2.4999, 2.5, 3.75, 3.76, 6.74, 6.75, 6.9999]) {
      expect(tree.find(mass)).toBe(linearFind(leaves, mass));
    }
  });

  it('follows updates, including a leaf set back to 0', () => {
    const tree = new SumTree(5);
    for (let i = 0; i < 5; i++) tree.set(i, 1);
    tree.set(2, 4);
    tree.set(0, 0);
    expect(tree.total).toBe(7);
    expect(tree.get(2)).toBe(4);
    expect(tree.find(0)).toBe(1); // leaf 0 is empty now
    expect(tree.find(1)).toBe(2);
    expect(tree.find(4.99)).toBe(2);
    expect(tree.find(5)).toBe(3);
  });

  it('never returns a zero leaf, even for a mass at or past the total', () => {
    const tree = new SumTree(6);
    tree.set(1, 0.1);
    tree.set(3, 0.2); // leaves 4, 5 and padding are 0
    expect(tree.find(tree.total)).toBe(3);
    expect(tree.find(tree.total * 2)).toBe(3);
    tree.set(3, 0);
    expect(tree.find(0.5)).toBe(1);
  });

  it('works with a single leaf and clears to zero', () => {
    const tree = new SumTree(1);
    tree.set(0, 2.5);
    expect(tree.total).toBe(2.5);
    expect(tree.find(1)).toBe(0);
    tree.clear();
    expect(tree.total).toBe(0);
    expect(() => new SumTree(0)).toThrow(RangeError);
  });
});
