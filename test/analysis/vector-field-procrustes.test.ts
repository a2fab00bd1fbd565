import { describe, expect, it } from 'vitest';
import { vectorFieldProcrustes } from '../../src/analysis/vector-field-procrustes.ts';
import type { VectorFieldProcrustesOptions } from '../../src/analysis/vector-field-procrustes.ts';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { determinant, frobenius, gaussian, haarOrthogonal, matmul, transpose } from './fixtures.ts';
import type { Mat } from './fixtures.ts';

const rowsOf = (m: { rows: number; cols: number; data: Float64Array }): Mat =>
  Array.from({ length: m.rows }, (_, r) => Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols)));

/** min(‖C − Q‖, ‖C + Q‖): C is determined only up to sign (C and −C give the same C B Cᵀ). */
const distanceUpToSign = (c: Mat, q: Mat) =>
  Math.min(frobenius(c.map((row, i) => row.map((v, j) => v - q[i][j]))), frobenius(c.map((row, i) => row.map((v, j) => v + q[i][j]))));

/** A generic non-normal A and B = QᵀAQ: the only orthogonal C with C B Cᵀ = A are ±Q. */
function exactConjugate(rng: Random, n: number, det: 1 | -1) {
  const a = gaussian(rng, n, n);
  const q = haarOrthogonal(rng, n, det);
  return { a, q, b: matmul(matmul(transpose(q), a), q) };
}

