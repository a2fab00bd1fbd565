import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import { OrderedSampler } from '../../src/replay/ordered-sampler.ts';
import type { ReplayOrder } from '../../src/replay/ordered-sampler.ts';

/** First input entries of the slots `order` gives for the `count` most recent experiences. */
function replayed(buffer: ReplayBuffer, order: ReplayOrder, count: number): number[] {
  const indices = new Int32Array(count);
  new OrderedSampler(buffer, order).sample(count, indices);
  return Array.from(indices, (slot) => buffer.inputView(slot)[0]);
}

/**
 * A chain s_0 → s_1 → … → s_{N−1} recorded as N transitions: input [s], target [r, s', terminal].
 * Reward 1 comes at the terminal state s_{N−1}, 0 elsewhere.
 */
function recordChain(buffer: ReplayBuffer, n: number): void {
  for (let k = 0; k < n - 1; k++) buffer.push({ input: [k], target: [0, k + 1, 0] });
  buffer.push({ input: [n - 1], target: [1, n - 1, 1] });
}

/** One sweep of TD(0) with learning rate 1 over the transitions `order` replays: V(s) ← r + γ·(1 − terminal)·V(s'). */
function tdSweep(buffer: ReplayBuffer, order: ReplayOrder, n: number, gamma: number): number[] {
  const values = new Array<number>(n).fill(0);
  const indices = new Int32Array(n);
  new OrderedSampler(buffer, order).sample(n, indices);
  const input = new Float64Array(1);
  const target = new Float64Array(3);
  for (const slot of indices) {
    buffer.readInput(slot, input);
    expect(buffer.readTarget(slot, target)).toBe(true);
    const [s, r, next, terminal] = [input[0], target[0], target[1], target[2]];
    const tdError = r + gamma * (1 - terminal) * values[next] - values[s]; // δ = r + γ V(s') − V(s)
    values[s] += 1 * tdError; // V(s) ← V(s) + η δ with η = 1
  }
  return values;
}

describe('OrderedSampler', () => {
  it('replays the most recent experiences in recorded and in reverse order after wrap-around', () => {
    const buffer = new ReplayBuffer({ capacity: 4, inputSize: 1 });
    for (let t = 1; t <= 7; t++) buffer.push({ input: [t] });
    expect(replayed(buffer, 'recorded', 4)).toEqual([4, 5, 6, 7]);
    expect(replayed(buffer, 'reverse', 4)).toEqual([7, 6, 5, 4]);
    expect(replayed(buffer, 'recorded', 2)).toEqual([6, 7]);
    expect(replayed(buffer, 'reverse', 2)).toEqual([7, 6]);
    expect(replayed(buffer, 'reverse', 0)).toEqual([]);
    const weights = new Float64Array(3).fill(5);
    new OrderedSampler(buffer, 'reverse').sample(2, new Int32Array(2), weights);
    expect(Array.from(weights)).toEqual([1, 1, 5]);
  });

  describe('reverse replay on a chain with a terminal reward (TD(0), learning rate 1)', () => {
    const n = 7;
    const makeBuffer = () => {
      const buffer = new ReplayBuffer({ capacity: 10, inputSize: 1, targetSize: 3 });
      for (let t = 0; t < 6; t++) buffer.push({ input: [0], target: [5, 0, 1] }); // earlier experience, partly overwritten
      recordChain(buffer, n); // 13 pushes into 10 slots: the chain wraps around the ring
      return buffer;
    };

    it('gives V(s_k) = γ^(N−1−k) exactly after one reverse sweep', () => {
      const buffer = makeBuffer();
      const half = tdSweep(buffer, 'reverse', n, 0.5);
      for (let k = 0; k < n; k++) expect(half[k]).toBe(0.5 ** (n - 1 - k)); // powers of 1/2 are exact in binary
      const values = tdSweep(buffer, 'reverse', n, 0.9);
      let expected = 1;
      for (let k = n - 1; k >= 0; k--) {
        expect(values[k]).toBe(expected); // the product γ·γ·…·γ, evaluated in the same order
        expect(values[k]).toBeCloseTo(0.9 ** (n - 1 - k), 14);
        expected *= 0.9;
      }
    });

    it('does not after one forward sweep: only the terminal value is learnt', () => {
      const values = tdSweep(makeBuffer(), 'recorded', n, 0.5);
      expect(values).toEqual([0, 0, 0, 0, 0, 0, 1]);
      for (let k = 0; k < n - 1; k++) expect(values[k]).not.toBe(0.5 ** (n - 1 - k));
    });
  });

  it('rejects drawing more than is stored, an empty buffer and an unknown order', () => {
    const buffer = new ReplayBuffer({ capacity: 4, inputSize: 1 });
    const sampler = new OrderedSampler(buffer, 'recorded');
    expect(() => sampler.sample(0, new Int32Array(0))).toThrow('buffer: cannot sample from an empty replay buffer');
    buffer.push({ input: [1] });
    buffer.push({ input: [2] });
    expect(() => sampler.sample(3, new Int32Array(3))).toThrow('count: cannot draw 3 without replacement from 2 stored experiences');
    expect(() => new OrderedSampler(buffer, 'random' as ReplayOrder)).toThrow("order: expected 'recorded' or 'reverse', got random");
  });
});
