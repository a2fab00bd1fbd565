import { describe, expect, it } from 'vitest';
import { dsaDistance, dsaDistanceMatrix } from '../../src/analysis/dsa.ts';
import type { DsaOptions } from '../../src/analysis/dsa.ts';
import { procrustesDistance } from '../../src/analysis/procrustes-distance.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { haarOrthogonal, matmul, simulateLinear, stableMatrix, transpose } from './fixtures.ts';
import type { Mat } from './fixtures.ts';

const formatMatrix = (names: string[], d: number[][]) =>
  [' '.repeat(8) + names.map((n) => n.padStart(8)).join(''), ...d.map((row, i) => names[i].padEnd(8) + row.map((v) => v.toFixed(3).padStart(8)).join(''))].join('\n');

/** Largest distance between repeats of one system and smallest between different systems; systems come in consecutive pairs. */
function withinAndBetween(d: number[][]) {
  let within = 0;
  let between = Infinity;
  for (let i = 0; i < d.length; i++) {
    for (let j = i + 1; j < d.length; j++) {
      if (Math.floor(i / 2) === Math.floor(j / 2)) within = Math.max(within, d[i][j]);
      else between = Math.min(between, d[i][j]);
    }
  }
  return { within, between };
}

describe('dsaDistance', () => {
  it('is 0 for an orthogonal change of units or a rescaling of the same trajectories', () => {
    const rng = new Random(1, 'dsa-same-data');
    const x = simulateLinear(stableMatrix(rng, 3, 0.9), rng, 5, 100, 1);
    const q = haarOrthogonal(rng, 3, -1);
    const y = x.map((trial) => matmul(trial, transpose(q)).map((row) => row.map((v) => 4 * v)));
    for (const options of [{ nDelays: 1 }, { nDelays: 3, delayInterval: 2, rank: 6 }] satisfies DsaOptions[]) {
      expect(dsaDistance(x, y, options).distance).toBeLessThan(1e-8);
    }
  });

  it('finds systems A and QAQᵀ close and systems with different spectra far, from noisy trajectories', () => {
    // 20 trials × 250 steps ≈ 5000 transitions per system: estimation error of order 1/√5000.
    const rng = new Random(2, 'dsa-conjugate');
    const options: DsaOptions = { nDelays: 1, rank: 4 };
    const lines: string[] = [];
    for (let k = 0; k < 3; k++) {
      const a = stableMatrix(rng, 4, 0.9);
      const q = haarOrthogonal(rng, 4, k % 2 === 0 ? 1 : -1);
      const qaq = matmul(matmul(q, a), transpose(q));
      const other = stableMatrix(rng, 4, 0.9);
      const x = simulateLinear(a, rng, 20, 250, 1);
      const conjugate = dsaDistance(x, simulateLinear(qaq, rng, 20, 250, 1), options).distance;
      const repeat = dsaDistance(x, simulateLinear(a, rng, 20, 250, 1), options).distance;
      const different = dsaDistance(x, simulateLinear(other, rng, 20, 250, 1), options).distance;
      lines.push(`A vs QAQᵀ ${conjugate.toFixed(3)}, A vs A (new noise) ${repeat.toFixed(3)}, A vs other spectrum ${different.toFixed(3)}`);
      expect(conjugate).toBeLessThan(0.06);
      expect(different).toBeGreaterThan(0.2);
      expect(different).toBeGreaterThan(5 * Math.max(conjugate, repeat));
    }
    console.log(`DSA, linear systems (rad):\n${lines.join('\n')}`);
  });

  it('gives the same numbers pairwise and as a matrix: symmetric, zero diagonal', () => {
    const rng = new Random(3, 'dsa-matrix');
    const systems = [0.5, 0.7, 0.9].map((radius) => simulateLinear(stableMatrix(rng, 3, radius), rng, 4, 80, 1));
    const options: DsaOptions = { nDelays: 2, rank: 5 };
    const d = dsaDistanceMatrix(systems, options);
    for (let i = 0; i < 3; i++) {
      expect(d[i][i]).toBe(0);
      for (let j = i + 1; j < 3; j++) {
        expect(d[i][j]).toBe(d[j][i]);
        expect(d[i][j]).toBeCloseTo(dsaDistance(systems[i], systems[j], options).distance, 12);
        expect(d[i][j]).toBeGreaterThan(0.05);
      }
    }
  });

  it('rejects bad embedding parameters with the field named', () => {
    const x = [[[0], [1], [0], [1]]];
    expect(() => dsaDistance(x, x, { nDelays: 0 })).toThrow(new InputError('nDelays', 'expected an integer ≥ 1, got 0'));
    expect(() => dsaDistance(x, [[1, 2], [3, NaN]])).toThrow('Y[1][1]: expected a finite number, got NaN');
    expect(() => dsaDistanceMatrix([x, x], { rank: 3 })).toThrow('rank: 3 exceeds the embedding dimension 1 (units × nDelays)');
  });
});

