/**
 * Projection of several recordings of the same units count onto one common principal-component
 * basis, as the curriculum test case of Guilhot et al. (2024; qglht/RepAL
 * main/representation.py `compute_common_pca`) prepares two networks' hidden states before
 * comparing them:
 *
 *   1. each unit of each trial is standardised over time: (h − mean_t)/sd_t, sd with Bessel's
 *      correction (torch.std), a constant unit left centred (sd taken as 1);
 *   2. every recording's (trial, time) samples are stacked into one (Σ trials·time) × units matrix X;
 *   3. X is column-centred and its top k right singular vectors V_k (principal axes) are found;
 *   4. each recording's standardised, centred samples are projected: Y = (X − x̄)·V_k.
 *
 * The axes come from the eigenvectors of XᵀX (the same as sklearn's PCA up to sign); each axis is
 * signed so that its largest-magnitude loading is positive, which makes the result deterministic.
 * Recordings must share the units count (the authors first PCA-reduce the wider one; not here).
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { InputError } from '../core/input-error.ts';
import { toTrialArray } from './array-shape.ts';
import type { ArrayInput, TrialArray } from './array-shape.ts';

export interface CommonPca {
  /** Each recording projected: trials × time × k, in the input order. */
  readonly projections: TrialArray[];
  /** units × k principal axes, column j the j-th axis (row-major). */
  readonly axes: Float64Array;
  /** Column means of the stacked standardised samples (subtracted before projecting). */
  readonly mean: Float64Array;
  /** Fraction of the total variance in the k components. */
  readonly explainedVariance: number;
}

/** Standardises each unit of each trial over time in place (the authors' step 1). */
function standardiseOverTime(a: TrialArray): Float64Array {
  const { trials, time, units } = a;
  const out = Float64Array.from(a.data);
  for (let r = 0; r < trials; r++) {
    for (let u = 0; u < units; u++) {
      let mean = 0;
      for (let t = 0; t < time; t++) mean += out[(r * time + t) * units + u];
      mean /= time;
      let ss = 0;
      for (let t = 0; t < time; t++) {
        const d = out[(r * time + t) * units + u] - mean;
        ss += d * d;
      }
      const sd = time > 1 ? Math.sqrt(ss / (time - 1)) : 0;
      const scale = sd > 0 ? 1 / sd : 1;
      for (let t = 0; t < time; t++) {
        const k = (r * time + t) * units + u;
        out[k] = (out[k] - mean) * scale;
      }
    }
  }
  return out;
}

/** The recordings on their common first `components` principal axes (see the file comment). */
export function commonPca(recordings: readonly ArrayInput[], components: number): CommonPca {
  if (recordings.length < 1) throw new InputError('recordings', 'expected at least one recording');
  const arrays = recordings.map((r, i) => toTrialArray(r, `recordings[${i}]`));
  const units = arrays[0].units;
  arrays.forEach((a, i) => {
    if (a.units !== units) throw new InputError(`recordings[${i}]`, `expected ${units} units like recordings[0], got ${a.units}`);
  });
  if (!Number.isInteger(components) || components < 1 || components > units) throw new InputError('components', `expected an integer in [1, ${units}], got ${components}`);
  const standardised = arrays.map(standardiseOverTime);
  const samples = arrays.reduce((s, a) => s + a.trials * a.time, 0);
  if (samples < 2) throw new InputError('recordings', 'need at least 2 samples in all');

  const mean = new Float64Array(units);
  for (const x of standardised) for (let k = 0; k < x.length; k++) mean[k % units] += x[k];
  for (let u = 0; u < units; u++) mean[u] /= samples;
  const scatter = new Float64Array(units * units);
  const row = new Float64Array(units);
  for (const x of standardised) {
    for (let s = 0; s < x.length; s += units) {
      for (let u = 0; u < units; u++) row[u] = x[s + u] - mean[u];
      for (let i = 0; i < units; i++) {
        const ri = row[i];
        if (ri === 0) continue;
        for (let j = i; j < units; j++) scatter[i * units + j] += ri * row[j];
      }
    }
  }
  for (let i = 0; i < units; i++) for (let j = 0; j < i; j++) scatter[i * units + j] = scatter[j * units + i];

  const rows = Array.from({ length: units }, (_, i) => Array.from(scatter.subarray(i * units, (i + 1) * units)));
  const eig = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const values = eig.realEigenvalues;
  const vectors = eig.eigenvectorMatrix;
  const order = values.map((_, i) => i).sort((a, b) => values[b] - values[a]);
  const axes = new Float64Array(units * components);
  for (let c = 0; c < components; c++) {
    const col = order[c];
    let big = 0;
    for (let u = 0; u < units; u++) if (Math.abs(vectors.get(u, col)) > Math.abs(big)) big = vectors.get(u, col);
    const sign = big < 0 ? -1 : 1;
    for (let u = 0; u < units; u++) axes[u * components + c] = sign * vectors.get(u, col);
  }
  const total = values.reduce((s, v) => s + Math.max(v, 0), 0);
  const kept = order.slice(0, components).reduce((s, i) => s + Math.max(values[i], 0), 0);

  const projections = standardised.map((x, i): TrialArray => {
    const { trials, time } = arrays[i];
    const out = new Float64Array(trials * time * components);
    for (let s = 0, o = 0; s < x.length; s += units, o += components) {
      for (let u = 0; u < units; u++) {
        const d = x[s + u] - mean[u];
        if (d === 0) continue;
        for (let c = 0; c < components; c++) out[o + c] += d * axes[u * components + c];
      }
    }
    return { trials, time, units: components, data: out };
  });
  return { projections, axes, mean, explainedVariance: total > 0 ? kept / total : 0 };
}
