import { describe, expect, it } from 'vitest';
import { steadyStateAttenuation } from '../../src/baselines/attenuation.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';

describe('steadyStateAttenuation', () => {
  it('is g_B/(g_lk+g_B+g_A) for hidden layers and g_B/(g_lk+g_B) for the output', () => {
    const c = steadyStateAttenuation(PAPER_NEURON_PARAMETERS, 3);
    expect(c).toHaveLength(3);
    expect(c[0]).toBeCloseTo(1 / 1.9, 15);
    expect(c[1]).toBeCloseTo(1 / 1.9, 15);
    expect(c[2]).toBeCloseTo(1 / 1.1, 15);
  });
});
