import { InputError } from '../core/input-error.ts';
import type { ReplayBuffer } from './replay-buffer.ts';

/**
 * A replay order: which stored experiences to replay, as buffer slots, and with what importance
 * weight. Results go into caller-provided arrays so that repeated sampling allocates nothing.
 */
export interface ReplaySampler {
  /**
   * Writes `count` slots into indices[0 … count) and, when `weights` is given, their importance
   * weights into weights[0 … count) (1 for strategies without importance sampling).
   */
  sample(count: number, indices: Int32Array, weights?: Float64Array): void;
}

/** A count of experiences to draw is an integer ≥ 0. */
export function checkSampleCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new InputError('count', `expected an integer ≥ 0, got ${count}`);
}

/** The checks every sampler makes: a valid count, a non-empty buffer, room for the results. */
export function checkSampleRequest(buffer: ReplayBuffer, count: number, indices: Int32Array, weights: Float64Array | undefined): void {
  checkSampleCount(count);
  if (buffer.size === 0) throw new InputError('buffer', 'cannot sample from an empty replay buffer');
  if (indices.length < count) throw new InputError('indices', `needs room for ${count} slots, has length ${indices.length}`);
  if (weights !== undefined && weights.length < count) {
    throw new InputError('weights', `needs room for ${count} weights, has length ${weights.length}`);
  }
}
