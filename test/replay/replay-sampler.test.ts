import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { ReplayBuffer } from '../../src/replay/replay-buffer.ts';
import { checkSampleCount, checkSampleRequest } from '../../src/replay/replay-sampler.ts';

describe('sampler request checks', () => {
  const buffer = new ReplayBuffer({ capacity: 2, inputSize: 1 });

  it('accepts integer counts ≥ 0 and rejects the rest', () => {
    expect(() => checkSampleCount(0)).not.toThrow();
    expect(() => checkSampleCount(7)).not.toThrow();
    for (const bad of [-1, 0.5, NaN, Infinity]) expect(() => checkSampleCount(bad)).toThrow(InputError);
  });

  it('requires a non-empty buffer and enough room in the caller arrays', () => {
    expect(() => checkSampleRequest(buffer, 1, new Int32Array(1), undefined)).toThrow('buffer: cannot sample from an empty replay buffer');
    buffer.push({ input: [1] });
    expect(() => checkSampleRequest(buffer, 2, new Int32Array(4), new Float64Array(2))).not.toThrow();
    expect(() => checkSampleRequest(buffer, 2, new Int32Array(1), undefined)).toThrow('indices: needs room for 2 slots, has length 1');
    expect(() => checkSampleRequest(buffer, 2, new Int32Array(2), new Float64Array(1))).toThrow('weights: needs room for 2 weights, has length 1');
  });
});
