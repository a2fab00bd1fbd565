/**
 * Angular orthogonal Procrustes shape distance (Williams, Kunz, Kornblith & Linderman 2021,
 * netrep's LinearMetric with alpha = 1 and score_method = "angular"):
 *
 *   X̃ = centre(X) / ‖centre(X)‖_F,  Ỹ likewise,
 *   θ(X, Y) = arccos( max_{Q ∈ O(p)} ⟨X̃, Ỹ Q⟩ ) = arccos( ‖X̃ᵀỸ‖_* ),
 *
 * the nuclear norm being the sum of singular values of the p × q cross product. Zero-padding the
 * narrower matrix to equal width leaves X̃ᵀỸ's singular values unchanged, so no padding is built.
 * θ ∈ [0, π/2] is a metric: 0 under rotation, reflection, translation and isotropic scaling.
 */
import { SVD } from 'ml-matrix';
import { InputError } from '../core/input-error.ts';
import { pairedSamples } from './array-shape.ts';
import type { ArrayInput } from './array-shape.ts';
import { frobeniusNorm } from '../linalg/dense-matrix.ts';
import { centreColumns, crossProduct, scaled, toMl } from './dense.ts';

/** θ = arccos(‖X̃ᵀỸ‖_*) in radians, in [0, π/2]. */
export function procrustesDistance(x: ArrayInput, y: ArrayInput): number {
  const samples = pairedSamples(x, y);
  const xc = centreColumns(samples.x);
  const yc = centreColumns(samples.y);
  const nx = frobeniusNorm(xc.data);
  const ny = frobeniusNorm(yc.data);
  if (nx === 0) throw new InputError('X', 'every column is constant, so its shape is undefined');
  if (ny === 0) throw new InputError('Y', 'every column is constant, so its shape is undefined');
  const cross = crossProduct(scaled(xc, nx), scaled(yc, ny));
  const nuclear = new SVD(toMl(cross), { autoTranspose: true, computeLeftSingularVectors: false, computeRightSingularVectors: false }).diagonal.reduce((s, v) => s + v, 0);
  return Math.acos(Math.min(1, Math.max(-1, nuclear)));
}

/** Similarity score 1 − θ/(π/2): 1 for identical shapes, 0 for orthogonal ones. */
export function procrustesScore(x: ArrayInput, y: ArrayInput): number {
  return 1 - procrustesDistance(x, y) / (Math.PI / 2);
}
