/**
 * DSA, CKA and Procrustes between two recordings (time × units, or trials × time × units), as a
 * user of the DSA and netrep Python packages would call them on two saved arrays, in the forms
 * the DSA test cases report (src/experiments/dsa-lorenz-metrics.ts):
 *
 *   dsa         DSA angle θ ∈ [0, π] between the HAVOK-DMD operators (Ostrow et al. 2023)
 *   cka         arccos(linear CKA)/(π/2) ∈ [0, 1]; `linearCka` is the score itself
 *   procrustes  angular Procrustes distance θ/(π/2) ∈ [0, 1]
 *
 * With `pcaComponents`, both recordings (same units count) are first projected on their common
 * principal components, as the curriculum test case does (src/analysis/common-pca.ts). CKA and
 * Procrustes compare the (trials · time) samples row by row, so they need the two recordings to
 * have the same trials and time steps; DSA does not.
 */
import { commonPca } from '../analysis/common-pca.ts';
import { toTrialArray } from '../analysis/array-shape.ts';
import type { ShapedArray, TrialArray } from '../analysis/array-shape.ts';
import type { DsaOptions } from '../analysis/dsa.ts';
import { linearCka } from '../analysis/linear-cka.ts';
import { InputError } from '../core/input-error.ts';
import type { Trajectories } from '../data/lorenz.ts';
import { dsaBetween, dsaOperator, procrustesDissimilarity } from './dsa-lorenz-metrics.ts';
import { METRICS } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

export interface CompareSettings {
  /** Which metrics to compute (default all three). */
  readonly metrics: readonly Metric[];
  /** DSA's embedding, rank and optimiser (src/analysis/dsa.ts). */
  readonly dsa: DsaOptions;
  /** Project both recordings on this many common principal components first (none when absent). */
  readonly pcaComponents?: number;
}

export interface CompareResult {
  /** trials × time × units of each recording as read. */
  readonly shapes: { readonly a: [number, number, number]; readonly b: [number, number, number] };
  readonly dsa?: number;
  /** DSA operator ranks used (lower than asked where the embedding's numerical rank is lower). */
  readonly dsaRank?: { readonly a: number; readonly b: number };
  readonly cka?: number;
  readonly linearCka?: number;
  readonly procrustes?: number;
  /** Fraction of variance in the common components, with `pcaComponents`. */
  readonly explainedVariance?: number;
}

const shapeOf = (x: TrialArray): [number, number, number] => [x.trials, x.time, x.units];
const asInput = (t: TrialArray): Trajectories => ({ data: t.data, shape: shapeOf(t) });

/** The chosen dissimilarities between recordings a and b; see the file comment. */
export function compareRecordings(a: ShapedArray, b: ShapedArray, settings: CompareSettings): CompareResult {
  let x = toTrialArray(a, 'a');
  let y = toTrialArray(b, 'b');
  const shapes = { a: shapeOf(x), b: shapeOf(y) };
  for (const m of settings.metrics) if (!(METRICS as readonly string[]).includes(m)) throw new InputError('metrics', `unknown metric "${m}"; expected some of ${METRICS.join(', ')}`);
  let explainedVariance: number | undefined;
  if (settings.pcaComponents !== undefined) {
    if (x.units !== y.units) throw new InputError('pcaComponents', `a common PCA needs the same units count, got ${x.units} (a) and ${y.units} (b); leave it out to compare as given`);
    const pca = commonPca([asInput(x), asInput(y)], settings.pcaComponents);
    [x, y] = pca.projections;
    explainedVariance = pca.explainedVariance;
  }
  const rowwise = settings.metrics.some((m) => m !== 'dsa');
  if (rowwise && (x.trials !== y.trials || x.time !== y.time)) {
    throw new InputError('b', `CKA and Procrustes pair samples row by row and need the same trials × time as a ([${shapes.a.slice(0, 2).join(', ')}]), got [${shapes.b.slice(0, 2).join(', ')}]; compare DSA alone (--metrics dsa) or cut the arrays to one length`);
  }
  const out: { -readonly [K in keyof CompareResult]: CompareResult[K] } = { shapes };
  if (settings.metrics.includes('dsa')) {
    const opA = dsaOperator(asInput(x), settings.dsa);
    const opB = dsaOperator(asInput(y), settings.dsa);
    out.dsa = dsaBetween(opA, opB, settings.dsa);
    out.dsaRank = { a: opA.rank, b: opB.rank };
  }
  if (settings.metrics.includes('cka')) {
    out.linearCka = linearCka(asInput(x), asInput(y));
    out.cka = Math.acos(Math.min(1, Math.max(0, out.linearCka))) / (Math.PI / 2);
  }
  if (settings.metrics.includes('procrustes')) out.procrustes = procrustesDissimilarity(asInput(x), asInput(y));
  if (explainedVariance !== undefined) out.explainedVariance = explainedVariance;
  return out;
}
