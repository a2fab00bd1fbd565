import { take, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { OrderedSampler } from '../../src/replay/ordered-sampler.ts';
import { PrioritisedSampler } from '../../src/replay/prioritised-sampler.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import { replay$ } from '../../src/streams/replay-source.ts';
import type { Experience } from '../../src/streams/replay-source.ts';
import { UniformSampler } from '../../src/replay/uniform-sampler.ts';

/** A buffer of capacity 4 after pushes 1 … 6: slots 0, 1 hold 5, 6; odd inputs carry a target. */
function makeBuffer(): ReplayBuffer {
  const buffer = new ReplayBuffer({ capacity: 4, inputSize: 2, targetSize: 1 });
  for (let t = 1; t <= 6; t++) buffer.push({ input: [t, -t], target: t % 2 === 1 ? [t / 10] : null, priority: t });
  return buffer;
}

/** Subscribes and records everything, synchronously. */
function collect(source: ReturnType<typeof replay$>) {
  const values: Experience[] = [];
  const record = { values, completed: false, error: undefined as unknown };
  source.subscribe({ next: (e) => values.push(e), complete: () => (record.completed = true), error: (e) => (record.error = e) });
  return record;
}

describe('replay$', () => {
  it('emits count experiences synchronously on subscription, then completes', () => {
    const buffer = makeBuffer();
    const run = collect(replay$(buffer, new OrderedSampler(buffer, 'reverse'), 3));
    // Already done when subscribe returned.
    expect(run.completed).toBe(true);
    expect(run.error).toBeUndefined();
    expect(run.values.map((e) => [e.index, Array.from(e.input), e.target && Array.from(e.target), e.weight])).toEqual([
      [1, [6, -6], null, 1],
      [0, [5, -5], [0.5], 1],
      [3, [4, -4], null, 1],
    ]);
  });

  it('delivers the sampler draws and importance weights, drawing anew on each subscription', () => {
    const buffer = makeBuffer();
    const options = { alpha: 0.7, beta: 0.5, epsilon: 0.01 };
    const source = replay$(buffer, new PrioritisedSampler(buffer, new Random(5, 'replay'), options), 50);
    const direct = new PrioritisedSampler(buffer, new Random(5, 'replay'), options);
    for (let subscription = 0; subscription < 2; subscription++) {
      const indices = new Int32Array(50);
      const weights = new Float64Array(50);
      direct.sample(50, indices, weights);
      const run = collect(source);
      expect(run.values.map((e) => e.index)).toEqual(Array.from(indices));
      expect(run.values.map((e) => e.weight)).toEqual(Array.from(weights));
      expect(run.values.every((e) => e.input[0] === buffer.inputView(e.index)[0])).toBe(true);
    }
  });

  it('stops emitting when the subscriber unsubscribes early', () => {
    const buffer = makeBuffer();
    const views = vi.spyOn(buffer, 'inputView');
    let result: Experience[] = [];
    replay$(buffer, new UniformSampler(buffer, new Random(6)), 1000)
      .pipe(take(2), toArray())
      .subscribe((values) => (result = values));
    expect(result).toHaveLength(2);
    expect(views).toHaveBeenCalledTimes(2);
  });

  it('completes at once for count 0', () => {
    const buffer = makeBuffer();
    const run = collect(replay$(buffer, new UniformSampler(buffer, new Random(7)), 0));
    expect(run.values).toEqual([]);
    expect(run.completed).toBe(true);
  });

  it.each([
    ['an empty buffer', () => new ReplayBuffer({ capacity: 2, inputSize: 1 }), 1, 'buffer: cannot sample from an empty replay buffer'],
    ['more than stored without replacement', makeBuffer, 5, 'count: cannot draw 5 without replacement from 4 stored experiences'],
    ['a negative count', makeBuffer, -1, 'count: expected an integer ≥ 0, got -1'],
    ['a fractional count', makeBuffer, 2.5, 'count: expected an integer ≥ 0, got 2.5'],
  ])('delivers %s to the subscriber as an InputError instead of throwing', (_, make, count, message) => {
    const buffer = make();
    let run: ReturnType<typeof collect> | undefined;
    expect(() => (run = collect(replay$(buffer, new OrderedSampler(buffer, 'recorded'), count)))).not.toThrow();
    expect(run?.values).toEqual([]);
    expect(run?.completed).toBe(false);
    expect(run?.error).toBeInstanceOf(InputError);
    expect((run?.error as InputError).message).toBe(message);
  });
});
