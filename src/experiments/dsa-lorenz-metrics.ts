/**
 * The three dissimilarities of the Lorenz test case, each in the form the authors' code reports
 * (src/experiments/dsa-lorenz-settings.ts):
 *
 *   dsa         DSA angle θ ∈ [0, π] between the HAVOK-DMD operators (src/analysis/dsa.ts)
 *   cka         arccos(linear CKA)/(π/2) ∈ [0, 1]
 *   procrustes  angular Procrustes distance θ/(π/2) ∈ [0, 1]
 */
import type { DsaOptions } from '../analysis/dsa.ts';
import { fitHavokDmd } from '../analysis/havok-dmd.ts';
import type { HavokDmd } from '../analysis/havok-dmd.ts';
import { linearCka } from '../analysis/linear-cka.ts';
import { procrustesDistance } from '../analysis/procrustes-distance.ts';
import { vectorFieldProcrustes } from '../analysis/vector-field-procrustes.ts';
import { InputError } from '../core/input-error.ts';
import type { Trajectories } from '../data/lorenz.ts';

export const METRICS = ['dsa', 'cka', 'procrustes'] as const;
export type Metric = (typeof METRICS)[number];

/** arccos(CKA)/(π/2): 0 for the same representation up to rotation and scale, 1 for orthogonal ones. */
export function ckaDissimilarity(x: Trajectories, y: Trajectories): number {
  return Math.acos(Math.min(1, Math.max(0, linearCka(x, y)))) / (Math.PI / 2);
}

/** θ/(π/2), θ the angular Procrustes shape distance. */
export function procrustesDissimilarity(x: Trajectories, y: Trajectories): number {
  return procrustesDistance(x, y) / (Math.PI / 2);
}

/**
 * The DSA operator of one system at `options.rank`, or at the embedding's numerical rank where
 * that is lower (noise-free systems decaying to a fixed point); `rank` of the result says which.
 */
export function dsaOperator(x: Trajectories, options: DsaOptions): HavokDmd {
  try {
    return fitHavokDmd(x, options);
  } catch (error) {
    if (!(error instanceof InputError && error.field === 'rank' && /numerical rank/.test(error.problem))) throw error;
    // Without a rank the fit keeps every numerically non-zero direction, fewer than asked for.
    return fitHavokDmd(x, { ...options, rank: undefined });
  }
}

/** DSA angle between two fitted operators (the smaller zero-padded to the larger). */
export function dsaBetween(a: HavokDmd, b: HavokDmd, options: DsaOptions): number {
  return vectorFieldProcrustes(a.A, b.A, options).distance;
}

/** All three dissimilarities of x and y. */
export function dissimilarities(x: Trajectories, y: Trajectories, options: DsaOptions): Record<Metric, number> {
  return { dsa: dsaBetween(dsaOperator(x, options), dsaOperator(y, options), options), cka: ckaDissimilarity(x, y), procrustes: procrustesDissimilarity(x, y) };
}
