import { closeSync, openSync, writeSync } from 'node:fs';
import { InputError } from '../../core/input-error.ts';

const DEFAULT_BUFFER_BYTES = 1 << 16;
/** The longest `String(x)` of a double is 24 characters ("-2.2250738585072014e-308"). */
const MAX_NUMBER_CHARS = 32;

export interface TextSinkOptions {
  /** Size of the write buffer (default 64 KiB). */
  bufferBytes?: number;
}

/**
 * Text written through one fixed byte buffer, flushed to the file with `writeSync` when full.
 * Fixed pieces (separators, keys) are encoded once; numbers are copied character by character
 * from `String(x)`, the shortest text that reads back to the same double, so the only
 * allocation per number is that string.
 */
export class TextChunkWriter {
  private readonly buffer: Uint8Array;
  private used = 0;
  private fd: number | null;

  constructor(
    readonly path: string,
    bufferBytes = DEFAULT_BUFFER_BYTES,
  ) {
    this.buffer = new Uint8Array(Math.max(bufferBytes, MAX_NUMBER_CHARS));
    this.fd = fileCall(path, 'open', () => openSync(path, 'w'));
  }

  /** Appends pre-encoded bytes. */
  bytes(b: Uint8Array): void {
    if (this.used + b.length > this.buffer.length) this.flush();
    if (b.length > this.buffer.length) this.writeOut(b);
    else {
      this.buffer.set(b, this.used);
      this.used += b.length;
    }
  }

  /** Appends `String(x)`, or `-0` for negative zero (which String spells `0`), so every double round-trips. */
  number(x: number): void {
    if (this.used + MAX_NUMBER_CHARS > this.buffer.length) this.flush();
    const s = x === 0 && 1 / x < 0 ? '-0' : String(x);
    const buf = this.buffer;
    let u = this.used;
    for (let i = 0; i < s.length; i++) buf[u++] = s.charCodeAt(i);
    this.used = u;
  }

  /** Writes what is buffered and closes the file; a second call does nothing. */
  close(): void {
    if (this.fd === null) return;
    try {
      this.flush();
    } finally {
      const fd = this.fd;
      this.fd = null;
      fileCall(this.path, 'close', () => closeSync(fd));
    }
  }

  private flush(): void {
    if (this.used === 0) return;
    this.writeOut(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  private writeOut(bytes: Uint8Array): void {
    const fd = this.fd as number;
    fileCall(this.path, 'write', () => {
      for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done);
    });
  }
}

/** UTF-8 bytes of a fixed piece of text. */
export function encodeText(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

function fileCall<T>(path: string, action: string, call: () => T): T {
  try {
    return call();
  } catch (e) {
    throw new InputError(path, `cannot ${action} the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
