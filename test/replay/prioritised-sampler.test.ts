import { describe, expect, it, vi } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { PrioritisedSampler } from '../../src/replay/prioritised-sampler.ts';
import type { PrioritisedSamplerOptions } from '../../src/replay/prioritised-sampler.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import { CHI2_CRITICAL_0_001, chiSquare } from './chi-square.ts';

/** P(i) = p_i^α / Σ_k p_k^α, written out here independently of the sampler. */
function probabilities(priorities: readonly number[], alpha: number): number[] {
  const scaled = priorities.map((p) => p ** alpha);
  const total = scaled.reduce((a, b) => a + b, 0);
  return scaled.map((x) => x / total);
}

/** w_i = (N·P(i))^−β / max_j (N·P(j))^−β over the j with P(j) > 0. */
function importanceWeights(priorities: readonly number[], alpha: number, beta: number): number[] {
  const P = probabilities(priorities, alpha);
  const n = priorities.length;
  const raw = P.map((q) => (n * q) ** -beta);
  const largest = Math.max(...raw.filter((_, j) => P[j] > 0));
  return raw.map((w) => w / largest);
}

/** Per-slot counts of `draws` samples, in batches into reused arrays. */
function countDraws(sampler: PrioritisedSampler, slots: number, draws: number): Float64Array {
  const counts = new Float64Array(slots);
  const indices = new Int32Array(1000);
  for (let done = 0; done < draws; done += 1000) {
    sampler.sample(1000, indices);
    for (const slot of indices) counts[slot]++;
  }
  return counts;
}

const OPTIONS: PrioritisedSamplerOptions = { alpha: 0.6, beta: 0.4, epsilon: 0.01 };