/**
 * Ostrow et al. 2023 (Fig. 3; mitchellostrow/DSA examples/dsa_fig3_tutorial.ipynb): a nonlinear
 * system with a saddle between two attractors, a line attractor and a point attractor, driven
 * so that their condition-averaged trajectories coincide. The saddle system runs freely with a
 * constant input ±u per condition; its condition averages are then imposed on the two linear
 * systems by feedback linearisation (Galgali et al. 2023): at each step the input common to all
 * trials of a condition is u(t) = (x̄_target(t+1) − x̄(t))/dt − A x̄(t), so the trial mean follows the
 * target up to one step of averaged noise. Only the trial-to-trial fluctuations differ.
 */
describe('DSA separates dynamics with identical average trajectories (Ostrow et al. 2023)', () => {
  const dt = 0.05;
  const steps = 1600;
  const every = 20; // record at Δt = 1
  const trials = 100;
  const sigma = 0.3;
  const inputs = [-0.1, 0.1];
  type Drift = (x: number, y: number, out: Float64Array) => void;
  // ẋ = x − x³ (saddle at 0, attractors at ±1), ẏ = −y.
  const saddle: Drift = (x, y, out) => {
    out[0] = x - x * x * x;
    out[1] = -y;
  };
  const linear =
    (m: Mat): Drift =>
    (x, y, out) => {
      out[0] = m[0][0] * x + m[0][1] * y;
      out[1] = m[1][0] * x + m[1][1] * y;
    };
  const lineAttractor = linear([
    [0, 1],
    [0, -1],
  ]); // eigenvalues 0 (along (1, 0)) and −1
  const pointAttractor = linear([
    [-0.5, 0],
    [0, -1],
  ]);

  /** Trials of both conditions (2·trials × recorded steps × 2), the recorded condition averages, and the full-rate averages. */
  function simulate(drift: Drift, seed: number, target: number[][][] | null) {
    const rng = new Random(seed, 'ostrow-noise');
    const all: number[][][] = [];
    const averages: number[][][] = [];
    const fullRate: number[][][] = [];
    const f = new Float64Array(2);
    inputs.forEach((u, c) => {
      const xs = Array.from({ length: trials }, () => [0, 0]);
      const recorded = xs.map((x) => [x.slice()]);
      const average = [[0, 0]];
      const full = [[0, 0]];
      for (let i = 1; i < steps; i++) {
        const mean = [0, 1].map((d) => xs.reduce((s, x) => s + x[d], 0) / trials);
        let ux = u;
        let uy = u;
        if (target) {
          drift(mean[0], mean[1], f);
          ux = (target[c][i][0] - mean[0]) / dt - f[0];
          uy = (target[c][i][1] - mean[1]) / dt - f[1];
        }
        for (const x of xs) {
          drift(x[0], x[1], f);
          x[0] += dt * (f[0] + ux) + sigma * Math.sqrt(dt) * rng.normal();
          x[1] += dt * (f[1] + uy) + sigma * Math.sqrt(dt) * rng.normal();
        }
        const m = [0, 1].map((d) => xs.reduce((s, x) => s + x[d], 0) / trials);
        full.push(m);
        if (i % every === 0) {
          xs.forEach((x, k) => recorded[k].push(x.slice()));
          average.push(m);
        }
      }
      all.push(...recorded);
      averages.push(average);
      fullRate.push(full);
    });
    return { all, averages, fullRate };
  }

  it('DSA: repeats close, different systems far; Procrustes on condition averages: no separation', () => {
    const saddleRun = simulate(saddle, 1, null);
    const runs = [
      saddleRun,
      simulate(saddle, 2, null),
      simulate(lineAttractor, 3, saddleRun.fullRate),
      simulate(lineAttractor, 4, saddleRun.fullRate),
      simulate(pointAttractor, 5, saddleRun.fullRate),
      simulate(pointAttractor, 6, saddleRun.fullRate),
    ];
    const names = ['saddle', 'saddle\'', 'line', 'line\'', 'point', 'point\''];
    const procrustes = runs.map((a) => runs.map((b) => procrustesDistance(a.averages.flat(), b.averages.flat())));
    const dsa = dsaDistanceMatrix(
      runs.map((r) => r.all),
      { nDelays: 3, rank: 4 },
    );
    console.log(`Procrustes on condition-averaged trajectories (rad):\n${formatMatrix(names, procrustes)}`);
    console.log(`DSA on trials, nDelays 3, rank 4 (rad):\n${formatMatrix(names, dsa)}`);

    const p = withinAndBetween(procrustes);
    const d = withinAndBetween(dsa);
    // The averages are geometrically the same: every pair of different systems is within 0.05 rad,
    // closer than the two free runs of the saddle system are to each other.
    expect(Math.max(procrustes[0][2], procrustes[0][4], procrustes[2][4])).toBeLessThan(0.05);
    expect(p.between).toBeLessThan(p.within);
    // DSA: every pair of different systems is more than 3× farther apart than any two repeats.
    expect(d.between).toBeGreaterThan(3 * d.within);
  });
});

