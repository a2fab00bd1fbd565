/** Shared fixtures of the recurrent-core tests: random batches and a central-difference gradient check. */
import { Random } from '../../src/random/random.ts';
import type { RecurrentNetwork, SequenceBatch } from '../../src/recurrent/network.ts';

/** B sequences of T steps of I uniform inputs in [−1, 1), batch-first, optional lengths. */
export function randomBatch(seed: number, batchSize: number, steps: number, inputSize: number, lengths?: number[]): SequenceBatch {
  const rng = new Random(seed, 'batch');
  const inputs = new Float64Array(batchSize * steps * inputSize);
  rng.fillUniformSymmetric(inputs, 0, inputs.length, 1);
  return lengths === undefined ? { inputs, batchSize, steps } : { inputs, batchSize, steps, lengths: Int32Array.from(lengths) };
}

/** Sequence b of a batch-first batch as x[t][i]. */
export function sequenceOf(batch: SequenceBatch, b: number, inputSize: number): number[][] {
  return Array.from({ length: batch.steps }, (_, t) => Array.from(batch.inputs.subarray((b * batch.steps + t) * inputSize, (b * batch.steps + t + 1) * inputSize)));
}

/**
 * Central differences (f(θ + ε e_i) − f(θ − ε e_i)) / 2ε of f at a model's parameters θ (a
 * network's, a language model's, or any array f reads, as `{ parameters }`), for every i; θ is
 * restored after each entry.
 */
export function finiteDifferenceGradient(net: { readonly parameters: Float64Array }, f: () => number, eps = 1e-5): Float64Array {
  const p = net.parameters;
  const g = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) {
    const keep = p[i];
    p[i] = keep + eps;
    const up = f();
    p[i] = keep - eps;
    const down = f();
    p[i] = keep;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

/**
 * Per named parameter array: ‖analytic − numeric‖∞ / ‖numeric‖∞ and ‖numeric‖∞ (so a test can
 * also see that no block has a vanishing gradient that would make the check empty).
 */
export function relativeErrors(net: RecurrentNetwork, analytic: Float64Array, numeric: Float64Array): Map<string, { rel: number; scale: number }> {
  const out = new Map<string, { rel: number; scale: number }>();
  for (const [name, v] of net.views) {
    let diff = 0;
    let scale = 0;
    for (let i = v.offset; i < v.offset + v.rows * v.cols; i++) {
      diff = Math.max(diff, Math.abs(analytic[i] - numeric[i]));
      scale = Math.max(scale, Math.abs(numeric[i]));
    }
    out.set(name, { rel: diff / scale, scale });
  }
  return out;
}

/** The largest per-array relative error. */
export function worst(errors: Map<string, { rel: number; scale: number }>): number {
  return Math.max(...[...errors.values()].map((e) => e.rel));
}

/** Number of positions where two arrays differ in their bits (after checking their lengths agree). */
export function differingBits(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) throw new RangeError(`lengths differ: ${a.length} and ${b.length}`);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

/** ‖a − b‖ / ‖b‖. */
export function relativeError(a: Float64Array, b: Float64Array): number {
  let d = 0;
  let r = 0;
  for (let i = 0; i < a.length; i++) {
    d += (a[i] - b[i]) ** 2;
    r += b[i] ** 2;
  }
  return Math.sqrt(d / r);
}
