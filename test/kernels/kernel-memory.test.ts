import { describe, expect, it } from 'vitest';
import { defaultKernelKind, KernelMemory } from '../../src/kernels/kernel-memory.ts';

describe('KernelMemory.build', () => {
  for (const kind of ['js', defaultKernelKind()] as const) {
    it(`${kind}: gives every array the construction asks for, disjoint and zeroed, from one block`, () => {
      const lengths = [3, 5, 1, 7, 0, 2];
      const { value: arrays, kernels } = KernelMemory.build(kind, (allocate) => lengths.map((n) => allocate(n)));
      expect(kernels.kind).toBe(kind);
      expect(arrays.map((a) => a.length)).toEqual(lengths);
      expect(new Set(arrays.map((a) => a.buffer)).size).toBe(1);
      const ranges = arrays.map((a) => [a.byteOffset, a.byteOffset + a.byteLength]).sort((a, b) => a[0] - b[0]);
      for (let i = 1; i < ranges.length; i++) expect(ranges[i][0]).toBeGreaterThanOrEqual(ranges[i - 1][1]);
      for (const a of arrays) expect(a.byteOffset % 16).toBe(0);
      expect(arrays.every((a) => a.every((x) => x === 0))).toBe(true);
    });
  }

  it('refuses a construction that asks for more the second time (it must describe its arrays once)', () => {
    let pass = 0;
    expect(() => KernelMemory.build('js', (allocate) => (pass++ === 0 ? [allocate(4)] : [allocate(4), allocate(64)]))).toThrow(/out of room/);
  });
});
