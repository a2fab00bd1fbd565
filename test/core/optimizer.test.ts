import { describe, expect, it } from 'vitest';
import { adam, sgd } from '../../src/core/optimizer.ts';

describe('optimizers', () => {
  it('sgd takes θ − lr·g', () => {
    const p = Float64Array.from([1, -2]);
    sgd(0.5).step(p, Float64Array.from([0.2, -4]), 0);
    expect(Array.from(p)).toEqual([0.9, 0]);
  });

  it('multiplies the learning rate of a scaled slot only', () => {
    const scale = new Map([[1, 30]]);
    const plain = Float64Array.from([1, -2]);
    const scaled = Float64Array.from([1, -2]);
    const s = sgd(0.01, scale);
    s.step(plain, Float64Array.from([0.2, -4]), 0);
    s.step(scaled, Float64Array.from([0.2, -4]), 1);
    expect(Array.from(plain)).toEqual([1 - 0.01 * 0.2, -2 + 0.01 * 4]);
    expect(Array.from(scaled)).toEqual([1 - 0.3 * 0.2, -2 + 0.3 * 4]);
    // Adam's first step moves each parameter by lr·scale·g/(|g| + ε)
    const a = adam(0.01, scale);
    const p0 = Float64Array.from([0.5]);
    const p1 = Float64Array.from([0.5]);
    a.step(p0, Float64Array.from([-0.2]), 0);
    a.step(p1, Float64Array.from([-0.2]), 1);
    expect(p0[0]).toBeCloseTo(0.5 + (0.01 * 0.2) / (0.2 + 1e-8), 15);
    expect(p1[0]).toBeCloseTo(0.5 + (0.3 * 0.2) / (0.2 + 1e-8), 15);
  });

  it('Adam refuses a stepRange that no begin has opened since a load', () => {
    const a = adam(0.01);
    a.step(Float64Array.from([1, 2]), Float64Array.from([0.1, 0.2]), 0);
    const b = adam(0.01);
    b.loadState(a.saveState());
    expect(() => b.stepRange(Float64Array.from([1, 2]), 0, Float64Array.from([0.1, 0.2]), 0, 2, 0)).toThrow('adam: stepRange on slot 0 before begin');
    b.begin(0, 2);
    expect(() => b.stepRange(Float64Array.from([1, 2]), 0, Float64Array.from([0.1, 0.2]), 0, 2, 0)).not.toThrow();
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

  it('a step in pieces (begin, then stepRange over a cover of the array) equals step bit for bit', () => {
    for (const make of [() => adam(0.01), () => sgd(0.3)]) {
      const whole = make();
      const pieces = make();
      const p = Float64Array.from({ length: 11 }, (_, i) => Math.sin(i));
      const q = Float64Array.from(p);
      for (let t = 0; t < 3; t++) {
        const g = Float64Array.from({ length: 11 }, (_, i) => Math.cos(i * (t + 1)));
        whole.step(p, g, 2);
        pieces.begin(2, 11);
        const shifted = new Float64Array(20);
        shifted.set(g.subarray(4), 3);
        pieces.stepRange(q, 4, shifted, 3, 7, 2);
        pieces.stepRange(q, 0, g, 0, 4, 2);
      }
      expect(q).toEqual(p);
    }
  });
});
