/**
 * The linear operator DSA compares: HAVOK-style DMD on the delay embedding (Brunton et al. 2017;
 * mitchellostrow/DSA DSA/dmd.py, principal-component regression mode).
 *
 *   Hᵀ = U Σ Vᵀ         (SVD of the stacked embedding, rows of H = time points of all trials,
 *                        so V is time × D and U is D × D, D = units · nDelays)
 *   V_r = first r columns of V  (eigen-time-delay coordinates, orthonormal columns)
 *   A = argmin ‖V_r⁺ − V_r⁻ Aᵀ‖²_F + λ‖A‖²_F = ((V⁻ᵀV⁻ + λI)⁻¹ V⁻ᵀ V⁺)ᵀ
 *
 * where V⁻, V⁺ pair each row with the next row of the same trial. A is r × r and maps the
 * coordinates at one time step to the next.
 *
 * V_r is computed as H U_r Σ_r⁻¹ from the eigendecomposition HᵀH = U Σ² Uᵀ (D × D):
 * five times faster than ml-matrix's SVD of the tall H at these sizes, and accurate for the
 * columns kept, whose singular values must exceed 1e-6 · σ₁ (the numerical rank).
 */
import { EVD, solve } from 'ml-matrix';
import { InputError } from '../core/input-error.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { ArrayInput } from './array-shape.ts';
import { delayEmbed } from './delay-embedding.ts';
import { crossProduct, fromMl, toMl } from './dense.ts';

export interface HavokDmdOptions {
  /** Delays in the embedding (reference `n_delays`, default 1 = no embedding). */
  nDelays?: number;
  /** Steps between delays (reference `delay_interval`, default 1). */
  delayInterval?: number;
  /** Columns of V kept (reference `rank`, default all: here, the numerical rank of H). */
  rank?: number;
  /** Ridge penalty λ of the regression (reference `lamb`, default 0). */
  lambda?: number;
}

export interface HavokDmd {
  /** The r × r operator with V(t+1) ≈ A V(t). */
  readonly A: DenseMatrix;
  /** Singular values of the embedding, largest first, numerically non-zero ones only. */
  readonly singularValues: Float64Array;
  readonly rank: number;
}

/** Relative singular-value floor below which a direction of H counts as numerically absent. */
const RANK_TOLERANCE = 1e-6;

export function fitHavokDmd(input: ArrayInput, options: HavokDmdOptions = {}, field = 'data'): HavokDmd {
  const { nDelays = 1, delayInterval = 1, rank, lambda = 0 } = options;
  if (!(lambda >= 0) || !Number.isFinite(lambda)) throw new InputError('lambda', `expected a finite number ≥ 0, got ${lambda}`);
  const { matrix: h, trials, rowsPerTrial } = delayEmbed(input, nDelays, delayInterval, field);

  // Eigenvectors U and σ² of HᵀH, largest first.
  const evd = new EVD(toMl(crossProduct(h, h)), { assumeSymmetric: true });
  const order = evd.realEigenvalues.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
  const sigma1 = Math.sqrt(Math.max(order[0][0], 0));
  if (sigma1 === 0) throw new InputError(field, 'is all zeros after delay embedding');
  const singular = order.map(([v]) => Math.sqrt(Math.max(v, 0))).filter((s) => s > RANK_TOLERANCE * sigma1);
  const numericalRank = singular.length;
  const r = rank ?? numericalRank;
  if (!Number.isInteger(r) || r < 1) throw new InputError('rank', `expected an integer ≥ 1, got ${r}`);
  if (r > h.cols) throw new InputError('rank', `${r} exceeds the embedding dimension ${h.cols} (units × nDelays)`);
  if (r > numericalRank) {
    throw new InputError('rank', `${r} exceeds the numerical rank ${numericalRank} of the ${h.rows} × ${h.cols} embedding; lower rank or add delays/data`);
  }

  // V_r = H U_r Σ_r⁻¹, row-major (rows of H) × r.
  const vecs = evd.eigenvectorMatrix;
  const ur = new Float64Array(h.cols * r);
  for (let j = 0; j < r; j++) {
    const col = order[j][1];
    for (let i = 0; i < h.cols; i++) ur[i * r + j] = vecs.get(i, col) / singular[j];
  }
  const v = new Float64Array(h.rows * r);
  for (let row = 0; row < h.rows; row++) {
    for (let i = 0; i < h.cols; i++) {
      const hv = h.data[row * h.cols + i];
      if (hv === 0) continue;
      for (let j = 0; j < r; j++) v[row * r + j] += hv * ur[i * r + j];
    }
  }

  // Normal equations over consecutive rows within each trial: (V⁻ᵀV⁻ + λI) Aᵀ = V⁻ᵀV⁺.
  const gram = new Float64Array(r * r);
  const cross = new Float64Array(r * r);
  for (let k = 0; k < trials; k++) {
    for (let t = 0; t + 1 < rowsPerTrial; t++) {
      const a = (k * rowsPerTrial + t) * r;
      const b = a + r;
      for (let i = 0; i < r; i++) {
        const vi = v[a + i];
        for (let j = 0; j < r; j++) {
          gram[i * r + j] += vi * v[a + j];
          cross[i * r + j] += vi * v[b + j];
        }
      }
    }
  }
  for (let i = 0; i < r; i++) gram[i * r + i] += lambda;
  const aT = solve(toMl({ rows: r, cols: r, data: gram }), toMl({ rows: r, cols: r, data: cross }));
  return { A: fromMl(aT.transpose()), singularValues: Float64Array.from(singular), rank: r };
}
