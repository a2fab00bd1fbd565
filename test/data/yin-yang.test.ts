import { describe, expect, it } from 'vitest';
import { classCounts } from '../../src/data/dataset.ts';
import { generateYinYang, loadYinYang, yinYangClass } from '../../src/data/yin-yang.ts';
import { Random } from '../../src/random/random.ts';

/**
 * The class rule written again, as the complement: label 0 is the closed right lobe (radius R/2
 * around the right dot) plus the lower half outside the closed left lobe; the dots are label 2 and
 * everything else label 1.
 */
function referenceClass(x: number, y: number, rSmall: number, R: number): number {
  const sq = (a: number) => a * a;
  const left2 = sq(x - R / 2) + sq(y - R);
  const right2 = sq(x - (3 * R) / 2) + sq(y - R);
  if (left2 < sq(rSmall) || right2 < sq(rSmall)) return 2;
  const rightLobe = right2 <= sq(R / 2);
  const lowerOutsideLeftLobe = y <= R && left2 > sq(R / 2);
  return rightLobe || lowerOutsideLeftLobe ? 0 : 1;
}

describe('Yin-Yang', () => {
  const { train, test } = loadYinYang(42);

  it('has 5,000 training and 1,000 test samples of 4 inputs (x, y, 1−x, 1−y) and 3 classes', () => {
    expect([train.n, train.inputSize, train.classes, train.inputs.length]).toEqual([5000, 4, 3, 20000]);
    expect([test.n, test.labels.length]).toEqual([1000, 1000]);
    for (let i = 0; i < train.n; i++) {
      const [x, y, xf, yf] = train.inputs.subarray(i * 4, i * 4 + 4);
      expect(xf).toBe(1 - x);
      expect(yf).toBe(1 - y);
    }
  });

  it('labels every point by the class rule, and every point lies in the big circle', () => {
    for (const d of [train, test]) {
      for (let i = 0; i < d.n; i++) {
        const x = d.inputs[i * 4];
        const y = d.inputs[i * 4 + 1];
        expect(Math.hypot(x - 0.5, y - 0.5)).toBeLessThanOrEqual(0.5);
        expect(d.labels[i]).toBe(referenceClass(x, y, 0.1, 0.5));
      }
    }
    // Landmarks: the left dot's centre, the top, the bottom, inside the left and right lobes.
    const landmarks: [number, number, number][] = [[0.25, 0.5, 2], [0.75, 0.5, 2], [0.5, 0.95, 1], [0.5, 0.05, 0], [0.25, 0.65, 1], [0.75, 0.65, 0], [0.75, 0.3, 0], [0.25, 0.3, 1]];
    for (const [x, y, label] of landmarks) expect(yinYangClass(x, y, 0.1, 0.5), `(${x}, ${y})`).toBe(label);
  });

  it('balances the classes: each within 4.5 binomial standard deviations of n/3 (±150 of 5,000, ±70 of 1,000)', () => {
    const trainCounts = classCounts(train);
    const testCounts = classCounts(test);
    expect(trainCounts).toEqual([1631, 1724, 1645]); // seed 42
    expect(testCounts).toEqual([329, 342, 329]);
    for (const c of trainCounts) expect(Math.abs(c - 5000 / 3)).toBeLessThan(150);
    for (const c of testCounts) expect(Math.abs(c - 1000 / 3)).toBeLessThan(70);
  });

  it('is the same for the same seed, different for another, and train and test never coincide', () => {
    const again = loadYinYang(42, 300, 100);
    expect(again.train.inputs).toEqual(train.inputs.subarray(0, 1200));
    expect(again.train.labels).toEqual(train.labels.subarray(0, 300));
    const other = loadYinYang(43, 300, 100);
    expect(other.train.inputs).not.toEqual(again.train.inputs);
    const trainPoints = new Set(Array.from({ length: train.n }, (_, i) => `${train.inputs[i * 4]},${train.inputs[i * 4 + 1]}`));
    for (let i = 0; i < test.n; i++) expect(trainPoints.has(`${test.inputs[i * 4]},${test.inputs[i * 4 + 1]}`)).toBe(false);
    expect(generateYinYang(10, new Random(7, 'a'))).toEqual(generateYinYang(10, new Random(7, 'a')));
  });

  it('honours other radii and rejects radii that leave a class without area', () => {
    const d = generateYinYang(200, new Random(1), 'custom', { rSmall: 0.2, rBig: 1 });
    for (let i = 0; i < d.n; i++) {
      const x = d.inputs[i * 4];
      const y = d.inputs[i * 4 + 1];
      expect(Math.hypot(x - 1, y - 1)).toBeLessThanOrEqual(1);
      expect(d.labels[i]).toBe(referenceClass(x, y, 0.2, 1));
    }
    expect(() => generateYinYang(5, new Random(1), 'yy', { rSmall: 0.3 })).toThrow('yy.rSmall: expected 0 < rSmall < rBig/2, got rSmall 0.3, rBig 0.5');
    expect(() => generateYinYang(-1, new Random(1), 'yy')).toThrow('yy.size: expected a non-negative integer, got -1');
  });
});
