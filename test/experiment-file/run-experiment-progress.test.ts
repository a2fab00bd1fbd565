import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment, SIMULATED_TIME_REPORT_MS } from '../../src/experiment-file/run-experiment.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';
import { NonFiniteStateError } from '../../src/circuits/non-finite-state-error.ts';

describe('runExperiment onSimulatedTime', () => {
  it('reports simulated time within long patterns, and the run is bit for bit the one without reports', () => {
    // two patterns of 150 ms: a report every SIMULATED_TIME_REPORT_MS = 10 ms (less than a tenth of 150)
    const file = tinyExperiment();
    file.protocol.tPattern = 150;
    file.protocol.patterns = file.protocol.patterns.slice(0, 2);
    file.record = { every: 1, probes: [{ population: 'pyramidal', layer: 1, variable: 'soma' }] };
    const heard: [number, number][] = [];
    const watched = runExperiment(parseExperiment(file, '.'), { onSimulatedTime: (ms, total) => heard.push([ms, total]) }).result;
    expect(SIMULATED_TIME_REPORT_MS).toBe(10);
    expect(heard).toHaveLength(31);
    heard.forEach(([ms, total], k) => {
      expect(ms).toBeCloseTo(10 * k, 9);
      expect(total).toBe(300);
    });
    const plain = runExperiment(parseExperiment(file, '.')).result;
    expect(watched.outputs).toEqual(plain.outputs);
    expect(watched.weights).toEqual(plain.weights);
    expect(watched.recordings).toEqual(plain.recordings);
  });

  it('reports every tenth of a short pattern', () => {
    const heard: number[] = [];
    runExperiment(parseExperiment(tinyExperiment(), '.'), { onSimulatedTime: (ms) => heard.push(ms) });
    // three patterns of 20 ms, a report every 2 ms from t = 0
    expect(heard).toHaveLength(31);
    expect(heard[1]).toBeCloseTo(2, 9);
  });

  it('a run that becomes non-finite throws from runExperiment only (the report stream raises no uncaught error)', async () => {
    const file = { dims: [3, 4, 2], neuron: { phi: { kind: 'linear' } }, weights: { init: { up: 30, down: 30, ip: 30, pi: 30 } }, protocol: { tPattern: 1000, patterns: [{ input: [1, 1, 1] }] } };
    const heard: number[] = [];
    expect(() => runExperiment(parseExperiment(file, '.'), { onSimulatedTime: (ms) => heard.push(ms) })).toThrow(NonFiniteStateError);
    expect(heard.length).toBeGreaterThan(0);
    // rxjs would rethrow an unhandled stream error on a timer: let it fire (vitest fails on uncaught errors)
    await new Promise((resolve) => setTimeout(resolve, 20));
  });
});

