import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/circuits/circuit-shape.ts';
import { lateralMismatch } from '../../src/circuits/lateral-mismatch.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';

describe('lateralMismatch', () => {
  const shape = new CircuitShape([5, 8, 6, 3]);
  const p = PAPER_NEURON_PARAMETERS;
  it('is 0 in the self-predicting state', () => {
    const w = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 2);
    setSelfPredicting(shape, w, p);
    const m = lateralMismatch(shape, w, p);
    for (const x of [...m.pi, ...m.ip]) expect(x).toBeLessThan(1e-15);
  });

  it('is 1 with zero lateral weights, and doubles when W^PI = +W^down', () => {
    const w = initUniformWeights(shape, { up: 1, down: 1, ip: 0, pi: 0 }, 3);
    expect(lateralMismatch(shape, w, p)).toEqual({ pi: [1, 1], ip: [1, 1] });
    w.pi.forEach((m, h) => m.data.set(w.down[h].data));
    expect(lateralMismatch(shape, w, p).pi).toEqual([2, 2]);
  });
});
