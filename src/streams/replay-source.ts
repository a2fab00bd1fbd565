import { Observable } from 'rxjs';
import type { ReplayBuffer } from '../replay/replay-buffer.ts';
import { checkSampleCount } from '../replay/replay-sampler.ts';
import type { ReplaySampler } from '../replay/replay-sampler.ts';

/**
 * One replayed experience. `input` and `target` are views into the buffer, not copies: they
 * change if the slot is overwritten, so copy them to keep them past further pushes.
 */
export interface Experience {
  /** The buffer slot replayed (pass it back to update the priority). */
  index: number;
  input: Float64Array;
  target: Float64Array | null;
  /** Importance weight; 1 for samplers without importance sampling. */
  weight: number;
}

/**
 * A cold Observable of `count` experiences drawn by `sampler`, emitted synchronously on
 * subscription, then complete. Each subscription draws anew, all `count` at once, so priority
 * updates made while it emits take effect from the next subscription. Bad input (a count that is
 * not an integer ≥ 0, an empty buffer, more than stored for a sampler without replacement)
 * arrives as an InputError through `error`.
 */
export function replay$(buffer: ReplayBuffer, sampler: ReplaySampler, count: number): Observable<Experience> {
  return new Observable<Experience>((subscriber) => {
    let indices: Int32Array;
    let weights: Float64Array;
    try {
      checkSampleCount(count);
      indices = new Int32Array(count);
      weights = new Float64Array(count);
      sampler.sample(count, indices, weights);
    } catch (error) {
      subscriber.error(error);
      return;
    }
    for (let i = 0; i < count && !subscriber.closed; i++) {
      const slot = indices[i];
      subscriber.next({ index: slot, input: buffer.inputView(slot), target: buffer.targetView(slot), weight: weights[i] });
    }
    subscriber.complete();
  });
}
