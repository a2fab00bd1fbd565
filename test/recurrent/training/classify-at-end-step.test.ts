import { describe, expect, it } from 'vitest';
import { sgd } from '../../../src/core/optimizer.ts';
import { clipGlobalNorm } from '../../../src/recurrent/clip.ts';
import { RecurrentNetwork } from '../../../src/recurrent/network.ts';
import { classifyAtEndStep } from '../../../src/recurrent/training/classify-at-end-step.ts';

const input = { inputs: Float64Array.from({ length: 2 * 5 * 3 }, (_, k) => Math.sin(k)), batchSize: 2, steps: 5 };
const labels = Int32Array.of(1, 3);
const net = () => new RecurrentNetwork({ cell: 'sublstm', inputSize: 3, hidden: [4], outputSize: 4, seed: 7 });

describe('classifyAtEndStep', () => {
  it('is forward, last-step cross-entropy, backward, clipping and the optimizer, in that order', () => {
    const stepped = net();
    const loss = classifyAtEndStep(stepped, { input, labels }, sgd(0.5), 0.01);
    // The same step written out by hand on a twin network.
    const twin = net();
    twin.forward(input);
    expect(twin.loss({ kind: 'cross-entropy', at: 'last', targets: labels })).toBe(loss);
    twin.backward();
    expect(clipGlobalNorm(twin.gradients, 0.01)).toBeGreaterThan(0.01); // so the clipping mattered
    sgd(0.5).step(twin.parameters, twin.gradients, 0);
    expect(stepped.parameters).toEqual(twin.parameters);
  });

  it('a loss refused by checkLoss leaves the parameters as they were', () => {
    const stepped = net();
    const before = stepped.parameters.slice();
    expect(() => classifyAtEndStep(stepped, { input, labels }, sgd(0.5), 1, () => { throw new Error('refused'); })).toThrow('refused');
    expect(stepped.parameters).toEqual(before);
  });
});
