import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import type { LearnerState } from './learner.ts';

/**
 * A training checkpoint in a folder: `checkpoint.json` (the JSON-able values and the list of
 * arrays) and `checkpoint-<epoch>.bin` (the arrays, float64 in the machine's byte order, one after
 * another). The binary file is written first and the manifest, which names it, last — each
 * atomically — so an interrupted write leaves the previous checkpoint intact; older binaries are
 * removed afterwards.
 */
const MANIFEST = 'checkpoint.json';
const FORMAT = 1;

interface Manifest {
  format: number;
  bin: string;
  meta: Record<string, unknown>;
  arrays: [string, number][];
}

export function writeCheckpoint(dir: string, epoch: number, checkpoint: LearnerState): void {
  const entries = Object.entries(checkpoint.arrays);
  const total = entries.reduce((n, [, a]) => n + a.length, 0);
  const data = new Float64Array(total);
  let offset = 0;
  for (const [, a] of entries) {
    data.set(a, offset);
    offset += a.length;
  }
  const bin = `checkpoint-${epoch}.bin`;
  writeFileAtomic(join(dir, bin), new Uint8Array(data.buffer));
  const manifest: Manifest = { format: FORMAT, bin, meta: checkpoint.meta, arrays: entries.map(([name, a]) => [name, a.length]) };
  writeFileAtomic(join(dir, MANIFEST), JSON.stringify(manifest));
  for (const name of readdirSync(dir)) if (/^checkpoint-\d+\.bin$/.test(name) && name !== bin) rmSync(join(dir, name), { force: true });
}

/** The checkpoint in `dir`, or null when there is none. */
export function readCheckpoint(dir: string): LearnerState | null {
  const path = join(dir, MANIFEST);
  if (!existsSync(path)) return null;
  let manifest: Manifest;
  try {
    manifest = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new InputError(path, `not a readable checkpoint manifest (${(e as Error).message})`);
  }
  if (manifest.format !== FORMAT) throw new InputError(path, `checkpoint format ${manifest.format}, expected ${FORMAT}`);
  const binPath = join(dir, manifest.bin);
  if (!existsSync(binPath)) throw new InputError(binPath, 'file not found (named by checkpoint.json)');
  const bytes = readFileSync(binPath);
  const total = manifest.arrays.reduce((n, [, len]) => n + len, 0);
  if (bytes.length !== total * 8) throw new InputError(binPath, `${bytes.length} bytes, the manifest lists ${total} float64 values (${total * 8} bytes)`);
  const data = new Float64Array(total);
  new Uint8Array(data.buffer).set(bytes);
  const arrays: Record<string, Float64Array> = {};
  let offset = 0;
  for (const [name, len] of manifest.arrays) {
    arrays[name] = data.subarray(offset, offset + len);
    offset += len;
  }
  return { meta: manifest.meta, arrays };
}
