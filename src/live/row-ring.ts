/**
 * The most recent rows of a fixed width in one preallocated array: writing never allocates and the
 * memory is bounded by `capacity` rows. Rows are numbered from 0 in the order written; a reader keeps
 * the number of the next row it wants and learns how many it missed when the ring has overwritten
 * them (a client that fell behind, or one that connects late and gets the recent history).
 */
export class RowRing {
  /** Rows written so far (the number the next row gets). */
  written = 0;
  /** Where rows live; write a claimed row at the offset `claim()` returns. */
  readonly data: Float64Array;

  constructor(
    readonly width: number,
    readonly capacity: number,
  ) {
    if (!Number.isInteger(width) || width < 1) throw new RangeError(`row width must be a positive integer, got ${width}`);
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.data = new Float64Array(width * capacity);
  }

  /** Number of the oldest row still held. */
  get oldest(): number {
    return Math.max(0, this.written - this.capacity);
  }

  /** Claims the next row: returns the offset in `data` to write its `width` numbers at. */
  claim(): number {
    const offset = (this.written % this.capacity) * this.width;
    this.written++;
    return offset;
  }

  /**
   * The rows from number `from` (or the oldest still held, if later) to the newest, flattened into a
   * fresh plain array (to send), and how many rows from `from` on were overwritten before being read.
   */
  since(from: number): { rows: number[]; missed: number; next: number } {
    const start = Math.max(from, this.oldest);
    const rows: number[] = new Array((this.written - start) * this.width);
    let k = 0;
    for (let r = start; r < this.written; r++) {
      const offset = (r % this.capacity) * this.width;
      for (let j = 0; j < this.width; j++) rows[k++] = this.data[offset + j];
    }
    return { rows, missed: start - from, next: this.written };
  }
}
