import { tap } from 'rxjs';
import type { MonoTypeOperatorFunction } from 'rxjs';
import type { ExperienceRecord, ReplayBuffer } from '../replay/replay-buffer.ts';

/**
 * Records every value of a stream into a replay buffer as `toExperience(value)` and passes the
 * value through unchanged. A push the buffer rejects (InputError) becomes the stream's error.
 */
export function recordInto<T>(buffer: ReplayBuffer, toExperience: (value: T) => ExperienceRecord): MonoTypeOperatorFunction<T> {
  return tap((value: T) => {
    buffer.push(toExperience(value));
  });
}
