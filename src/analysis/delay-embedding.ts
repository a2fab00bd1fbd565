/**
 * Delay (Hankel) embedding of trials × time × units data, as in DSA's `embed_signal_torch`
 * (mitchellostrow/DSA, DSA/dmd.py): row t of trial k is
 *
 *   h_k(t) = [x_k(t + (d−1)τ), x_k(t + (d−2)τ), …, x_k(t)],   t = 0 … T − (d−1)τ − 1,
 *
 * d = nDelays copies of the units, newest first, τ = delayInterval steps apart. Each trial is
 * embedded on its own (no row straddles two trials) and the trials' rows are stacked in order.
 */
import { InputError } from '../core/input-error.ts';
import { toTrialArray } from './array-shape.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';
import type { ArrayInput } from './array-shape.ts';

export interface DelayEmbedding {
  /** (trials · rowsPerTrial) × (units · nDelays), trial k's rows at k·rowsPerTrial …. */
  readonly matrix: DenseMatrix;
  readonly trials: number;
  readonly rowsPerTrial: number;
}

/** Embeds `input` (time × units or trials × time × units); `field` names it in errors. */
export function delayEmbed(input: ArrayInput, nDelays: number, delayInterval: number, field = 'data'): DelayEmbedding {
  if (!Number.isInteger(nDelays) || nDelays < 1) throw new InputError('nDelays', `expected an integer ≥ 1, got ${nDelays}`);
  if (!Number.isInteger(delayInterval) || delayInterval < 1) {
    throw new InputError('delayInterval', `expected an integer ≥ 1, got ${delayInterval}`);
  }
  const x = toTrialArray(input, field);
  const span = (nDelays - 1) * delayInterval;
  const rowsPerTrial = x.time - span;
  if (rowsPerTrial < 2) {
    throw new InputError('nDelays', `${nDelays} delays ${delayInterval} step(s) apart span ${span + 1} steps, which leaves fewer than 2 embedded rows in trials of ${x.time} steps`);
  }
  const { trials, time, units } = x;
  const cols = units * nDelays;
  const data = new Float64Array(trials * rowsPerTrial * cols);
  for (let k = 0; k < trials; k++) {
    for (let t = 0; t < rowsPerTrial; t++) {
      const row = (k * rowsPerTrial + t) * cols;
      for (let d = 0; d < nDelays; d++) {
        const src = (k * time + t + (nDelays - 1 - d) * delayInterval) * units;
        data.set(x.data.subarray(src, src + units), row + d * units);
      }
    }
  }
  return { matrix: { rows: trials * rowsPerTrial, cols, data }, trials, rowsPerTrial };
}
