import { describe, expect, it } from 'vitest';
import { rmsprop } from '../../src/core/rmsprop.ts';

describe('rmsprop with momentum', () => {
  it('takes the first two steps of a hand computation (TensorFlow form)', () => {
    const lr = 0.01;
    const rho = 0.9;
    const mu = 0.5;
    const eps = 1e-10;
    const opt = rmsprop(lr, { rho, momentum: mu, eps });
    const p = Float64Array.from([0.5, -1]);
    const g1 = [0.2, -0.05];
    const g2 = [-0.1, 0.3];
    opt.step(p, Float64Array.from(g1), 0);
    // step 1 from ms = 0, mom = 0: ms = 0.1·g², mom = lr·g/√(0.1·g² + ε) ≈ lr·sign(g)/√0.1
    const ms1 = g1.map((g) => 0.1 * g * g);
    const mom1 = g1.map((g, i) => (lr * g) / Math.sqrt(ms1[i] + eps));
    expect(p[0]).toBeCloseTo(0.5 - mom1[0], 15);
    expect(p[1]).toBeCloseTo(-1 - mom1[1], 15);
    expect(mom1[0]).toBeCloseTo(lr / Math.sqrt(0.1), 8);
    opt.step(p, Float64Array.from(g2), 0);
    for (let i = 0; i < 2; i++) {
      const ms2 = 0.9 * ms1[i] + 0.1 * g2[i] ** 2;
      const mom2 = mu * mom1[i] + (lr * g2[i]) / Math.sqrt(ms2 + eps);
      expect(p[i]).toBeCloseTo([0.5, -1][i] - mom1[i] - mom2, 15);
    }
  });

  it('starts the mean square at 1 like TensorFlow 1 when asked', () => {
    const opt = rmsprop(0.1, { momentum: 0, initialMeanSquare: 1 });
    const p = Float64Array.from([0]);
    opt.step(p, Float64Array.from([2]), 0);
    // ms = 0.9·1 + 0.1·4 = 1.3; θ = −0.1·2/√(1.3 + ε), ε = 1e-10 (default)
    expect(p[0]).toBeCloseTo(-0.2 / Math.sqrt(1.3 + 1e-10), 15);
  });

  it('continues bit for bit after saveState/loadState, and refuses foreign state', () => {
    const a = rmsprop(0.01);
    const pa = Float64Array.from([1, 2, 3]);
    a.step(pa, Float64Array.from([0.1, -0.2, 0.3]), 0);
    const b = rmsprop(0.01);
    b.loadState(a.saveState());
    const pb = Float64Array.from(pa);
    a.step(pa, Float64Array.from([0.3, 0.1, -0.1]), 0);
    b.step(pb, Float64Array.from([0.3, 0.1, -0.1]), 0);
    expect(Array.from(pb)).toEqual(Array.from(pa));
    expect(() => b.loadState({ kind: 'adam', slots: [] })).toThrow('cannot load adam state into rmsprop');
  });
});
