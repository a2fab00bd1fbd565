import { from, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { recordInto } from '../../src/streams/record-into.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';

/** The stored inputs from oldest to newest. */
function storedInputs(buffer: ReplayBuffer): number[][] {
  return Array.from({ length: buffer.size }, (_, k) => Array.from(buffer.inputView(buffer.slotAt(k))));
}

describe('recordInto', () => {
  it('records every value and passes it through unchanged', () => {
    const buffer = new ReplayBuffer({ capacity: 10, inputSize: 2, targetSize: 1 });
    const seen: number[] = [];
    let completed = false;
    from([1, 2, 3, 4, 5])
      .pipe(recordInto(buffer, (v) => ({ input: [v, v * v], target: v % 2 === 1 ? [-v] : null })))
      .subscribe({ next: (v) => seen.push(v), complete: () => (completed = true) });
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(completed).toBe(true);
    expect(storedInputs(buffer)).toEqual([[1, 1], [2, 4], [3, 9], [4, 16], [5, 25]]);
    expect(Array.from(buffer.targetView(2) ?? [])).toEqual([-3]);
    expect(buffer.targetView(3)).toBeNull();
  });

  it('keeps recording past the capacity, holding the most recent values', () => {
    const buffer = new ReplayBuffer({ capacity: 3, inputSize: 1 });
    const seen: number[] = [];
    from([1, 2, 3, 4, 5, 6, 7]).pipe(recordInto(buffer, (v) => ({ input: [v] }))).subscribe((v) => seen.push(v));
    expect(seen).toHaveLength(7);
    expect(storedInputs(buffer)).toEqual([[5], [6], [7]]);
  });

  it('records at the time values arrive and mirrors the source timing, completion and errors (marbles)', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    const buffer = new ReplayBuffer({ capacity: 4, inputSize: 1 });
    scheduler.run(({ cold, expectObservable }) => {
      const source = cold('a-b--c-#', { a: 1, b: 2, c: 3 }, new Error('upstream'));
      expectObservable(source.pipe(recordInto(buffer, (v) => ({ input: [10 * v] })))).toBe('a-b--c-#', { a: 1, b: 2, c: 3 }, new Error('upstream'));
    });
    expect(storedInputs(buffer)).toEqual([[10], [20], [30]]);
  });

  it('turns a rejected experience into an error for subscribers, after recording the values before it', () => {
    const buffer = new ReplayBuffer({ capacity: 4, inputSize: 2 });
    const seen: number[] = [];
    let error: unknown;
    from([1, 2, 3, 4])
      .pipe(
        map((v) => (v === 3 ? [v] : [v, v])), // the third input has the wrong length
        recordInto(buffer, (input: number[]) => ({ input })),
      )
      .subscribe({ next: (v) => seen.push(v[0]), error: (e) => (error = e) });
    expect(seen).toEqual([1, 2]);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toBe('input: expected length 2, got 1');
    expect(buffer.size).toBe(2);
  });
});
