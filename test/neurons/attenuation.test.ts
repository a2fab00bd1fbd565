import { describe, expect, it } from 'vitest';
import {
  hiddenBasalAttenuation,
  interneuronDendriticAttenuation,
  outputBasalAttenuation,
  steadyStateAttenuation,
} from '../../src/neurons/attenuation.ts';
import { HiddenPyramidalPopulation } from '../../src/neurons/hidden-pyramidal.ts';
import { InterneuronPopulation } from '../../src/neurons/interneuron.ts';
import { OutputPyramidalPopulation } from '../../src/neurons/output-pyramidal.ts';
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

describe('attenuation of each population', () => {
  const p = { ...PAPER_NEURON_PARAMETERS, gl: 0.2, gb: 1.5, ga: 0.5, gd: 2, gsom: 0.7 };

  it('is the steady state of the soma at rest for a unit dendrite (docs/model.md)', () => {
    // The soma's fixed point with v_A = 0, no nudge: g_B·v_B/(g_lk+g_B+g_A), g_B·v_B/(g_lk+g_B), g_D·v_I/(g_lk+g_D).
    expect(hiddenBasalAttenuation(p)).toBeCloseTo(1.5 / 2.2, 15);
    expect(outputBasalAttenuation(p)).toBeCloseTo(1.5 / 1.7, 15);
    expect(interneuronDendriticAttenuation(p)).toBeCloseTo(2 / 2.2, 15);
    expect(new HiddenPyramidalPopulation(1, p).steadyState(1, 0)).toBeCloseTo(hiddenBasalAttenuation(p), 15);
    expect(new OutputPyramidalPopulation(1, p).steadyState(1, null)).toBeCloseTo(outputBasalAttenuation(p), 15);
  });

  it('is what the populations expose, to the bit', () => {
    expect(new HiddenPyramidalPopulation(1, p).basalAttenuation).toBe(hiddenBasalAttenuation(p));
    expect(new OutputPyramidalPopulation(1, p).basalAttenuation).toBe(outputBasalAttenuation(p));
    expect(new InterneuronPopulation(1, p).dendriticAttenuation).toBe(interneuronDendriticAttenuation(p));
  });
});
