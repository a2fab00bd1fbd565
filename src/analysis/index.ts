/**
 * Similarity metrics for recordings of the simulator or arrays loaded from elsewhere
 * (time × units, or trials × time × units; nested arrays or a Float64Array with its shape):
 *
 *   representation geometry: linearCka, procrustesDistance, procrustesScore
 *   dynamics:                dsaDistance, dsaDistanceMatrix, and their parts
 *                            delayEmbed, fitHavokDmd, vectorFieldProcrustes
 *   statistics:              mannWhitneyU, benjaminiHochberg, lineFit
 */
export { toMatrix, toTrialArray } from './array-shape.ts';
export type { ArrayInput, ShapedArray, TrialArray } from './array-shape.ts';
export type { DenseMatrix } from '../linalg/dense-matrix.ts';
export { linearCka } from './linear-cka.ts';
export { procrustesDistance, procrustesScore } from './procrustes-distance.ts';
export { delayEmbed } from './delay-embedding.ts';
export type { DelayEmbedding } from './delay-embedding.ts';
export { fitHavokDmd } from './havok-dmd.ts';
export type { HavokDmd, HavokDmdOptions } from './havok-dmd.ts';
export { vectorFieldProcrustes } from './vector-field-procrustes.ts';
export type { VectorFieldProcrustesOptions, VectorFieldProcrustesResult } from './vector-field-procrustes.ts';
export { dsaDistance, dsaDistanceMatrix } from './dsa.ts';
export type { DsaOptions, DsaResult } from './dsa.ts';
export { benjaminiHochberg, benjaminiHochbergRejects } from './benjamini-hochberg.ts';
export { mannWhitneyU } from './mann-whitney-u.ts';
export type { Alternative, MannWhitneyResult } from './mann-whitney-u.ts';
export { lineFit } from './line-fit.ts';
export type { LineFit } from './line-fit.ts';
