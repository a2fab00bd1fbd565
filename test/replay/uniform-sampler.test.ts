import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { Random } from '../../src/random/random.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import { UniformSampler } from '../../src/replay/uniform-sampler.ts';
import { CHI2_CRITICAL_0_001, chiSquare } from './chi-square.ts';

describe('UniformSampler', () => {
  it('draws every stored slot with frequency 1/N (chi-square, significance 0.001)', () => {
    const buffer = new ReplayBuffer({ capacity: 10, inputSize: 1 });
    for (let t = 0; t < 13; t++) buffer.push({ input: [t] }); // wrapped: all 10 slots hold data
    const sampler = new UniformSampler(buffer, new Random(1, 'uniform-test'));
    const counts = new Float64Array(10);
    const indices = new Int32Array(1000);
    const weights = new Float64Array(1000);
    for (let batch = 0; batch < 100; batch++) {
      sampler.sample(1000, indices, weights);
      for (const slot of indices) counts[slot]++;
    }
    expect(counts.reduce((a, b) => a + b, 0)).toBe(100_000); // every draw was a slot in [0, 10)
    expect(chiSquare(counts, new Array(10).fill(0.1))).toBeLessThan(CHI2_CRITICAL_0_001[9]);
    expect(Array.from(weights)).toEqual(new Array(1000).fill(1));
  });

  it('draws only occupied slots while the buffer is filling', () => {
    const buffer = new ReplayBuffer({ capacity: 100, inputSize: 1 });
    for (let t = 0; t < 5; t++) buffer.push({ input: [t] });
    const sampler = new UniformSampler(buffer, new Random(2));
    const counts = new Float64Array(5);
    const indices = new Int32Array(50_000);
    sampler.sample(50_000, indices);
    for (const slot of indices) counts[slot]++;
    expect(counts.reduce((a, b) => a + b, 0)).toBe(50_000);
    expect(chiSquare(counts, new Array(5).fill(0.2))).toBeLessThan(CHI2_CRITICAL_0_001[4]);
  });

  it('is reproducible from its seed', () => {
    const buffer = new ReplayBuffer({ capacity: 50, inputSize: 1 });
    for (let t = 0; t < 50; t++) buffer.push({ input: [t] });
    const draw = (seed: number) => {
      const indices = new Int32Array(20);
      new UniformSampler(buffer, new Random(seed, 'replay')).sample(20, indices);
      return Array.from(indices);
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });

  it('rejects an empty buffer, a bad count and too little room for the results', () => {
    const buffer = new ReplayBuffer({ capacity: 3, inputSize: 1 });
    const sampler = new UniformSampler(buffer, new Random(0));
    expect(() => sampler.sample(1, new Int32Array(1))).toThrow('buffer: cannot sample from an empty replay buffer');
    buffer.push({ input: [0] });
    expect(() => sampler.sample(-1, new Int32Array(1))).toThrow(InputError);
    expect(() => sampler.sample(1.5, new Int32Array(2))).toThrow('count: expected an integer ≥ 0, got 1.5');
    expect(() => sampler.sample(3, new Int32Array(2))).toThrow('indices: needs room for 3 slots, has length 2');
    expect(() => sampler.sample(3, new Int32Array(3), new Float64Array(1))).toThrow('weights: needs room for 3 weights, has length 1');
  });
});
