import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { lateralMismatch, lateralMismatchByUnit } from '../../src/circuits/lateral-mismatch.ts';
import { selfPredictingFactor, setSelfPredicting } from '../../src/circuits/self-predicting.ts';
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

  it('splits the squared ratios by presynaptic unit: each row sums to the ratio squared', () => {
    const w = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 4);
    const m = lateralMismatch(shape, w, p);
    const byUnit = lateralMismatchByUnit(shape, w, p);
    expect(byUnit.pi.map((row) => row.length)).toEqual([6, 3]);
    expect(byUnit.ip.map((row) => row.length)).toEqual([8, 6]);
    byUnit.pi.forEach((row, h) => expect(row.reduce((a, b) => a + b)).toBeCloseTo(m.pi[h] ** 2, 12));
    byUnit.ip.forEach((row, h) => expect(row.reduce((a, b) => a + b)).toBeCloseTo(m.ip[h] ** 2, 12));
  });

  it('puts a mismatch in one column of the self-predicting state into that unit alone', () => {
    const w = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 5);
    setSelfPredicting(shape, w, p);
    // W^PI_0 is 8×6 (hidden cells × interneurons): add 0.5 to both entries of column 2 in rows 1 and 4.
    w.pi[0].data[1 * 6 + 2] += 0.5;
    w.pi[0].data[4 * 6 + 2] += 0.5;
    const downSq = w.down[0].data.reduce((s, x) => s + x * x, 0);
    const byUnit = lateralMismatchByUnit(shape, w, p);
    expect(byUnit.pi[0][2]).toBeCloseTo(0.5 / downSq, 14);
    expect(byUnit.pi[0].filter((_, j) => j !== 2)).toEqual([0, 0, 0, 0, 0]);
    expect(byUnit.ip.flat().every((x) => x === 0)).toBe(true);

    // W^IP_1 is 3×6 (interneurons of layer 2 × hidden cells of layer 2): 0.3 off in row 2, column 5.
    setSelfPredicting(shape, w, p);
    w.ip[1].data[2 * 6 + 5] += 0.3;
    const c = selfPredictingFactor(p, true);
    const targetSq = w.up[2].data.reduce((s, x) => s + (c * x) ** 2, 0);
    const ip = lateralMismatchByUnit(shape, w, p).ip;
    expect(ip[1][5]).toBeCloseTo(0.09 / targetSq, 14);
    expect(ip[1].filter((_, j) => j !== 5)).toEqual([0, 0, 0, 0, 0]);
    expect(ip[0].every((x) => x === 0)).toBe(true);
  });
});
