import { describe, expect, it } from 'vitest';
import {
  addDiffusionNoise,
  LORENZ_MIXING_LEVELS,
  lorenzEuler,
  lorenzMixingModels,
  lorenzTrajectories,
  mixTrajectories,
} from '../../src/data/lorenz.ts';
import { Random } from '../../src/random/random.ts';

const B = 2.667;

/** Classical RK4 of the Lorenz system from p over time T in n steps (independent of the source). */
function rk4(p: number[], r: number, T: number, n: number): number[] {
  const f = ([x, y, z]: number[]): number[] => [10 * (y - x), r * x - y - x * z, x * y - B * z];
  const h = T / n;
  let s = p.slice();
  for (let k = 0; k < n; k++) {
    const k1 = f(s);
    const k2 = f(s.map((v, i) => v + (h / 2) * k1[i]));
    const k3 = f(s.map((v, i) => v + (h / 2) * k2[i]));
    const k4 = f(s.map((v, i) => v + h * k3[i]));
    s = s.map((v, i) => v + (h / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
  }
  return s;
}

function endPoint(p: number[], r: number, dt: number, steps: number): number[] {
  const out = new Float64Array(3 * steps);
  lorenzEuler(p, { r }, dt, steps, out);
  return Array.from(out.subarray(3 * steps - 3));
}

describe('Lorenz trajectories (Guilhot et al. 2024 attractor test case)', () => {
  it('is the Euler recursion at dt 0.01, scaled per trajectory over all coordinates, from U[0,1)³ drawn from the stream', () => {
    const traj = lorenzTrajectories({ r: 40, samples: 5 }, new Random(7, 'lorenz'));
    expect(traj.shape).toEqual([5, 200, 3]);
    const rng = new Random(7, 'lorenz');
    const starts = Array.from({ length: 15 }, () => rng.uniform());
    for (let i = 0; i < 5; i++) {
      // Recompute: s ← s + f(s)·dt, then one min and one max over all 600 values.
      const raw: number[] = [];
      let [x, y, z] = starts.slice(3 * i, 3 * i + 3);
      for (let t = 0; t < 200; t++) {
        raw.push(x, y, z);
        [x, y, z] = [x + 10 * (y - x) * 0.01, y + (40 * x - y - x * z) * 0.01, z + (x * y - B * z) * 0.01];
      }
      const lo = Math.min(...raw);
      const hi = Math.max(...raw);
      const got = traj.data.subarray(600 * i, 600 * (i + 1));
      for (let k = 0; k < 600; k++) expect(got[k]).toBeCloseTo((raw[k] - lo) / (hi - lo + 1e-6), 12);
      expect(Math.min(...got)).toBe(0);
      expect(Math.max(...got)).toBeLessThan(1);
      expect(Math.max(...got)).toBeGreaterThan(1 - 1e-6);
      // Per trajectory, not per coordinate: only one coordinate reaches 0 and only one reaches the top.
      const coordinate = (c: number): number[] => Array.from({ length: 200 }, (_, t) => got[3 * t + c]);
      expect([0, 1, 2].filter((c) => Math.min(...coordinate(c)) === 0).length).toBe(1);
      expect([0, 1, 2].filter((c) => Math.max(...coordinate(c)) > 1 - 1e-6).length).toBe(1);
    }
  });

  it('converges to RK4 at first order in dt (r = 5, t = 2)', () => {
    const p = [0.3, 0.7, 0.2];
    const exact = rk4(p, 5, 2, 20000);
    const err = [0.01, 0.005, 0.0025].map((dt) => {
      const e = endPoint(p, 5, dt, Math.round(2 / dt) + 1);
      return Math.hypot(...e.map((v, i) => v - exact[i]));
    });
    expect(err[0]).toBeLessThan(0.2); // against a state of size ~5 (measured 0.14)
    expect(err[0] / err[1]).toBeGreaterThan(1.8);
    expect(err[0] / err[1]).toBeLessThan(2.2);
    expect(err[1] / err[2]).toBeGreaterThan(1.9);
    expect(err[1] / err[2]).toBeLessThan(2.1);
  });

  // Euler's map s + f(s)·dt has the same fixed points as the flow, stable at dt 0.01. At r = 15 the
  // spiral into C± is slow (distance 0.04 at t = 100), so run to t = 200.
  it('approaches the origin for r < 1 and C± = (±√(b(r−1)), ±√(b(r−1)), r−1) for 1 < r < 24.74', () => {
    const rng = new Random(1, 'lorenz/fixed-points');
    for (const r of [0.25, 0.75]) {
      const traj = lorenzTrajectories({ r, samples: 10, steps: 5000, unscaled: true }, rng);
      for (let i = 0; i < 10; i++) {
        const k = (i * 5000 + 4999) * 3;
        expect(Math.hypot(traj.data[k], traj.data[k + 1], traj.data[k + 2])).toBeLessThan(1e-3);
      }
    }
    for (const r of [5, 10, 15]) {
      const c = Math.sqrt(B * (r - 1));
      const traj = lorenzTrajectories({ r, samples: 10, steps: 20000, unscaled: true }, rng);
      for (let i = 0; i < 10; i++) {
        const k = (i * 20000 + 19999) * 3;
        const [x, y, z] = traj.data.subarray(k, k + 3);
        const d = Math.min(Math.hypot(x - c, y - c, z - (r - 1)), Math.hypot(x + c, y + c, z - (r - 1)));
        expect(d).toBeLessThan(1e-3);
      }
    }
  });

  it('adds noise x′ = √(1 − s²)·x + s·ε with standard normal ε', () => {
    const clean = lorenzTrajectories({ r: 30 }, new Random(2, 'a'));
    const s = 0.05;
    const noisy = addDiffusionNoise(clean, s, new Random(2, 'noise'));
    const eps = clean.data.map((x, k) => (noisy.data[k] - Math.sqrt(1 - s * s) * x) / s);
    const n = eps.length;
    const mean = eps.reduce((a, v) => a + v, 0) / n;
    const variance = eps.reduce((a, v) => a + (v - mean) ** 2, 0) / n;
    expect(n).toBe(120000);
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it('mixes model3 = noisy A + m·(B − B₀) with B₀ each trajectory’s own first point', () => {
    const a = lorenzTrajectories({ r: 0.5, samples: 4 }, new Random(3, 'A'));
    const b = lorenzTrajectories({ r: 40, samples: 4 }, new Random(3, 'B'));
    const noisyA = addDiffusionNoise(a, 0.004, new Random(3, 'n'));
    const mixed = mixTrajectories(noisyA, b, 0.25);
    for (let i = 0; i < 4; i++) {
      for (let t = 0; t < 200; t++) {
        for (let c = 0; c < 3; c++) {
          const k = (i * 200 + t) * 3 + c;
          expect(mixed.data[k]).toBeCloseTo(noisyA.data[k] + 0.25 * (b.data[k] - b.data[i * 600 + c]), 14);
        }
      }
      for (let c = 0; c < 3; c++) expect(mixed.data[i * 600 + c]).toBe(noisyA.data[i * 600 + c]);
    }
    const models = lorenzMixingModels(a, b, LORENZ_MIXING_LEVELS[0], new Random(3, 'levels'));
    expect([models.mixing, models.noise]).toEqual([1, 0.004]);
    // model1 and model2 are independent noisy copies of A: both within a few s of A, not equal.
    const dev = (m: Float64Array): number => Math.max(...m.map((v, k) => Math.abs(v - a.data[k])));
    expect(dev(models.model1.data)).toBeLessThan(6 * 0.004);
    expect(dev(models.model2.data)).toBeLessThan(6 * 0.004);
    expect(models.model1.data[10]).not.toBe(models.model2.data[10]);
    // model3 minus m·(B − B₀) is a third noisy copy of A.
    const unmixed = mixTrajectories(models.model3, b, -1);
    expect(dev(unmixed.data)).toBeLessThan(6 * 0.004 + 1e-12);
  });

  it('is reproducible bit for bit from the seed; shared initial points give the same starts', () => {
    const x = lorenzTrajectories({ r: 15, samples: 3 }, new Random(9, 'l'));
    const y = lorenzTrajectories({ r: 15, samples: 3 }, new Random(9, 'l'));
    expect(Buffer.compare(Buffer.from(x.data.buffer), Buffer.from(y.data.buffer))).toBe(0);
    const starts = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]);
    const u = lorenzTrajectories({ r: 5, samples: 3, initialPoints: starts, unscaled: true }, new Random(1));
    const v = lorenzTrajectories({ r: 50, samples: 3, initialPoints: starts, unscaled: true }, new Random(2));
    expect(Array.from(u.data.subarray(600, 603))).toEqual([0.4, 0.5, 0.6]);
    expect(Array.from(v.data.subarray(600, 603))).toEqual([0.4, 0.5, 0.6]);
  });
});