describe('PrioritisedSampler', () => {
  // Ten pushes into eight slots: the last two overwrite slots 0 and 1.
  const pushed = [9, 9, 1, 2, 3, 0.2, 4, 0.05, 0.1, 0.5];
  const stored = [0.1, 0.5, 1, 2, 3, 0.2, 4, 0.05]; // priority by slot after the wrap
  const makeBuffer = () => {
    const buffer = new ReplayBuffer({ capacity: 8, inputSize: 1 });
    for (const p of pushed) buffer.push({ input: [p], priority: p });
    return buffer;
  };

  it.each([0, 0.5, 1, 2])('draws slot i with P(i) = p_i^α / Σ p^α for α = %s (chi-square, significance 0.001)', (alpha) => {
    const buffer = makeBuffer();
    const sampler = new PrioritisedSampler(buffer, new Random(11, `alpha ${alpha}`), { ...OPTIONS, alpha });
    const P = probabilities(stored, alpha);
    for (let slot = 0; slot < 8; slot++) expect(sampler.probability(slot)).toBeCloseTo(P[slot], 14);
    const counts = countDraws(sampler, 8, 200_000);
    expect(chiSquare(counts, P)).toBeLessThan(CHI2_CRITICAL_0_001[7]);
    // The test has the power to tell α apart: the same counts are far from the P of α ± 0.1.
    expect(chiSquare(counts, probabilities(stored, alpha + 0.1))).toBeGreaterThan(CHI2_CRITICAL_0_001[7]);
  });

  it('keeps its trees in step when created before the pushes, and shares the buffer with another α', () => {
    const buffer = new ReplayBuffer({ capacity: 8, inputSize: 1 });
    const early = new PrioritisedSampler(buffer, new Random(12), { ...OPTIONS, alpha: 1 });
    for (const p of pushed) buffer.push({ input: [p], priority: p });
    const late = new PrioritisedSampler(buffer, new Random(13), { ...OPTIONS, alpha: 0.5 });
    expect(chiSquare(countDraws(early, 8, 100_000), probabilities(stored, 1))).toBeLessThan(CHI2_CRITICAL_0_001[7]);
    expect(chiSquare(countDraws(late, 8, 100_000), probabilities(stored, 0.5))).toBeLessThan(CHI2_CRITICAL_0_001[7]);
  });

  it.each([0.4, 1])('returns importance weights (N·P(i))^−β normalised by their maximum, β = %s', (beta) => {
    const sampler = new PrioritisedSampler(makeBuffer(), new Random(14), { ...OPTIONS, beta });
    const expected = importanceWeights(stored, OPTIONS.alpha, beta);
    const indices = new Int32Array(5000);
    const weights = new Float64Array(5000);
    sampler.sample(5000, indices, weights);
    for (let i = 0; i < 5000; i++) expect(weights[i]).toBeCloseTo(expected[indices[i]], 12);
    // The least likely experience (slot 7, p = 0.05) carries the largest weight, exactly 1.
    expect(indices).toContain(7);
    expect(Math.max(...weights)).toBe(1);
    expect(weights[indices.indexOf(7)]).toBe(1);
  });

  it('anneals β through its setter', () => {
    const sampler = new PrioritisedSampler(makeBuffer(), new Random(15), OPTIONS);
    sampler.beta = 1;
    const indices = new Int32Array(200);
    const weights = new Float64Array(200);
    sampler.sample(200, indices, weights);
    const expected = importanceWeights(stored, OPTIONS.alpha, 1);
    for (let i = 0; i < 200; i++) expect(weights[i]).toBeCloseTo(expected[indices[i]], 12);
    expect(() => (sampler.beta = 1.5)).toThrow('beta: expected a number in [0, 1], got 1.5');
    expect(sampler.beta).toBe(1);
  });

  it('never draws a zero-priority experience and leaves it out of the weight maximum', () => {
    const buffer = new ReplayBuffer({ capacity: 3, inputSize: 1 });
    [0, 1, 2].forEach((p) => buffer.push({ input: [p], priority: p }));
    const sampler = new PrioritisedSampler(buffer, new Random(16), { alpha: 1, beta: 0.5, epsilon: 0.01 });
    const indices = new Int32Array(3000);
    const weights = new Float64Array(3000);
    sampler.sample(3000, indices, weights);
    expect(indices).not.toContain(0);
    for (let i = 0; i < 3000; i++) expect(weights[i]).toBeCloseTo(indices[i] === 1 ? 1 : 2 ** -0.5, 14); // (p_i / p_min)^−β
  });

  it('updates priorities to |δ| + ε after replay, and gives new experiences the maximum', () => {
    const buffer = new ReplayBuffer({ capacity: 8, inputSize: 1 });
    for (const p of stored) buffer.push({ input: [p], priority: p }); // largest so far: 4
    const sampler = new PrioritisedSampler(buffer, new Random(17), { ...OPTIONS, alpha: 1 });
    sampler.updatePriorities(new Int32Array([6, 2, 7]), new Float64Array([0, -5, 0.3]), 3);
    const updated = stored.slice();
    updated[6] = 0.01; // |0| + ε
    updated[2] = 5.01; // |−5| + ε
    updated[7] = 0.31; // |0.3| + ε
    for (const slot of [6, 2, 7]) expect(buffer.priority(slot)).toBeCloseTo(updated[slot], 15);
    expect(chiSquare(countDraws(sampler, 8, 100_000), probabilities(updated, 1))).toBeLessThan(CHI2_CRITICAL_0_001[7]);

    buffer.push({ input: [0] }); // overwrites slot 0 (the oldest) with the maximum priority, 5.01
    updated[0] = 5.01;
    expect(buffer.priority(0)).toBeCloseTo(5.01, 15);
    expect(sampler.probability(0)).toBeCloseTo(probabilities(updated, 1)[0], 14);
    expect(chiSquare(countDraws(sampler, 8, 100_000), probabilities(updated, 1))).toBeLessThan(CHI2_CRITICAL_0_001[7]);
  });

  it('takes the maximum over every priority assigned, evicted ones included (p_t = max_{i<t} p_i)', () => {
    const buffer = makeBuffer(); // the two experiences with priority 9 were overwritten
    buffer.push({ input: [0] });
    expect(buffer.priority(2)).toBe(9);
  });

  it('continues identically after a JSON checkpoint of the buffer and the random state', () => {
    const rng = new Random(18, 'replay');
    const buffer = new ReplayBuffer({ capacity: 6, inputSize: 2, targetSize: 1, stateSize: 1 });
    const sampler = new PrioritisedSampler(buffer, rng, OPTIONS);
    const indices = new Int32Array(40);
    const weights = new Float64Array(40);
    const tdErrors = new Float64Array(40);
    /** Pushes, draws and updates; returns what was drawn. */
    const step = (b: ReplayBuffer, s: PrioritisedSampler, r: Random, t: number): number[] => {
      b.push({ input: [t, -t], target: t % 2 ? [t] : null, state: [t / 7] });
      s.sample(40, indices, weights);
      for (let i = 0; i < 40; i++) tdErrors[i] = r.normal();
      s.updatePriorities(indices, tdErrors, 40);
      return [...indices, ...weights];
    };
    for (let t = 0; t < 9; t++) step(buffer, sampler, rng, t);

    const checkpoint = JSON.parse(JSON.stringify({ buffer: buffer.snapshot(), random: rng.getState() }));
    const rng2 = new Random(0);
    rng2.setState(checkpoint.random);
    const buffer2 = ReplayBuffer.fromSnapshot(checkpoint.buffer);
    const sampler2 = new PrioritisedSampler(buffer2, rng2, OPTIONS);
    // A sampler already attached to a buffer follows a restore into it.
    const rng3 = new Random(0);
    rng3.setState(checkpoint.random);
    const buffer3 = new ReplayBuffer({ capacity: 6, inputSize: 2, targetSize: 1, stateSize: 1 });
    const sampler3 = new PrioritisedSampler(buffer3, rng3, OPTIONS);
    buffer3.restore(checkpoint.buffer);

    for (let t = 9; t < 20; t++) {
      const original = step(buffer, sampler, rng, t);
      expect(step(buffer2, sampler2, rng2, t)).toEqual(original);
      expect(step(buffer3, sampler3, rng3, t)).toEqual(original);
    }
    expect(buffer2.snapshot()).toEqual(buffer.snapshot());
    expect(buffer3.snapshot()).toEqual(buffer.snapshot());
  });

  it('stops following the buffer when detached', () => {
    const buffer = makeBuffer();
    const sampler = new PrioritisedSampler(buffer, new Random(19), OPTIONS);
    const spy = vi.spyOn(sampler, 'priorityChanged');
    buffer.push({ input: [0] });
    sampler.detach();
    buffer.push({ input: [0] });
    expect(spy).toHaveBeenCalledTimes(1);
  });

  describe('bad input', () => {
    const buffer = makeBuffer();
    it.each([
      [{ alpha: -0.1, beta: 0.4, epsilon: 0.01 }, 'alpha: expected a finite number ≥ 0, got -0.1'],
      [{ alpha: NaN, beta: 0.4, epsilon: 0.01 }, 'alpha: expected a finite number ≥ 0, got NaN'],
      [{ alpha: 0.6, beta: -0.1, epsilon: 0.01 }, 'beta: expected a number in [0, 1], got -0.1'],
      [{ alpha: 0.6, beta: 1.01, epsilon: 0.01 }, 'beta: expected a number in [0, 1], got 1.01'],
      [{ alpha: 0.6, beta: 0.4, epsilon: 0 }, 'epsilon: expected a finite number > 0, got 0'],
      [{ alpha: 0.6, beta: 0.4, epsilon: -1 }, 'epsilon: expected a finite number > 0, got -1'],
    ])('rejects options %o', (options, message) => {
      expect(() => new PrioritisedSampler(buffer, new Random(0), options)).toThrow(InputError);
      expect(() => new PrioritisedSampler(buffer, new Random(0), options)).toThrow(message);
    });

    it('rejects a NaN TD error or an unoccupied slot and then changes no priority', () => {
      const sampler = new PrioritisedSampler(buffer, new Random(0), OPTIONS);
      const before = buffer.snapshot().priorities;
      expect(() => sampler.updatePriorities(new Int32Array([1, 2]), new Float64Array([0.5, NaN]), 2)).toThrow(
        'tdErrors[1]: expected a finite number, got NaN',
      );
      const half = new ReplayBuffer({ capacity: 8, inputSize: 1 });
      half.push({ input: [0] });
      const halfSampler = new PrioritisedSampler(half, new Random(0), OPTIONS);
      expect(() => halfSampler.updatePriorities(new Int32Array([0, 3]), new Float64Array([1, 1]), 2)).toThrow(
        'indices[1]: expected an occupied slot in [0, 1), got 3',
      );
      expect(half.priority(0)).toBe(1);
      expect(() => sampler.updatePriorities(new Int32Array(1), new Float64Array(1), 2)).toThrow('indices: expected at least 2 entries, got 1');
      expect(buffer.snapshot().priorities).toEqual(before);
    });

    it('rejects sampling from an empty buffer or one whose priorities are all 0', () => {
      const empty = new ReplayBuffer({ capacity: 4, inputSize: 1 });
      const sampler = new PrioritisedSampler(empty, new Random(0), OPTIONS);
      expect(() => sampler.sample(1, new Int32Array(1))).toThrow('buffer: cannot sample from an empty replay buffer');
      empty.push({ input: [0], priority: 0 });
      expect(() => sampler.sample(1, new Int32Array(1))).toThrow('priority: every stored experience has priority 0, so none can be drawn');
    });
  });
});
