import { describe, expect, it } from 'vitest';
import { rowMnistRun, rowMnistSettings } from '../../src/experiments/bp-lambda-row-mnist.ts';

describe('bp-lambda row-MNIST run', () => {
  const s = { ...rowMnistSettings(true), batch: 10, trainDigits: 40, testDigits: 50 };
  it('measures test accuracy at each checkpoint, reproducibly from the seed', () => {
    const a = rowMnistRun(1, 4, 'BPTT+SG n=2', [20, 40], s);
    const b = rowMnistRun(1, 4, 'BPTT+SG n=2', [20, 40], s);
    expect(a.points.map((p) => p.digits)).toEqual([20, 40]);
    expect(b.points).toEqual(a.points);
    for (const p of a.points) {
      expect(Math.abs(p.testAccuracy * 50 - Math.round(p.testAccuracy * 50))).toBeLessThan(1e-9); // a whole number of the 50 test digits
      expect(p.testAccuracy).toBeGreaterThanOrEqual(0);
      expect(p.testAccuracy).toBeLessThanOrEqual(1);
      expect(p.trainLoss).toBeGreaterThan(1.5); // near ln 10 after a few updates
    }
  });
});
