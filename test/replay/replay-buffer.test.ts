import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import type { PriorityObserver, ReplayBufferSnapshot } from '../../src/replay/replay-buffer.ts';

/** The inputs' first entries from oldest to newest. */
function firstEntriesInOrder(buffer: ReplayBuffer): number[] {
  return Array.from({ length: buffer.size }, (_, k) => buffer.inputView(buffer.slotAt(k))[0]);
}

describe('ReplayBuffer', () => {
  it('stores copies of input, target and state, and reads them back as views and into caller buffers', () => {
    const buffer = new ReplayBuffer({ capacity: 3, inputSize: 2, targetSize: 3, stateSize: 1 });
    const input = new Float64Array([1, 2]);
    const slot = buffer.push({ input, target: [7, 8, 9], state: [0.5], priority: 0.25 });
    input[0] = 99; // the buffer holds a copy
    buffer.push({ input: [3, 4], state: [1.5] });
    expect(slot).toBe(0);
    expect(buffer.size).toBe(2);
    expect(Array.from(buffer.inputView(0))).toEqual([1, 2]);
    expect(Array.from(buffer.targetView(0) ?? [])).toEqual([7, 8, 9]);
    expect(buffer.targetView(1)).toBeNull();
    expect(buffer.hasTarget(0)).toBe(true);
    expect(buffer.hasTarget(1)).toBe(false);
    expect(Array.from(buffer.stateView(1))).toEqual([1.5]);
    expect(buffer.priority(0)).toBe(0.25);

    const out = new Float64Array(6).fill(-1);
    buffer.readInput(1, out, 1);
    expect(Array.from(out)).toEqual([-1, 3, 4, -1, -1, -1]);
    expect(buffer.readTarget(0, out, 3)).toBe(true);
    expect(Array.from(out)).toEqual([-1, 3, 4, 7, 8, 9]);
    expect(buffer.readTarget(1, out, 0)).toBe(false);
    expect(out[0]).toBe(-1); // untouched when there is no target
    buffer.readState(0, out, 5);
    expect(out[5]).toBe(0.5);
  });

  it('overwrites the oldest experience once full and keeps the recorded order across the wrap', () => {
    const buffer = new ReplayBuffer({ capacity: 4, inputSize: 1 });
    for (let t = 1; t <= 7; t++) buffer.push({ input: [t] });
    expect(buffer.size).toBe(4);
    expect(buffer.capacity).toBe(4);
    expect(firstEntriesInOrder(buffer)).toEqual([4, 5, 6, 7]);
    // Slots: 1..4 went to slots 0..3, then 5, 6, 7 overwrote slots 0, 1, 2; the oldest (4) is in slot 3.
    expect([0, 1, 2, 3].map((k) => buffer.slotAt(k))).toEqual([3, 0, 1, 2]);
    expect(Array.from(buffer.inputView(0))).toEqual([5]);
  });

  it('clears the contents, target flags of reused slots included', () => {
    const buffer = new ReplayBuffer({ capacity: 2, inputSize: 1, targetSize: 1 });
    buffer.push({ input: [1], target: [10], priority: 5 });
    buffer.clear();
    expect(buffer.size).toBe(0);
    expect(buffer.maxPriority).toBe(1);
    buffer.push({ input: [2] });
    expect(buffer.slotAt(0)).toBe(0);
    expect(buffer.targetView(0)).toBeNull();
    expect(() => buffer.inputView(1)).toThrow(InputError);
  });

  it('gives new experiences the largest priority assigned so far, 1 before any', () => {
    const buffer = new ReplayBuffer({ capacity: 5, inputSize: 1 });
    buffer.push({ input: [0] });
    expect(buffer.priority(0)).toBe(1);
    buffer.push({ input: [0], priority: 0.5 });
    buffer.setPriority(0, 0.2);
    expect(buffer.maxPriority).toBe(1); // largest assigned so far is the 1 of the first push
    buffer.setPriority(1, 3);
    buffer.push({ input: [0] });
    expect(buffer.priority(2)).toBe(3);

    const small = new ReplayBuffer({ capacity: 5, inputSize: 1 });
    small.push({ input: [0], priority: 0.05 });
    small.push({ input: [0] });
    expect(small.priority(1)).toBe(0.05);
  });

  it('tells observers about every priority change and about clears', () => {
    const buffer = new ReplayBuffer({ capacity: 2, inputSize: 1 });
    const seen: string[] = [];
    const observer: PriorityObserver = {
      priorityChanged: (slot, p) => seen.push(`${slot}:${p}`),
      contentsReplaced: () => seen.push('replaced'),
    };
    buffer.observePriorities(observer);
    buffer.push({ input: [0], priority: 2 });
    buffer.push({ input: [0] });
    buffer.push({ input: [0], priority: 0.5 }); // overwrites slot 0
    buffer.setPriority(1, 4);
    buffer.clear();
    buffer.unobservePriorities(observer);
    buffer.push({ input: [0] });
    expect(seen).toEqual(['0:2', '1:2', '0:0.5', '1:4', 'replaced']);
  });

  it('round-trips its complete contents through a JSON snapshot and continues identically', () => {
    const shape = { capacity: 5, inputSize: 3, targetSize: 2, stateSize: 1 };
    const a = new ReplayBuffer(shape);
    for (let t = 0; t < 8; t++) {
      a.push({ input: [t, t / 3, -t], target: t % 3 === 0 ? null : [t, 0.1 * t], state: [Math.sqrt(t)], priority: t % 2 === 0 ? undefined : 0.7 * t });
    }
    const saved: ReplayBufferSnapshot = JSON.parse(JSON.stringify(a.snapshot()));
    const b = ReplayBuffer.fromSnapshot(saved);
    const c = new ReplayBuffer(shape);
    c.push({ input: [9, 9, 9], state: [9] });
    c.restore(saved);
    for (const restored of [b, c]) {
      expect(restored.snapshot()).toEqual(a.snapshot());
      expect(restored.maxPriority).toBe(a.maxPriority);
      // Continuing: 8 pushes into 5 slots left the head at slot 3, so the next ones go to 3, 4, 0.
      const slots = [8, 9, 10].map((t) => restored.push({ input: [t, 0, 0], state: [0] }));
      expect(slots).toEqual([3, 4, 0]);
    }
    for (let t = 8; t < 11; t++) a.push({ input: [t, 0, 0], state: [0] });
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(c.snapshot()).toEqual(a.snapshot());
    expect(firstEntriesInOrder(b)).toEqual([6, 7, 8, 9, 10]);
  });

  describe('bad input', () => {
    const buffer = new ReplayBuffer({ capacity: 3, inputSize: 2, targetSize: 1 });
    buffer.push({ input: [1, 2] });

    it.each([
      [{ capacity: 0, inputSize: 1 }, 'capacity: expected an integer ≥ 1, got 0'],
      [{ capacity: -2, inputSize: 1 }, 'capacity: expected an integer ≥ 1, got -2'],
      [{ capacity: 2.5, inputSize: 1 }, 'capacity: expected an integer ≥ 1, got 2.5'],
      [{ capacity: NaN, inputSize: 1 }, 'capacity: expected an integer ≥ 1, got NaN'],
      [{ capacity: 2, inputSize: 0 }, 'inputSize: expected an integer ≥ 1, got 0'],
      [{ capacity: 2, inputSize: 1, targetSize: -1 }, 'targetSize: expected an integer ≥ 0, got -1'],
    ])('rejects the shape %o', (shape, message) => {
      expect(() => new ReplayBuffer(shape)).toThrow(InputError);
      expect(() => new ReplayBuffer(shape)).toThrow(message);
    });

    it.each([
      [{ input: [1] }, 'input: expected length 2, got 1'],
      [{ input: [1, NaN] }, 'input[1]: expected a finite number, got NaN'],
      [{ input: [1, 2], target: [1, 2] }, 'target: expected length 1, got 2'],
      [{ input: [1, 2], state: [1] }, 'state: this buffer stores no state snapshots (stateSize 0)'],
      [{ input: [1, 2], priority: -0.1 }, 'priority: expected a finite number ≥ 0, got -0.1'],
      [{ input: [1, 2], priority: NaN }, 'priority: expected a finite number ≥ 0, got NaN'],
      [{ input: [1, 2], priority: Infinity }, 'priority: expected a finite number ≥ 0, got Infinity'],
    ])('rejects the push %o and leaves the contents as they were', (record, message) => {
      const before = buffer.snapshot();
      expect(() => buffer.push(record)).toThrow(InputError);
      expect(() => buffer.push(record)).toThrow(message);
      expect(buffer.snapshot()).toEqual(before);
    });

    it('rejects a missing state, a target where none are stored, bad slots, priorities and output room', () => {
      const withState = new ReplayBuffer({ capacity: 2, inputSize: 1, stateSize: 2 });
      expect(() => withState.push({ input: [1] })).toThrow('state: expected a state snapshot of length 2');
      const noTargets = new ReplayBuffer({ capacity: 2, inputSize: 1 });
      expect(() => noTargets.push({ input: [1], target: [1] })).toThrow('target: this buffer stores no targets (targetSize 0)');
      expect(() => buffer.inputView(1)).toThrow('slot: expected an occupied slot, an integer in [0, 1), got 1');
      expect(() => buffer.slotAt(-1)).toThrow('k: expected an integer in [0, 1), got -1');
      expect(() => buffer.setPriority(0, NaN)).toThrow('priority: expected a finite number ≥ 0, got NaN');
      expect(() => buffer.readInput(0, new Float64Array(2), 1)).toThrow('out: needs room for 2 values from offset 1, has length 2');
    });

    it('rejects a snapshot of another shape or with inconsistent contents, naming the field', () => {
      const good = buffer.snapshot();
      const other = new ReplayBuffer({ capacity: 3, inputSize: 2, targetSize: 1 });
      expect(() => other.restore({ ...good, capacity: 4 })).toThrow('snapshot.capacity: expected 3, got 4');
      expect(() => other.restore({ ...good, head: 0 })).toThrow('snapshot.head: expected 1, got 0');
      expect(() => other.restore({ ...good, inputs: [1] })).toThrow('snapshot.inputs: expected 2 entries, got 1');
      expect(() => other.restore({ ...good, inputs: [1, null as unknown as number] })).toThrow('snapshot.inputs[1]: expected a finite number, got null');
      expect(() => other.restore({ ...good, hasTarget: [2] })).toThrow('snapshot.hasTarget[0]: expected 0 or 1, got 2');
      expect(() => other.restore({ ...good, priorities: [-1] })).toThrow('snapshot.priorities[0]: expected a finite number ≥ 0, got -1');
      expect(other.size).toBe(0); // nothing restored from a rejected snapshot
    });
  });
});
