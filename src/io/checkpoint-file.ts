import { createHash } from 'node:crypto';
import { InputError } from '../core/input-error.ts';
import { readInputBytes } from './read-input-file.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/**
 * A checkpoint on disk: a JSON header and named float64 blocks, sealed with a SHA-256 of both.
 *
 *     "DMCKPT01" | header length (u32 LE) | header JSON | blocks (little-endian float64)
 *
 * The header lists each block's name, offset and length, and a digest of the header and all block
 * bytes; a file that was cut short or altered fails the check as a whole, so a corrupt checkpoint
 * is refused before anything is restored from it.
 */
const MAGIC = 'DMCKPT01';

export interface CheckpointContents {
  readonly header: Record<string, unknown>;
  readonly blocks: Record<string, Float64Array>;
}

interface StoredHeader {
  header: Record<string, unknown>;
  blocks: { name: string; offset: number; length: number }[];
  sha256: string;
}

function digest(header: Record<string, unknown>, layout: StoredHeader['blocks'], data: Uint8Array): string {
  return createHash('sha256').update(JSON.stringify({ header, blocks: layout })).update(data).digest('hex');
}

export function encodeCheckpoint(contents: CheckpointContents): Uint8Array {
  const layout: StoredHeader['blocks'] = [];
  let offset = 0;
  for (const [name, block] of Object.entries(contents.blocks)) {
    layout.push({ name, offset, length: block.length });
    offset += block.length * 8;
  }
  const data = new Uint8Array(offset);
  const view = new DataView(data.buffer);
  for (const { name, offset: at } of layout) {
    const block = contents.blocks[name];
    for (let i = 0; i < block.length; i++) view.setFloat64(at + 8 * i, block[i], true);
  }
  const stored: StoredHeader = { header: contents.header, blocks: layout, sha256: digest(contents.header, layout, data) };
  const json = new TextEncoder().encode(JSON.stringify(stored));
  const out = new Uint8Array(MAGIC.length + 4 + json.length + data.length);
  out.set(new TextEncoder().encode(MAGIC), 0);
  new DataView(out.buffer).setUint32(MAGIC.length, json.length, true);
  out.set(json, MAGIC.length + 4);
  out.set(data, MAGIC.length + 4 + json.length);
  return out;
}

/** Parses and verifies a checkpoint; every problem is an InputError naming `source`. */
export function decodeCheckpoint(bytes: Uint8Array, source: string): CheckpointContents {
  const corrupt = (why: string) => new InputError(source, `not a usable checkpoint: ${why}`);
  if (bytes.length < MAGIC.length + 4 || new TextDecoder().decode(bytes.subarray(0, MAGIC.length)) !== MAGIC) {
    throw corrupt('it does not start with the checkpoint magic string');
  }
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(MAGIC.length, true);
  const dataStart = MAGIC.length + 4 + headerLength;
  if (dataStart > bytes.length) throw corrupt('the file is cut short inside its header');
  let stored: StoredHeader;
  try {
    stored = JSON.parse(new TextDecoder().decode(bytes.subarray(MAGIC.length + 4, dataStart)));
  } catch {
    throw corrupt('its header is not valid JSON');
  }
  const data = bytes.subarray(dataStart);
  if (typeof stored?.sha256 !== 'string' || !Array.isArray(stored.blocks)) throw corrupt('its header lacks the block list or digest');
  if (digest(stored.header, stored.blocks, data) !== stored.sha256) throw corrupt('its SHA-256 does not match (the file is truncated or altered)');
  const blocks: Record<string, Float64Array> = {};
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  for (const { name, offset, length } of stored.blocks) {
    const block = new Float64Array(length);
    for (let i = 0; i < length; i++) block[i] = view.getFloat64(offset + 8 * i, true);
    blocks[name] = block;
  }
  return { header: stored.header, blocks };
}

export function writeCheckpoint(path: string, contents: CheckpointContents): void {
  writeFileAtomic(path, encodeCheckpoint(contents));
}

export function readCheckpoint(path: string): CheckpointContents {
  return decodeCheckpoint(readInputBytes(path, 'checkpoint'), path);
}