describe('vectorFieldProcrustes', () => {
  it('Cayley/Adam with the reference settings recovers C = ±Q for B = QᵀAQ', () => {
    // The reference: Adam, 1500 steps, lr 5e-3, from I and a reflection; here 8 starts (I, the
    // reflection, 6 Haar-random) because from 2 starts Adam ends in a wrong local minimum for
    // about half of these problems. Adam's fixed step leaves θ of order 1e-4 where it has not
    // finished converging, hence the 1e-3 bound.
    const rng = new Random(1, 'vfp-adam');
    const adam: VectorFieldProcrustesOptions = { optimizer: 'adam', restarts: 8, spectralStart: false };
    for (const det of [1, -1, 1, -1] as const) {
      const { a, b, q } = exactConjugate(rng, 4, det);
      const found = vectorFieldProcrustes(a, b, adam);
      expect(found.distance).toBeLessThan(1e-3);
      expect(distanceUpToSign(rowsOf(found.C), q)).toBeLessThan(1e-2);
    }
  });

  it('L-BFGS from the same starts reaches machine precision; Adam vs L-BFGS measured', () => {
    const rng = new Random(2, 'vfp-compare');
    const table: string[] = [];
    for (const n of [3, 4, 6]) {
      for (const det of [1, -1] as const) {
        const { a, b, q } = exactConjugate(rng, n, det);
        const run = (optimizer: 'adam' | 'lbfgs') => {
          const t0 = performance.now();
          const found = vectorFieldProcrustes(a, b, { optimizer, restarts: 8, spectralStart: false });
          return { ...found, ms: performance.now() - t0 };
        };
        const adam = run('adam');
        const lbfgs = run('lbfgs');
        expect(lbfgs.distance).toBeLessThan(1e-12);
        expect(distanceUpToSign(rowsOf(lbfgs.C), q)).toBeLessThan(1e-9);
        expect(lbfgs.distance).toBeLessThanOrEqual(Math.max(adam.distance, 1e-12));
        table.push(`n=${n} det=${det}: adam θ=${adam.distance.toExponential(1)} ${adam.ms.toFixed(0)} ms | lbfgs θ=${lbfgs.distance.toExponential(1)} ${lbfgs.ms.toFixed(0)} ms`);
      }
    }
    console.log(`exact conjugates, 8 non-spectral starts each:\n${table.join('\n')}`);
  });

  it('reaches the reflection component only through a start with det −1', () => {
    // n even: −Q has det −1 too, so no rotation solves it exactly.
    const rng = new Random(3, 'vfp-reflection');
    const { a, b, q } = exactConjugate(rng, 4, -1);
    const rotationsOnly = vectorFieldProcrustes(a, b, { restarts: 1, spectralStart: false });
    expect(determinant(rowsOf(rotationsOnly.C))).toBeCloseTo(1, 12);
    expect(rotationsOnly.distance).toBeGreaterThan(0.05);
    const withReflection = vectorFieldProcrustes(a, b, { restarts: 8, spectralStart: false });
    expect(determinant(rowsOf(withReflection.C))).toBeCloseTo(-1, 12);
    expect(withReflection.distance).toBeLessThan(1e-12);
    expect(distanceUpToSign(rowsOf(withReflection.C), q)).toBeLessThan(1e-9);
  });

  it('with the default spectral start, solves exact conjugates of size 12 at once', () => {
    const rng = new Random(4, 'vfp-spectral');
    for (const det of [1, -1] as const) {
      const { a, b, q } = exactConjugate(rng, 12, det);
      const found = vectorFieldProcrustes(a, b, { restarts: 1 });
      expect(found.distance).toBeLessThan(1e-12);
      expect(distanceUpToSign(rowsOf(found.C), q)).toBeLessThan(1e-9);
      const c = rowsOf(found.C);
      const ctc = matmul(transpose(c), c);
      for (let i = 0; i < 12; i++) for (let j = 0; j < 12; j++) expect(ctc[i][j]).toBeCloseTo(i === j ? 1 : 0, 12);
    }
  });

  it('is invariant to scale and symmetric in A and B; θ matches arccos⟨A, CBCᵀ⟩/(‖A‖‖B‖)', () => {
    const rng = new Random(5, 'vfp-invariance');
    const a = gaussian(rng, 5, 5);
    const b = gaussian(rng, 5, 5);
    const d = vectorFieldProcrustes(a, b);
    expect(d.distance).toBeGreaterThan(0.3);
    expect(vectorFieldProcrustes(a, b.map((row) => row.map((v) => 7 * v))).distance).toBeCloseTo(d.distance, 10);
    expect(vectorFieldProcrustes(b, a).distance).toBeCloseTo(d.distance, 10);
    expect(vectorFieldProcrustes({ data: Float64Array.from(a.flat()), shape: [5, 5] }, b).distance).toBeCloseTo(d.distance, 12);
    const c = rowsOf(d.C);
    const cbc = matmul(matmul(c, b), transpose(c));
    const inner = a.flat().reduce((s, v, k) => s + v * cbc.flat()[k], 0);
    expect(Math.acos(inner / (frobenius(a) * frobenius(b)))).toBeCloseTo(d.distance, 12);
  });

  it('zero-pads the smaller matrix', () => {
    const rng = new Random(6, 'vfp-padding');
    const { a, b } = exactConjugate(rng, 3, 1);
    const padded = [...b.map((row) => [...row, 0]), [0, 0, 0, 0]];
    const found = vectorFieldProcrustes(a, padded);
    expect([found.C.rows, found.C.cols]).toEqual([4, 4]);
    expect(found.distance).toBeLessThan(1e-12);
  });

  it('rejects non-square or zero matrices and bad options', () => {
    const eye = [
      [1, 0],
      [0, 1],
    ];
    expect(() => vectorFieldProcrustes([[1, 2]], eye)).toThrow(new InputError('A', 'expected a square matrix, got 1 × 2'));
    expect(() => vectorFieldProcrustes(eye, [[0, 0], [0, 0]])).toThrow('B: is the zero matrix, so its angle to another system is undefined');
    expect(() => vectorFieldProcrustes(eye, eye, { restarts: 0 })).toThrow('restarts: expected an integer ≥ 1, got 0');
    expect(() => vectorFieldProcrustes(eye, eye, { iters: 1.5 })).toThrow('iters: expected an integer ≥ 1, got 1.5');
    expect(() => vectorFieldProcrustes(eye, eye, { lr: 0 })).toThrow('lr: expected a finite number > 0, got 0');
    expect(() => vectorFieldProcrustes(eye, eye, { optimizer: 'sgd' as 'adam' })).toThrow("optimizer: expected 'lbfgs' or 'adam', got sgd");
    expect(() => vectorFieldProcrustes({ rows: 1, cols: 1, data: Float64Array.of(NaN) }, [[1]])).toThrow('A: expected finite entries, got NaN at index 0');
  });
});
