/**
 * Linear centred kernel alignment (Kornblith, Norouzi, Lee & Hinton 2019, eq. for linear CKA):
 *
 *   CKA(X, Y) = ‖YᵀX‖²_F / (‖XᵀX‖_F · ‖YᵀY‖_F)
 *
 * on column-centred X (n × p) and Y (n × q) whose rows are the same n stimuli / time points.
 * It is 1 when Y is an orthogonal transform of X times any non-zero scale, and lies in [0, 1].
 * The feature-space form costs O(n·(p² + q² + p·q)), never an n × n kernel.
 */
import { InputError } from '../core/input-error.ts';
import { pairedSamples } from './array-shape.ts';
import type { ArrayInput } from './array-shape.ts';
import { frobeniusNorm } from '../linalg/dense-matrix.ts';
import { centreColumns, crossProduct } from './dense.ts';

/** Linear CKA of X (n × p) and Y (n × q); trials × time × units inputs count trials · time samples. */
export function linearCka(x: ArrayInput, y: ArrayInput): number {
  const samples = pairedSamples(x, y);
  const xc = centreColumns(samples.x);
  const yc = centreColumns(samples.y);
  const xx = frobeniusNorm(crossProduct(xc, xc).data);
  const yy = frobeniusNorm(crossProduct(yc, yc).data);
  if (xx === 0) throw new InputError('X', 'every column is constant, so CKA is undefined');
  if (yy === 0) throw new InputError('Y', 'every column is constant, so CKA is undefined');
  const xy = frobeniusNorm(crossProduct(yc, xc).data);
  return (xy * xy) / (xx * yy);
}
