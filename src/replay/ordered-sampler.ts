import { InputError } from '../core/input-error.ts';
import type { ReplayBuffer } from './replay-buffer.ts';
import { checkSampleRequest } from './replay-sampler.ts';
import type { ReplaySampler } from './replay-sampler.ts';

/** 'recorded': oldest first, as experienced. 'reverse': newest first, as in awake reverse replay. */
export type ReplayOrder = 'recorded' | 'reverse';

/**
 * Sequential replay without replacement of the `count` most recent experiences, in recorded or
 * reverse order. Both orders cover the same window, so comparing them isolates the effect of
 * order (e.g. reverse replay propagating a terminal reward back along a trajectory in one sweep).
 */
export class OrderedSampler implements ReplaySampler {
  constructor(
    private readonly buffer: ReplayBuffer,
    readonly order: ReplayOrder,
  ) {
    if (order !== 'recorded' && order !== 'reverse') throw new InputError('order', `expected 'recorded' or 'reverse', got ${String(order)}`);
  }

  sample(count: number, indices: Int32Array, weights?: Float64Array): void {
    checkSampleRequest(this.buffer, count, indices, weights);
    const n = this.buffer.size;
    if (count > n) throw new InputError('count', `cannot draw ${count} without replacement from ${n} stored experiences`);
    const first = n - count; // age of the oldest experience in the window
    for (let i = 0; i < count; i++) {
      indices[i] = this.buffer.slotAt(this.order === 'recorded' ? first + i : n - 1 - i);
    }
    if (weights !== undefined) weights.fill(1, 0, count);
  }
}
