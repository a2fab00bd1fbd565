import { describe, expect, it } from 'vitest';
import { adam, sgd } from '../../src/baselines/optimizer.ts';

describe('optimizers', () => {
  it('sgd takes θ − lr·g', () => {
    const p = Float64Array.from([1, -2]);
    sgd(0.5).step(p, Float64Array.from([0.2, -4]), 0);
    expect(Array.from(p)).toEqual([0.9, 0]);
  });

  it("Adam's first two steps equal a hand computation", () => {
    const lr = 0.01;
    const opt = adam(lr);
    const p = Float64Array.from([0.5, -1]);
    const g1 = [0.2, -0.05];
    const g2 = [-0.1, -0.05];
    opt.step(p, Float64Array.from(g1), 3);
    // step 1: m̂ = g, v̂ = g², so each parameter moves by lr·sign(g) (up to ε)
    expect(p[0]).toBeCloseTo(0.5 - lr * (0.2 / (0.2 + 1e-8)), 15);
    expect(p[1]).toBeCloseTo(-1 + lr * (0.05 / (0.05 + 1e-8)), 15);
    const after1 = Array.from(p);
    opt.step(p, Float64Array.from(g2), 3);
    for (let i = 0; i < 2; i++) {
      const m = 0.9 * (0.1 * g1[i]) + 0.1 * g2[i];
      const v = 0.999 * (0.001 * g1[i] ** 2) + 0.001 * g2[i] ** 2;
      const mHat = m / (1 - 0.9 ** 2);
      const vHat = v / (1 - 0.999 ** 2);
      expect(p[i]).toBeCloseTo(after1[i] - (lr * mHat) / (Math.sqrt(vHat) + 1e-8), 14);
    }
  });

  it('keeps one state per slot and continues bit for bit after saveState/loadState', () => {
    const a = adam(0.1);
    const pa = Float64Array.from([1, 2, 3]);
    const pb = Float64Array.from([1, 2, 3]);
    a.step(pa, Float64Array.from([1, 1, 1]), 0);
    a.step(pb, Float64Array.from([-1, 2, 0]), 1);
    const b = adam(0.1);
    b.loadState(a.saveState());
    const qa = Float64Array.from(pa);
    a.step(pa, Float64Array.from([0.3, -0.2, 0.1]), 0);
    b.step(qa, Float64Array.from([0.3, -0.2, 0.1]), 0);
    expect(qa).toEqual(pa);
  });
});