/**
 * Noise robustness after Guilhot, Wójcik, Achterberg & Costa (2024): Lorenz systems (σ = 10,
 * β = 8/3) at ρ = 30, 40, 60 compared with ρ = 28, observed with additive Gaussian noise of 0, 20%
 * and 50% of each coordinate's standard deviation. DSA must order the distances by |ρ − 28| at
 * every noise level.
 */
describe('DSA ranks Lorenz systems by ρ under observation noise (Guilhot et al. 2024)', () => {
  const dt = 0.01;
  const every = 5; // record at Δt = 0.05
  const steps = 1000;
  const trials = 5;

  function lorenz(rho: number, seed: number, noise: number): number[][][] {
    const rng = new Random(seed, 'lorenz');
    const f = (s: Float64Array, out: Float64Array) => {
      out[0] = 10 * (s[1] - s[0]);
      out[1] = s[0] * (rho - s[2]) - s[1];
      out[2] = s[0] * s[1] - (8 / 3) * s[2];
    };
    const [k1, k2, k3, k4, tmp] = Array.from({ length: 5 }, () => new Float64Array(3));
    const out: number[][][] = [];
    for (let k = 0; k < trials; k++) {
      const s = Float64Array.of(5 * rng.normal(), 5 * rng.normal(), 20 + 5 * rng.normal());
      const traj: number[][] = [];
      const burnIn = 1000;
      for (let i = 0; i < burnIn + steps * every; i++) {
        // Classical RK4.
        f(s, k1);
        for (let d = 0; d < 3; d++) tmp[d] = s[d] + (dt / 2) * k1[d];
        f(tmp, k2);
        for (let d = 0; d < 3; d++) tmp[d] = s[d] + (dt / 2) * k2[d];
        f(tmp, k3);
        for (let d = 0; d < 3; d++) tmp[d] = s[d] + dt * k3[d];
        f(tmp, k4);
        for (let d = 0; d < 3; d++) s[d] += (dt / 6) * (k1[d] + 2 * k2[d] + 2 * k3[d] + k4[d]);
        if (i >= burnIn && (i - burnIn) % every === 0) traj.push(Array.from(s));
      }
      out.push(traj);
    }
    const std = [0, 1, 2].map((d) => {
      const v = out.flat().map((row) => row[d]);
      const mean = v.reduce((a, b) => a + b, 0) / v.length;
      return Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    });
    return out.map((traj) => traj.map((row) => row.map((v, d) => v + noise * std[d] * rng.normal())));
  }

  it('orders d(28, ρ) by ρ = 30 < 40 < 60 at noise 0, 0.2 and 0.5', () => {
    const rhos = [30, 40, 60];
    const options: DsaOptions = { nDelays: 10, rank: 10 };
    // The reference's optimiser for comparison: Adam, 1500 steps, lr 5e-3, starts I and a reflection.
    const reference: DsaOptions = { ...options, optimizer: 'adam', restarts: 2, spectralStart: false };
    const lines: string[] = [];
    for (const [level, noise] of [0, 0.2, 0.5].entries()) {
      const base = lorenz(28, 100 * level, noise);
      const others = rhos.map((rho, i) => lorenz(rho, 100 * level + i + 1, noise));
      const d = others.map((y) => dsaDistance(base, y, options).distance);
      const dAdam = others.map((y) => dsaDistance(base, y, reference).distance);
      lines.push(`noise ${noise.toFixed(1)}: ${rhos.map((rho, i) => `d(28, ${rho}) = ${d[i].toFixed(3)} (Adam ${dAdam[i].toFixed(3)})`).join(', ')}`);
      expect(d[0]).toBeLessThan(d[1]);
      expect(d[1]).toBeLessThan(d[2]);
      // Same objective: the default optimiser must find a minimum at least as low.
      for (let i = 0; i < 3; i++) expect(d[i]).toBeLessThanOrEqual(dAdam[i] + 1e-9);
    }
    console.log(`DSA on Lorenz systems, nDelays 10, rank 10 (rad; in brackets the reference's Adam settings):\n${lines.join('\n')}`);
  });
});
