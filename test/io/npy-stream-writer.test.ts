import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, readNpy } from '../../src/io/npy.ts';
import { NpyStreamWriter } from '../../src/io/npy-stream-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'npy-stream-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('NpyStreamWriter', () => {
  it('writes row by row through a small buffer the same bytes as encodeNpy of the whole array', () => {
    const rows = 1234;
    const width = 3;
    const all = Float64Array.from({ length: rows * width }, (_, i) => Math.sin(i) * 1e3);
    const path = join(dir, 'rows.npy');
    // 100 bytes hold 4 rows of 24 bytes: many partial flushes.
    const writer = NpyStreamWriter.open(path, width, '<f8', 100);
    for (let r = 0; r < 1000; r++) writer.append(all.subarray(r * width, (r + 1) * width));
    writer.appendRows(all.subarray(1000 * width, 1001 * width));
    writer.appendRows(all.subarray(1001 * width)); // 233 rows in one block, larger than the buffer
    expect(writer.rows).toBe(rows);
    writer.close();
    expect(Buffer.compare(readFileSync(path), encodeNpy(all, [rows, width]))).toBe(0);
    const back = readNpy(path);
    expect(back.shape).toEqual([rows, width]);
    expect(back.data[rows * width - 1]).toBe(all[rows * width - 1]);
  });

  it('writes float32 files from float64 rows, and an empty recording as shape (0, n)', () => {
    const path = join(dir, 'f4.npy');
    const writer = NpyStreamWriter.open(path, 2, '<f4');
    writer.append(new Float64Array([0.1, -2]));
    writer.append(new Float32Array([3.5, 1e-3]));
    writer.close();
    writer.close(); // a second close does nothing
    const back = readNpy(path);
    expect(back.dtype).toBe('<f4');
    expect(back.shape).toEqual([2, 2]);
    expect(Array.from(back.data)).toEqual([Math.fround(0.1), -2, 3.5, Math.fround(1e-3)]);

    const empty = join(dir, 'empty.npy');
    NpyStreamWriter.open(empty, 5).close();
    expect(Buffer.compare(readFileSync(empty), encodeNpy(new Float64Array(0), [0, 5]))).toBe(0);
  });

  it('rejects rows of the wrong length, partial blocks and appends after close, naming the file', () => {
    const path = join(dir, 'bad.npy');
    const writer = NpyStreamWriter.open(path, 3);
    expect(() => writer.append(new Float64Array(2))).toThrow(`${path}: expected a row of 3 values, got 2`);
    expect(() => writer.appendRows(new Float64Array(7))).toThrow(`${path}: a block of 7 values is not whole rows of 3`);
    writer.close();
    expect(() => writer.append(new Float64Array(3))).toThrow(`${path}: append after close`);
    expect(() => NpyStreamWriter.open(join(dir, 'no-such-dir', 'x.npy'), 3)).toThrow(/no-such-dir\/x\.npy: cannot open the file \(ENOENT\)/);
    expect(() => NpyStreamWriter.open(path, 0)).toThrow(`${path}: row length must be a positive integer, got 0`);
  });
});
