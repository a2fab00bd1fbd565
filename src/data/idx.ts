import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { InputError } from '../core/input-error.ts';
import { unreadableFile } from '../io/read-input-file.ts';
import type { Dataset, DatasetSplit } from './dataset.ts';

/**
 * IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number 0x000008DD
 * (0x08: unsigned bytes, DD: number of dimensions), DD big-endian uint32 sizes, then the bytes.
 * Images have 3 dimensions (count, rows, columns), labels 1. Gzipped files are recognised by
 * their content, whatever their name.
 */
export interface IdxImages {
  count: number;
  rows: number;
  columns: number;
  /** count × rows × columns grey levels 0–255, row-major. */
  pixels: Uint8Array;
}

const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

/** The file's bytes, gunzipped when they start with the gzip signature. */
function readBytes(path: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw code === 'ENOENT' ? new InputError(path, 'file not found') : unreadableFile(path, 'file', e);
  }
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (e) {
    throw new InputError(path, `cannot gunzip the file (${(e as Error).message})`);
  }
}

/** The sizes after checking the magic number and that the file holds exactly their product in bytes. */
function readIdx(path: string, magic: number, what: string): { dims: number[]; body: Uint8Array } {
  const bytes = readBytes(path);
  const dimCount = magic & 0xff;
  const headerBytes = 4 + 4 * dimCount;
  if (bytes.length < 4) throw new InputError(path, `truncated: ${bytes.length} bytes, too short for an IDX header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0, false);
  if (found !== magic) throw new InputError(path, `wrong magic number 0x${hex(found)}, expected 0x${hex(magic)} (IDX ${what})`);
  if (bytes.length < headerBytes) throw new InputError(path, `truncated: ${bytes.length} bytes, the IDX header needs ${headerBytes}`);
  const dims = Array.from({ length: dimCount }, (_, i) => view.getUint32(4 + 4 * i, false));
  const expected = dims.reduce((a, b) => a * b, 1);
  const actual = bytes.length - headerBytes;
  if (actual < expected) throw new InputError(path, `truncated: ${dims.join('×')} ${what} need ${expected} bytes of data, the file has ${actual}`);
  if (actual > expected) throw new InputError(path, `${actual - expected} unexpected bytes after ${dims.join('×')} ${what}`);
  return { dims, body: bytes.subarray(headerBytes) };
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}

/** Reads an IDX image file (magic 0x00000803). */
export function readIdxImages(path: string): IdxImages {
  const { dims, body } = readIdx(path, IMAGES_MAGIC, 'images');
  return { count: dims[0], rows: dims[1], columns: dims[2], pixels: body };
}

/** Reads an IDX label file (magic 0x00000801). */
export function readIdxLabels(path: string): Uint8Array {
  return readIdx(path, LABELS_MAGIC, 'labels').body;
}

/** The names a part may have on disk: dash or dot before "idx", optionally gzipped. */
function findPart(dir: string, stem: string, kind: string): string {
  const names = [`${stem}-${kind}`, `${stem}.${kind}`].flatMap((n) => [n, `${n}.gz`]);
  const found = names.map((n) => join(dir, n)).find((p) => existsSync(p));
  if (!found) throw new InputError(dir, `missing ${stem}-${kind} (looked for ${names.join(', ')})`);
  return found;
}

function loadPart(dir: string, stem: 'train' | 't10k', name: string): Dataset {
  const imagesPath = findPart(dir, `${stem}-images`, 'idx3-ubyte');
  const labelsPath = findPart(dir, `${stem}-labels`, 'idx1-ubyte');
  const images = readIdxImages(imagesPath);
  const labels = readIdxLabels(labelsPath);
  if (labels.length !== images.count) {
    throw new InputError(labelsPath, `${labels.length} labels for ${images.count} images in ${imagesPath}`);
  }
  const inputSize = images.rows * images.columns;
  const inputs = new Float64Array(images.pixels.length);
  for (let i = 0; i < inputs.length; i++) inputs[i] = images.pixels[i] / 255;
  return { name, inputs, labels: Int32Array.from(labels), n: images.count, inputSize, classes: 0 };
}

/**
 * The train and test sets of an MNIST-style directory (train-images-idx3-ubyte,
 * train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally .gz,
 * "-idx" or ".idx"). Pixels are scaled to [0, 1] by /255; `classes` is one more than the largest
 * label of either set (10 for MNIST and Fashion-MNIST). `name` defaults to the directory's name.
 */
export function loadIdxDataset(dir: string, name: string = basename(dir)): DatasetSplit {
  const train = loadPart(dir, 'train', `${name}/train`);
  const test = loadPart(dir, 't10k', `${name}/test`);
  let maxLabel = 0;
  for (const set of [train, test]) for (const label of set.labels) maxLabel = Math.max(maxLabel, label);
  train.classes = test.classes = maxLabel + 1;
  return { train, test };
}
