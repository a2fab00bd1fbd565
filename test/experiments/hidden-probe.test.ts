import { describe, expect, it } from 'vitest';
import { checkProtocol, relaxation, rowCount } from '../../src/experiments/hidden-probe.ts';

describe('hidden probes', () => {
  it('relaxation subtracts each trial’s settled state from its trajectory', () => {
    // 2 trials × 3 samples × 2 units
    const probe = {
      representation: { data: Float64Array.from([1, 2, 10, 20]), shape: [2, 2] },
      trajectories: { data: Float64Array.from([0, 0, 1, 1, 1, 2, 5, 5, 9, 19, 10, 20]), shape: [2, 3, 2] },
      outputs: new Float64Array(0),
    };
    const r = relaxation(probe);
    expect(r.shape).toEqual([2, 3, 2]);
    expect(Array.from(r.data)).toEqual([-1, -2, 0, -1, 0, 0, -5, -15, -1, -1, 0, 0]);
  });

  it('checks the protocol and the probe rows, naming the field', () => {
    const ok = { tPattern: 100, outputLag: 30, dt: 0.1, trialLength: 20 };
    expect(() => checkProtocol(ok)).not.toThrow();
    expect(() => checkProtocol({ ...ok, tPattern: 50.5 })).toThrow(/tPattern/);
    expect(() => checkProtocol({ ...ok, outputLag: 100 })).toThrow(/outputLag/);
    expect(() => checkProtocol({ ...ok, dt: 0.3 })).toThrow(/dt/);
    expect(() => checkProtocol({ ...ok, trialLength: 101 })).toThrow(/trialLength/);
    expect(rowCount(new Float64Array(6), 3)).toBe(2);
    expect(() => rowCount(new Float64Array(5), 3)).toThrow(/whole rows of 3/);
    expect(() => rowCount(new Float64Array(0), 3)).toThrow(/inputs/);
  });
});
