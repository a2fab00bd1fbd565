import { describe, expect, it } from 'vitest';
import { SegmentLayout } from '../../src/model/segment-layout.ts';

const GROUPS = [
  { name: 'somata', noisy: true },
  { name: 'filters', noisy: false },
  { name: 'weights', noisy: false },
];

describe('SegmentLayout', () => {
  it('places segments group by group, in declaration order within a group, and derives the group bounds', () => {
    const L = new SegmentLayout(GROUPS, [
      { name: 'W', group: 'weights', length: 6 },
      { name: 'u1', group: 'somata', length: 3 },
      { name: 'input', group: 'filters', length: 2 },
      { name: 'u2', group: 'somata', length: 4 },
    ]);
    expect(L.segments.map((s) => [s.name, s.offset, s.groupIndex])).toEqual([
      ['u1', 0, 0],
      ['u2', 3, 0],
      ['input', 7, 1],
      ['W', 9, 2],
    ]);
    expect(Array.from(L.bounds)).toEqual([0, 7, 9, 15]);
    expect(L.size).toBe(15);
    expect(L.segment('u2')).toMatchObject({ offset: 3, length: 4 });
    expect(L.groupIndex('filters')).toBe(1);
  });

  it('keeps an empty group as an empty range', () => {
    const L = new SegmentLayout(GROUPS, [{ name: 'u', group: 'somata', length: 2 }, { name: 'W', group: 'weights', length: 1 }]);
    expect(Array.from(L.bounds)).toEqual([0, 2, 2, 3]);
  });

  it('names the first segment holding a non-finite value', () => {
    const L = new SegmentLayout(GROUPS, [{ name: 'u1', group: 'somata', length: 2 }, { name: 'u2', group: 'somata', length: 2 }, { name: 'W', group: 'weights', length: 2 }]);
    const y = new Float64Array(6);
    expect(L.firstNonFinite(y)).toBeNull();
    y[5] = Number.NaN;
    expect(L.firstNonFinite(y)).toBe('W');
    y[2] = Number.NEGATIVE_INFINITY;
    expect(L.firstNonFinite(y)).toBe('u2');
  });

  it('refuses duplicate names, undeclared groups and bad lengths', () => {
    expect(() => new SegmentLayout(GROUPS, [{ name: 'u', group: 'somata', length: 1 }, { name: 'u', group: 'filters', length: 1 }])).toThrow(/"u" declared twice/);
    expect(() => new SegmentLayout(GROUPS, [{ name: 'u', group: 'dendrites', length: 1 }])).toThrow(/undeclared group "dendrites"/);
    expect(() => new SegmentLayout(GROUPS, [{ name: 'u', group: 'somata', length: 1.5 }])).toThrow(/length 1.5/);
    expect(() => new SegmentLayout([...GROUPS, GROUPS[0]], [])).toThrow(/group "somata" declared twice/);
  });
});
