import { describe, expect, it } from 'vitest';
import { RowRing } from '../../src/live/row-ring.ts';

function write(ring: RowRing, row: number[]): void {
  const offset = ring.claim();
  row.forEach((v, j) => (ring.data[offset + j] = v));
}

describe('RowRing', () => {
  it('returns the rows since a reader\'s position, flattened, and where to continue', () => {
    const ring = new RowRing(2, 4);
    write(ring, [0, 10]);
    write(ring, [1, 11]);
    expect(ring.since(0)).toEqual({ rows: [0, 10, 1, 11], missed: 0, next: 2 });
    write(ring, [2, 12]);
    expect(ring.since(2)).toEqual({ rows: [2, 12], missed: 0, next: 3 });
    expect(ring.since(3)).toEqual({ rows: [], missed: 0, next: 3 });
  });

  it('keeps the last `capacity` rows in fixed memory and counts what a slow reader missed', () => {
    const ring = new RowRing(2, 4);
    for (let r = 0; r < 11; r++) write(ring, [r, 100 + r]);
    expect(ring.written).toBe(11);
    expect(ring.oldest).toBe(7);
    expect(ring.data.length).toBe(8);
    // A reader at row 3 lost rows 3…6 (four) and gets 7…10.
    expect(ring.since(3)).toEqual({ rows: [7, 107, 8, 108, 9, 109, 10, 110], missed: 4, next: 11 });
  });

  it('refuses a zero width or capacity', () => {
    expect(() => new RowRing(0, 4)).toThrow(/width/);
    expect(() => new RowRing(2, 0)).toThrow(/capacity/);
  });
});
