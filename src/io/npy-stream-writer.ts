import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';
import { npyHeader, writeFloats, type NpyFloatDtype } from './npy.ts';

const DEFAULT_BUFFER_BYTES = 1 << 16;

/**
 * Writes a 2-d `.npy` file (rows × rowLength) row by row, so that a long recording never sits in
 * memory: rows are gathered in a small buffer and written in chunks. The header written at open
 * says 0 rows; NumPy's header keeps room for the first dimension to grow to 21 digits at the same
 * header length, so `close()` rewrites it in place with the true row count. The closed file is
 * byte-identical to `numpy.save` of the whole array.
 */
export class NpyStreamWriter {
  private readonly buffer: Uint8Array;
  private readonly view: DataView;
  private readonly rowBytes: number;
  private used = 0;
  private rowCount = 0;
  /** Where the next chunk goes: every write is positional, so the header rewrite cannot move it. */
  private fileOffset = 0;
  private fd: number | null;

  private constructor(
    readonly path: string,
    readonly rowLength: number,
    readonly dtype: NpyFloatDtype,
    fd: number,
    bufferBytes: number,
  ) {
    this.fd = fd;
    this.rowBytes = rowLength * (dtype === '<f8' ? 8 : 4);
    this.buffer = new Uint8Array(Math.max(bufferBytes, this.rowBytes));
    this.view = new DataView(this.buffer.buffer);
  }

  /** Creates (or truncates) `path` and writes a header for rows of `rowLength` values of `dtype`. */
  static open(path: string, rowLength: number, dtype: NpyFloatDtype = '<f8', bufferBytes = DEFAULT_BUFFER_BYTES): NpyStreamWriter {
    if (!Number.isSafeInteger(rowLength) || rowLength < 1) throw new InputError(path, `row length must be a positive integer, got ${rowLength}`);
    const fd = fileCall(path, 'open', () => openSync(path, 'w'));
    const writer = new NpyStreamWriter(path, rowLength, dtype, fd, bufferBytes);
    const header = npyHeader(dtype, [0, rowLength]);
    writer.writeAt(header, 0);
    writer.fileOffset = header.length;
    return writer;
  }

  /** Rows appended so far. */
  get rows(): number {
    return this.rowCount;
  }

  /** Appends one row of exactly `rowLength` values. */
  append(row: Float64Array | Float32Array): void {
    if (row.length !== this.rowLength) throw new InputError(this.path, `expected a row of ${this.rowLength} values, got ${row.length}`);
    this.appendRows(row);
  }

  /** Appends a block of whole rows, row-major (length a multiple of `rowLength`). */
  appendRows(block: Float64Array | Float32Array): void {
    if (this.fd === null) throw new InputError(this.path, 'append after close');
    if (block.length % this.rowLength !== 0) throw new InputError(this.path, `a block of ${block.length} values is not whole rows of ${this.rowLength}`);
    const rowsPerChunk = Math.floor(this.buffer.length / this.rowBytes);
    for (let start = 0; start < block.length; ) {
      if (this.used + this.rowBytes > this.buffer.length) this.flush();
      const rows = Math.min(rowsPerChunk - this.used / this.rowBytes, (block.length - start) / this.rowLength);
      const end = start + rows * this.rowLength;
      writeFloats(this.view, this.used, block.subarray(start, end), this.dtype);
      this.used += rows * this.rowBytes;
      this.rowCount += rows;
      start = end;
    }
  }

  /** Writes the buffered rows, rewrites the header with the true row count and closes the file. */
  close(): void {
    if (this.fd === null) return;
    this.flush();
    this.writeAt(npyHeader(this.dtype, [this.rowCount, this.rowLength]), 0);
    const fd = this.fd;
    this.fd = null;
    fileCall(this.path, 'close', () => closeSync(fd));
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeAt(this.buffer.subarray(0, this.used), this.fileOffset);
    this.fileOffset += this.used;
    this.used = 0;
  }

  private writeAt(bytes: Uint8Array, position: number): void {
    const fd = this.fd as number;
    fileCall(this.path, 'write', () => {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
    });
  }
}

function fileCall<T>(path: string, action: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw new InputError(path, `cannot ${action} the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
