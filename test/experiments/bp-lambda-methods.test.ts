import { describe, expect, it } from 'vitest';
import { adam } from '../../src/core/optimizer.ts';
import { makeLearner } from '../../src/experiments/bp-lambda-methods.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';

describe('bp-lambda methods', () => {
  it('builds the learner a table label names, and refuses an unknown label', () => {
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: 3, hidden: [4], outputSize: 2, seed: 1 });
    const synth = { syntheticWeight: 0.1, gamma: 0.9, synthesiserOptimizer: () => adam(1e-3) };
    for (const m of ['BPTT', 'BPTT n=3', 'BPTT+SG n=2', 'BP(0)', 'BP(0.5)', 'BP(1)']) expect(makeLearner(m, net, synth).name).toBe(m);
    expect(() => makeLearner('RTRL', net, synth)).toThrow(/unknown method "RTRL"/);
  });
});
