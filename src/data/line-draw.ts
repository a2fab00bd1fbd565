import { InputError } from '../core/input-error.ts';
import { Random } from '../random/random.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * The toy "line-draw" task of Pemberton & Ponte Costa (BP(λ), TMLR 2024; code neuralml/bp_lambda,
 * src/dataset/linedraw_continuous.py): K fixed random binary codes in {0, 1}^D are the patterns;
 * a sequence shows pattern k's code at its first step and zeros after, and asks at its last step
 * (step T − 1 of 0…T−1) for the 2-D point mag·(sin 2πk/K, cos 2πk/K); loss mean-square error.
 *
 * Facts from the authors' code: D = 10; the codes are K distinct integers drawn without
 * replacement from 0…2^D − 1, written in binary with the most significant bit first (the
 * all-zero code, integer 0, can be drawn); the points are evenly spaced on the circle of radius
 * mag starting at (0, mag); each sequence's pattern is drawn uniformly, with replacement; the
 * paper's configuration (dataset_linedraw.yaml) has T = 10, K = 1, mag 1, targets at the last step
 * only (`end_only`); optional Gaussian input noise on every step (`noise_var`, used as a standard
 * deviation, default 0). With `targets: 'line'` every step t asks for the point (t/(T−1)) of the
 * way from the origin to pattern k's point, the authors' `end_only = False`.
 *
 * Where we differ: the authors draw the codes from NumPy's RandomState(123), fixed for all runs;
 * here they come from `new Random(codeSeed, 'line-draw/codes')` (codeSeed default 0), so they are
 * fixed too but not the same bits.
 */
export interface LineDrawOptions {
  /** Patterns K; default 1 as in the authors' configuration. */
  patterns?: number;
  /** Code length D; default 10. */
  codeSize?: number;
  /** Circle radius; default 1. */
  magnitude?: number;
  /** Seed of the fixed codes; default 0. */
  codeSeed?: number;
  /** 'end' (default): target at the last step only; 'line': the straight line at every step. */
  targets?: 'end' | 'line';
  /** Standard deviation of Gaussian noise added to every input; default 0. */
  inputNoise?: number;
}

/** The fixed patterns: K codes of D bits (row-major K × D) and their K 2-D end points. */
export interface LineDrawPatterns {
  codes: Float64Array;
  points: Float64Array;
  patterns: number;
  codeSize: number;
}

export function lineDrawPatterns(options: LineDrawOptions = {}): LineDrawPatterns {
  const K = options.patterns ?? 1;
  const D = options.codeSize ?? 10;
  const mag = options.magnitude ?? 1;
  if (!Number.isSafeInteger(D) || D < 1 || D > 30) throw new InputError('codeSize', `expected an integer in 1…30, got ${D}`);
  if (!Number.isSafeInteger(K) || K < 1 || K > 2 ** D) throw new InputError('patterns', `expected an integer in 1…2^${D}, got ${K}`);
  const rng = new Random(options.codeSeed ?? 0, 'line-draw/codes');
  const chosen = new Set<number>();
  const codes = new Float64Array(K * D);
  for (let k = 0; k < K; k++) {
    let n: number;
    do n = rng.integer(2 ** D);
    while (chosen.has(n));
    chosen.add(n);
    for (let bit = 0; bit < D; bit++) codes[k * D + bit] = (n >>> (D - 1 - bit)) & 1;
  }
  const points = new Float64Array(2 * K);
  for (let k = 0; k < K; k++) {
    const angle = (2 * Math.PI * k) / K;
    points[2 * k] = mag * Math.sin(angle);
    points[2 * k + 1] = mag * Math.cos(angle);
  }
  return { codes, points, patterns: K, codeSize: D };
}

/** The batch and which pattern each row shows. */
export interface LineDrawBatch extends SequenceBatch {
  pattern: Int32Array;
}

/** `batchSize` sequences of `horizon` steps; patterns drawn from `rng`, then the input noise. */
export function lineDrawBatch(patterns: LineDrawPatterns, batchSize: number, horizon: number, rng: Random, options: LineDrawOptions = {}): LineDrawBatch {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) throw new InputError('batchSize', `expected a positive integer, got ${batchSize}`);
  if (!Number.isSafeInteger(horizon) || horizon < 2) throw new InputError('horizon', `expected an integer ≥ 2, got ${horizon}`);
  const { codes, points, codeSize: D } = patterns;
  const T = horizon;
  const noise = options.inputNoise ?? 0;
  const line = (options.targets ?? 'end') === 'line';
  const pattern = new Int32Array(batchSize);
  for (let b = 0; b < batchSize; b++) pattern[b] = rng.integer(patterns.patterns);
  const inputs = new Float64Array(batchSize * T * D);
  const values = new Float64Array(batchSize * T * 2);
  const mask = new Float64Array(batchSize * T);
  for (let b = 0; b < batchSize; b++) {
    const k = pattern[b];
    inputs.set(codes.subarray(k * D, (k + 1) * D), b * T * D);
    for (let t = line ? 0 : T - 1; t < T; t++) {
      const f = t / (T - 1);
      values[(b * T + t) * 2] = f * points[2 * k];
      values[(b * T + t) * 2 + 1] = f * points[2 * k + 1];
      mask[b * T + t] = 1;
    }
  }
  if (noise > 0) for (let i = 0; i < inputs.length; i++) inputs[i] += noise * rng.normal();
  return {
    batch: batchSize,
    steps: T,
    inputSize: D,
    inputs: { kind: 'dense', values: inputs },
    lengths: new Int32Array(batchSize).fill(T),
    targets: { kind: 'values', outputSize: 2, values, mask, loss: 'mse' },
    continuesPrevious: false,
    pattern,
  };
}
