import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIdxDataset, readIdxImages, readIdxLabels } from '../../src/data/idx.ts';

const root = mkdtempSync(join(tmpdir(), 'idx-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** An IDX file: big-endian magic and sizes, then the bytes. */
function idx(magic: number, dims: number[], body: number[]): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  out.set(body, 4 + 4 * dims.length);
  return out;
}

const images = (count: number, offset: number) => idx(0x803, [count, 2, 3], Array.from({ length: count * 6 }, (_, i) => (offset + i * 17) % 256));
const labels = (values: number[]) => idx(0x801, [values.length], values);

function makeDir(name: string, files: Record<string, Uint8Array>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, bytes] of Object.entries(files)) writeFileSync(join(dir, file), bytes);
  return dir;
}

describe('IDX files', () => {
  it('reads images and labels, plain or gzipped', () => {
    const dir = makeDir('single', { img: images(4, 0), 'img.gz': gzipSync(images(4, 0)), lab: labels([3, 1, 4, 1]) });
    const a = readIdxImages(join(dir, 'img'));
    expect([a.count, a.rows, a.columns]).toEqual([4, 2, 3]);
    expect(Array.from(a.pixels.subarray(0, 4))).toEqual([0, 17, 34, 51]);
    expect(Array.from(a.pixels)).toEqual(Array.from(readIdxImages(join(dir, 'img.gz')).pixels));
    expect(Array.from(readIdxLabels(join(dir, 'lab')))).toEqual([3, 1, 4, 1]);
  });

  it('loads an MNIST-style directory into a train/test split with pixels /255', () => {
    const dir = makeDir('mnist-like', {
      'train-images-idx3-ubyte': images(5, 0),
      'train-labels-idx1-ubyte.gz': gzipSync(labels([0, 9, 2, 2, 7])),
      't10k-images.idx3-ubyte.gz': gzipSync(images(2, 255)),
      't10k-labels.idx1-ubyte': labels([5, 1]),
    });
    const { train, test } = loadIdxDataset(dir);
    expect([train.name, train.n, train.inputSize, train.classes]).toEqual(['mnist-like/train', 5, 6, 10]);
    expect(Array.from(train.labels)).toEqual([0, 9, 2, 2, 7]);
    expect(train.inputs[1]).toBe(17 / 255);
    expect([test.name, test.n, test.classes]).toEqual(['mnist-like/test', 2, 10]);
    expect(Array.from(test.inputs.subarray(0, 2))).toEqual([1, 16 / 255]);
    expect(Array.from(test.labels)).toEqual([5, 1]);
  });

  it('says in one line which file is missing, truncated, of the wrong kind or of the wrong count', () => {
    const full = {
      'train-images-idx3-ubyte': images(3, 0),
      'train-labels-idx1-ubyte': labels([1, 2, 3]),
      't10k-images-idx3-ubyte': images(1, 0),
      't10k-labels-idx1-ubyte': labels([4]),
    };
    const { 't10k-labels-idx1-ubyte': _, ...withoutTestLabels } = full;
    const missing = makeDir('missing', withoutTestLabels);
    expect(() => loadIdxDataset(missing)).toThrow(
      `${missing}: missing t10k-labels-idx1-ubyte (looked for t10k-labels-idx1-ubyte, t10k-labels-idx1-ubyte.gz, t10k-labels.idx1-ubyte, t10k-labels.idx1-ubyte.gz)`,
    );

    const truncated = makeDir('truncated', { ...full, 'train-images-idx3-ubyte': images(3, 0).subarray(0, 20) });
    expect(() => loadIdxDataset(truncated)).toThrow(`${join(truncated, 'train-images-idx3-ubyte')}: truncated: 3×2×3 images need 18 bytes of data, the file has 4`);

    const swapped = makeDir('swapped', { ...full, 'train-images-idx3-ubyte': labels([1, 2, 3]) });
    expect(() => loadIdxDataset(swapped)).toThrow(`${join(swapped, 'train-images-idx3-ubyte')}: wrong magic number 0x00000801, expected 0x00000803 (IDX images)`);

    const counts = makeDir('counts', { ...full, 'train-labels-idx1-ubyte': labels([1, 2]) });
    const labelsPath = join(counts, 'train-labels-idx1-ubyte');
    expect(() => loadIdxDataset(counts)).toThrow(`${labelsPath}: 2 labels for 3 images in ${join(counts, 'train-images-idx3-ubyte')}`);

    const badGzip = makeDir('bad-gzip', { 'x.gz': gzipSync(labels([1, 2])).subarray(0, 15) });
    expect(() => readIdxLabels(join(badGzip, 'x.gz'))).toThrow(new RegExp(`^${join(badGzip, 'x.gz')}: cannot gunzip the file`));
    expect(() => readIdxLabels(join(root, 'nowhere'))).toThrow(`${join(root, 'nowhere')}: file not found`);
  });
});
