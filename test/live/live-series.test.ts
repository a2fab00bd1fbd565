import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { defaultLiveSeries, LiveRowReader } from '../../src/live/live-series.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { PAPER_REGRESSION_PLASTICITY } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';

/** The paper's Fig. 2 rates, one per matrix of this shape (the last layer's W^up rate for every other layer). */
function plasticityFor(shape: CircuitShape) {
  const eta = PAPER_REGRESSION_PLASTICITY.eta;
  const perHidden = (rate: number) => new Array<number>(shape.hiddenLayers).fill(rate);
  return { ...PAPER_REGRESSION_PLASTICITY, eta: { up: [...new Array<number>(shape.depth - 1).fill(eta.up[0]), eta.up[1]], ip: perHidden(eta.ip[0]), pi: perHidden(eta.pi[0]), down: perHidden(0) } };
}

function learningRun(dims: number[]) {
  const shape = new CircuitShape(dims);
  const weights = initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 4);
  setSelfPredicting(shape, weights, PAPER_NEURON_PARAMETERS);
  // Perturb W^PI so the apical potentials are not zero.
  weights.pi[0].data.forEach((_, i, a) => (a[i] += 0.05 * Math.sin(i)));
  const circuit = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights, plasticity: plasticityFor(shape) });
  return new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 2 });
}

describe('defaultLiveSeries and LiveRowReader', () => {
  it('lays out one RMS line per hidden layer, and outputs beside targets sharing colours', () => {
    const sim = learningRun([4, 6, 5, 3]);
    const reader = new LiveRowReader(defaultLiveSeries(sim.circuit), sim.circuit);
    expect(reader.rowWidth).toBe(1 + 2 + 3 + 3);
    expect(reader.charts).toHaveLength(2);
    expect(reader.charts[0].lines.map((l) => [l.label, l.column, l.color])).toEqual([['layer 1', 1, 0], ['layer 2', 2, 1]]);
    const out = reader.charts[1].lines;
    expect(out.map((l) => l.label)).toEqual(['output 0', 'output 1', 'output 2', 'target 0', 'target 1', 'target 2']);
    expect(out.map((l) => l.column)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(out.map((l) => l.color)).toEqual([0, 1, 2, 0, 1, 2]);
    expect(out.map((l) => l.dashed)).toEqual([false, false, false, true, true, true]);
  });

  it('rows hold the RMS of the apical potentials and the output and target potentials a Recorder records', () => {
    const sim = learningRun([5, 8, 6, 2]);
    const reader = new LiveRowReader(defaultLiveSeries(sim.circuit), sim.circuit);
    const recorder = new Recorder([
      new Probe({ population: 'pyramidal', layer: 1, variable: 'apical' }, sim.circuit),
      new Probe({ population: 'pyramidal', layer: 2, variable: 'apical' }, sim.circuit),
      new Probe({ population: 'pyramidal', layer: 3, variable: 'soma' }, sim.circuit),
      new Probe({ population: 'target', variable: 'potential' }, sim.circuit),
    ]);
    const rows: number[][] = [];
    const row = new Float64Array(reader.rowWidth);
    sim.frames(2).subscribe(recorder);
    sim.frames(2).subscribe((f) => (reader.read(f, row, 0), rows.push(Array.from(row))));
    const rng = new Random(5, 'inputs');
    const patterns = Array.from({ length: 2 }, () => ({ input: Array.from({ length: 5 }, () => rng.uniform()), target: [0.3, -0.2] }));
    sim.run(patterns, { tPattern: 40, outputLag: 10 });
    sim.complete();

    expect(rows).toHaveLength(recorder.length);
    expect(rows.length).toBe(41); // t = 0, 2, …, 80 ms
    let nonzero = 0;
    rows.forEach((r, i) => {
      expect(r[0]).toBe(recorder.times()[i]);
      for (const [layer, width] of [[0, 8], [1, 6]] as const) {
        const a = recorder.values(layer).subarray(i * width, (i + 1) * width);
        let sum = 0;
        for (const v of a) sum += v * v;
        const rms = Math.sqrt(sum / width);
        expect(r[1 + layer]).toBeCloseTo(rms, 15);
        if (rms > 1e-3) nonzero++;
      }
      expect(r.slice(3, 5)).toEqual(Array.from(recorder.values(2).subarray(i * 2, i * 2 + 2)));
      expect(r.slice(5, 7)).toEqual(Array.from(recorder.values(3).subarray(i * 2, i * 2 + 2)));
    });
    expect(nonzero).toBeGreaterThan(40);
  });
});
