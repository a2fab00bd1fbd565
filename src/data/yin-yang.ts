import { InputError } from '../core/input-error.ts';
import { Random } from '../random/random.ts';
import type { Dataset, DatasetSplit } from './dataset.ts';

/**
 * The Yin-Yang data set (Kriener, Göltz & Petrovici 2021): points (x, y) in the disc of radius
 * rBig centred at (rBig, rBig), each given to the network as the four inputs (x, y, 1−x, 1−y), and
 * labelled by the region of the yin-yang symbol it falls in. The facts follow the authors' public
 * generator: radii 0.1 and 0.5, labels numbered as theirs, a uniformly drawn target class per
 * sample and uniform points in the bounding square redrawn until they lie in the disc and in that
 * class, which balances the three classes in expectation. Our streams are `Random`, not NumPy's, so
 * the points themselves differ from the authors' files.
 */
export interface YinYangOptions {
  /** Radius of the two dots; default 0.1. */
  rSmall?: number;
  /** Radius of the whole symbol; default 0.5, so that points fill [0, 1]². */
  rBig?: number;
}

/** Label names by index, as the reference generator lists them. */
export const YIN_YANG_CLASS_NAMES = ['yin', 'yang', 'dot'] as const;

export const YIN_YANG_DEFAULTS = { trainSize: 5000, testSize: 1000, rSmall: 0.1, rBig: 0.5 } as const;

/**
 * The label of a point (which must lie in the big disc): 2 inside either dot; 1 in the lobe the
 * reference code calls "yin" — the left small half-disc (radius rBig/2 around (rBig/2, rBig)) and
 * the upper half outside the right small half-disc; 0 elsewhere. (The reference names label 1
 * "yang" in its class list; we keep its numbers so results compare.)
 */
export function yinYangClass(x: number, y: number, rSmall: number, rBig: number): number {
  const dLeft = Math.hypot(x - 0.5 * rBig, y - rBig);
  const dRight = Math.hypot(x - 1.5 * rBig, y - rBig);
  if (dLeft < rSmall || dRight < rSmall) return 2;
  const inLeftLobe = dLeft > rSmall && dLeft <= 0.5 * rBig;
  const upperOutsideRightLobe = y > rBig && dRight > 0.5 * rBig;
  return dRight <= rSmall || inLeftLobe || upperOutsideRightLobe ? 1 : 0;
}

/** `n` samples drawn from `rng` by class-balancing rejection sampling. */
export function generateYinYang(n: number, rng: Random, name = 'yin-yang', options: YinYangOptions = {}): Dataset {
  const rSmall = options.rSmall ?? YIN_YANG_DEFAULTS.rSmall;
  const rBig = options.rBig ?? YIN_YANG_DEFAULTS.rBig;
  if (!Number.isSafeInteger(n) || n < 0) throw new InputError(`${name}.size`, `expected a non-negative integer, got ${n}`);
  // Every class needs area, or the rejection loop would never end.
  if (!(rBig > 0 && rSmall > 0 && rSmall < 0.5 * rBig)) throw new InputError(`${name}.rSmall`, `expected 0 < rSmall < rBig/2, got rSmall ${rSmall}, rBig ${rBig}`);
  const inputs = new Float64Array(n * 4);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const goal = rng.integer(3);
    let x: number;
    let y: number;
    do {
      x = rng.uniform() * 2 * rBig;
      y = rng.uniform() * 2 * rBig;
    } while (Math.hypot(x - rBig, y - rBig) > rBig || yinYangClass(x, y, rSmall, rBig) !== goal);
    inputs[i * 4] = x;
    inputs[i * 4 + 1] = y;
    inputs[i * 4 + 2] = 1 - x;
    inputs[i * 4 + 3] = 1 - y;
    labels[i] = goal;
  }
  return { name, inputs, labels, n, inputSize: 4, classes: 3 };
}

/**
 * The default train/test pair: 5,000 and 1,000 samples from two separate streams derived from
 * `seed` (labels 'yin-yang/train' and 'yin-yang/test'), so the sets never share a draw.
 */
export function loadYinYang(seed: number, trainSize: number = YIN_YANG_DEFAULTS.trainSize, testSize: number = YIN_YANG_DEFAULTS.testSize, options: YinYangOptions = {}): DatasetSplit {
  return {
    train: generateYinYang(trainSize, new Random(seed, 'yin-yang/train'), 'yin-yang/train', options),
    test: generateYinYang(testSize, new Random(seed, 'yin-yang/test'), 'yin-yang/test', options),
  };
}
