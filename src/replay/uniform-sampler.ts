import type { Random } from '../random/random.ts';
import type { ReplayBuffer } from './replay-buffer.ts';
import { checkSampleRequest } from './replay-sampler.ts';
import type { ReplaySampler } from './replay-sampler.ts';

/** Uniform replay with replacement: each draw is any stored experience with P(i) = 1/N. */
export class UniformSampler implements ReplaySampler {
  constructor(
    private readonly buffer: ReplayBuffer,
    private readonly random: Random,
  ) {}

  sample(count: number, indices: Int32Array, weights?: Float64Array): void {
    checkSampleRequest(this.buffer, count, indices, weights);
    const n = this.buffer.size;
    // Occupied slots are 0 … N − 1, so a uniform slot is a uniform integer below N.
    for (let i = 0; i < count; i++) indices[i] = this.random.integer(n);
    if (weights !== undefined) weights.fill(1, 0, count);
  }
}
