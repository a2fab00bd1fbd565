/**
 * Shared generators for the analysis tests: seeded Gaussian and Haar-orthogonal matrices,
 * products, and linear-system simulation. Written independently of src/analysis.
 */
import { EVD, Matrix } from 'ml-matrix';
import type { Random } from '../../src/random/random.ts';

export type Mat = number[][];

export function gaussian(rng: Random, rows: number, cols: number, scale = 1): Mat {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => scale * rng.normal()));
}

export function matmul(a: Mat, b: Mat): Mat {
  return a.map((row) => b[0].map((_, j) => row.reduce((s, v, k) => s + v * b[k][j], 0)));
}

export function transpose(a: Mat): Mat {
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Haar-random orthogonal n × n (QR of a Gaussian matrix, signs fixed), with the requested determinant. */
export function haarOrthogonal(rng: Random, n: number, det: 1 | -1 = 1): Mat {
  const q = gaussian(rng, n, n);
  for (let j = 0; j < n; j++) {
    for (let k = 0; k < j; k++) {
      const d = q.reduce((s, row) => s + row[k] * row[j], 0);
      for (const row of q) row[j] -= d * row[k];
    }
    const norm = Math.sqrt(q.reduce((s, row) => s + row[j] * row[j], 0));
    for (const row of q) row[j] /= norm;
  }
  if (Math.sign(determinant(q)) !== det) for (const row of q) row[0] = -row[0];
  return q;
}

export function determinant(m: Mat): number {
  const a = m.map((r) => r.slice());
  const n = a.length;
  let det = 1;
  for (let k = 0; k < n; k++) {
    let p = k;
    for (let i = k + 1; i < n; i++) if (Math.abs(a[i][k]) > Math.abs(a[p][k])) p = i;
    if (a[p][k] === 0) return 0;
    if (p !== k) {
      [a[p], a[k]] = [a[k], a[p]];
      det = -det;
    }
    det *= a[k][k];
    for (let i = k + 1; i < n; i++) {
      const f = a[i][k] / a[k][k];
      for (let j = k; j < n; j++) a[i][j] -= f * a[k][j];
    }
  }
  return det;
}

export function frobenius(a: Mat): number {
  return Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
}

/** Eigenvalues of a square matrix as [re, im] pairs, sorted by modulus then real part. */
export function eigenvalues(a: Mat): [number, number][] {
  const evd = new EVD(new Matrix(a));
  return evd.realEigenvalues
    .map((re, i): [number, number] => [re, evd.imaginaryEigenvalues[i]])
    .sort((x, y) => Math.hypot(...x) - Math.hypot(...y) || x[0] - y[0] || x[1] - y[1]);
}

/** A Gaussian n × n matrix rescaled to spectral radius `radius`. */
export function stableMatrix(rng: Random, n: number, radius: number): Mat {
  const g = gaussian(rng, n, n);
  const rho = Math.max(...eigenvalues(g).map((e) => Math.hypot(...e)));
  return g.map((row) => row.map((v) => (v * radius) / rho));
}

/** x(t+1) = A x(t) + σ ξ(t), x(0) ~ N(0, I): trials × steps × n. */
export function simulateLinear(a: Mat, rng: Random, trials: number, steps: number, sigma: number): number[][][] {
  const n = a.length;
  return Array.from({ length: trials }, () => {
    let x = Array.from({ length: n }, () => rng.normal());
    const out: number[][] = [];
    for (let t = 0; t < steps; t++) {
      out.push(x);
      x = a.map((row) => row.reduce((s, v, k) => s + v * x[k], 0) + sigma * rng.normal());
    }
    return out;
  });
}
