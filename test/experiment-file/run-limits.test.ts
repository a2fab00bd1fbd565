import { describe, expect, it } from 'vitest';
import { CircuitShape, CONNECTIONS } from '../../src/anatomy/circuit-shape.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { checkOdexTolerances, checkRunLimits, circuitSize, estimateRun, type RunShape } from '../../src/experiment-file/run-limits.ts';

const base: RunShape = { dims: [3, 4, 2], patterns: 2, tPattern: 20, longestSpan: 15, integrator: { method: 'euler', dt: 0.1 }, heldRecord: null, streamedEvery: null };

describe('run limits', () => {
  it('counts the weights the circuit allocates', () => {
    for (const dims of [[3, 4, 2], [5, 7, 6, 3], [1, 1, 1], [30, 50, 20, 10]]) {
      const w = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1);
      const allocated = CONNECTIONS.reduce((n, c) => n + w[c].reduce((m, x) => m + x.data.length, 0), 0);
      expect(circuitSize(dims).weights).toBe(allocated);
    }
    // neurons: every layer, plus one interneuron per neuron of the layer above each hidden layer
    expect(circuitSize([3, 4, 2]).neurons).toBe(3 + 4 + 2 + 2);
  });

  it('estimates steps per pattern as ⌈tPattern/dt⌉ + 3 (partial steps at events) and frames from the recording spacing', () => {
    expect(estimateRun(base).steps).toBe(2 * (200 + 3));
    expect(estimateRun({ ...base, streamedEvery: 0.5 }).frames).toBe(81);
    expect(estimateRun({ ...base, integrator: { method: 'odex', rtol: 1e-6, atol: 1e-8, maxDt: 0.5 } }).steps).toBe(80);
    expect(estimateRun({ ...base, integrator: { method: 'euler', dt: 5e-324 } }).steps).toBe(Infinity);
  });

  it("adds the threads 'auto' calibration's two throw-away circuits (48 bytes per weight) to the memory estimate", () => {
    const auto = estimateRun({ ...base, integrator: { method: 'euler', dt: 0.1, threads: 'auto' } }).bytes;
    const one = estimateRun({ ...base, integrator: { method: 'euler', dt: 0.1, threads: 1 } }).bytes;
    expect(one).toBe(estimateRun(base).bytes);
    expect(auto - one).toBe(48 * circuitSize(base.dims).weights);
  });

  it('refuses beyond each limit with the estimate, and passes at it', () => {
    const limits = { maxSteps: 406, maxBytes: 1e9 };
    expect(checkRunLimits(base, limits).steps).toBe(406);
    expect(() => checkRunLimits(base, { ...limits, maxSteps: 405 })).toThrow(/^integrator\.dt: this run would take about 406 steps and 0 recorded frames \(2 patterns × 20 ms\), above the limit of 405/);
    expect(() => checkRunLimits({ ...base, heldRecord: { every: 1e-6, width: 4 } }, limits)).toThrow(/^dims: .* need about .*, above the limit of 1 GB/);
    expect(() => checkRunLimits({ ...base, streamedEvery: 1e-3 }, limits)).toThrow(/^record\.every: .*40,000 recorded frames/);
    expect(() => checkRunLimits({ ...base, dims: [3, 1e9, 2] }, limits)).toThrow(/^dims: the circuit 3-1000000000-2 \(1\.10e\+10 weights\) and its result need about 1\.06 TB/);
    expect(() => checkRunLimits({ ...base, integrator: { method: 'odex', rtol: 1e-6, atol: 1e-8, maxDt: 1e-4 } }, limits)).toThrow(/^integrator\.maxDt: 0\.0001 ms makes odex take 150,000 steps between two events, above its limit of 20,000/);
  });

  it('refuses odex tolerances below what float64 can meet', () => {
    expect(() => checkOdexTolerances({ method: 'odex', rtol: 1e-14, atol: 1e-8, maxDt: 0 })).toThrow(/^integrator\.rtol: 1e-14 is below what float64/);
    expect(() => checkOdexTolerances({ method: 'odex', rtol: 1e-13, atol: 1e-300, maxDt: 0 })).not.toThrow();
  });
});
