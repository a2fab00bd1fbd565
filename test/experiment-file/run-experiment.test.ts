import { describe, expect, it } from 'vitest';
import { parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment } from '../../src/experiment-file/run-experiment.ts';
import { Random } from '../../src/random/random.ts';
import { AUTO_MIN_SYNAPSES } from '../../src/circuits/thread-choice.ts';

/** A 10-16-4 learning experiment with noise and switching patterns, with the given integrator block. */
function experiment(integrator: Record<string, unknown>, precision?: 'float32') {
  const rng = new Random(3);
  const patterns = Array.from({ length: 12 }, (_, p) => ({
    input: Array.from({ length: 10 }, () => rng.uniform()),
    target: p % 5 === 4 ? null : Array.from({ length: 4 }, () => rng.uniformIn(-1, 1)),
  }));
  return parseExperiment(
    {
      dims: [10, 16, 4],
      neuron: { noise: 0.1 },
      weights: { init: { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 } },
      plasticity: { learningLag: 2, eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0.0059375], down: [0.0002] } },
      integrator,
      protocol: { tPattern: 25.03, outputLag: 10, patterns },
      record: { every: 0.5, probes: [{ population: 'pyramidal', layer: 1, variable: 'apical' }] },
      seed: 9,
      ...(precision === undefined ? {} : { precision }),
    },
    '.',
  );
}

/** max |a − b| / max |a| over two nested arrays (or objects of arrays) of numbers. */
function relativeDifference(a: unknown, b: unknown): number {
  const flat = (v: unknown): number[] => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.values(v).flatMap(flat) : ([v].flat(Infinity) as number[]));
  const x = flat(a);
  const y = flat(b);
  expect(y.length).toBe(x.length);
  return Math.max(...x.map((v, i) => Math.abs(v - y[i]))) / Math.max(...x.map(Math.abs));
}

describe('runExperiment with integrator.plasticityWindow', () => {
  it.each(['euler', 'expEuler'])('gives the step-by-step results to 1e-12 with %s (outputs, recording, final weights)', (method) => {
    const reference = runExperiment(experiment({ method, dt: 0.1 })).result;
    const windowed = runExperiment(experiment({ method, dt: 0.1, plasticityWindow: 8 })).result;
    expect(windowed.experiment.integrator).toEqual({ method, dt: 0.1, plasticityWindow: 8 });
    expect(reference.experiment.integrator).toEqual({ method, dt: 0.1 });
    expect(relativeDifference(reference.outputs, windowed.outputs)).toBeLessThan(1e-12);
    expect(relativeDifference(reference.weights, windowed.weights)).toBeLessThan(1e-12);
    expect(windowed.recordings![0].times).toEqual(reference.recordings![0].times);
    expect(relativeDifference(reference.recordings![0].values, windowed.recordings![0].values)).toBeLessThan(1e-12);
    // The weights moved from their start, so the comparison covers the plasticity.
    const start = experiment({ method, dt: 0.1 }).weights;
    const startRows = { up: start.up, down: start.down, ip: start.ip, pi: start.pi };
    expect(relativeDifference(reference.weights, Object.values(startRows).map((list) => list.map((m) => Array.from(m.data))))).toBeGreaterThan(1e-6);
  });
});

describe('runExperiment with integrator.threads', () => {
  it('runs the circuit on two kernel threads with the one-thread results, bit for bit', () => {
    const one = runExperiment(experiment({ method: 'euler', dt: 0.1 }));
    const two = runExperiment(experiment({ method: 'euler', dt: 0.1, threads: 2 }));
    expect(one.circuit.threads).toBe(1);
    expect(two.circuit.threads).toBe(2);
    expect(two.result.experiment.integrator).toEqual({ method: 'euler', dt: 0.1, threads: 2 });
    expect(two.result.outputs).toEqual(one.result.outputs);
    expect(two.result.weights).toEqual(one.result.weights);
    expect(two.circuit.state).toEqual(one.circuit.state);
    (two.circuit.kernels as { dispose?: () => void }).dispose?.();
  });

  it('runs float32 storage on two kernel threads with the one-thread float32 results, bit for bit', () => {
    const one = runExperiment(experiment({ method: 'euler', dt: 0.1 }, 'float32'));
    const two = runExperiment(experiment({ method: 'euler', dt: 0.1, threads: 2 }, 'float32'));
    expect(two.circuit.precision).toBe('float32');
    expect(one.circuit.threads).toBe(1);
    expect(two.circuit.threads).toBe(2);
    expect(two.result.outputs).toEqual(one.result.outputs);
    expect(two.result.weights).toEqual(one.result.weights);
    expect(two.circuit.state).toEqual(one.circuit.state);
    (two.circuit.kernels as { dispose?: () => void }).dispose?.();
  });

  it('records the threads in the result: the setting, the count used and, with "auto", why', () => {
    const one = runExperiment(experiment({ method: 'euler', dt: 0.1 }));
    const two = runExperiment(experiment({ method: 'euler', dt: 0.1, threads: 2 }));
    const auto = runExperiment(experiment({ method: 'euler', dt: 0.1, threads: 'auto' }));
    expect(one.result.stats.threads).toEqual({ setting: 1, threads: 1, calibration: null, reason: 'as asked' });
    expect(two.result.stats.threads).toEqual({ setting: 2, threads: 2, calibration: null, reason: 'as asked' });
    // 10-16-4 is far below the size at which 'auto' times anything; the results are those of one thread.
    expect(auto.result.stats.threads).toEqual({ setting: 'auto', threads: 1, calibration: null, reason: `fewer than ${AUTO_MIN_SYNAPSES} synapses` });
    expect(auto.result.experiment.integrator).toEqual({ method: 'euler', dt: 0.1, threads: 'auto' });
    expect(auto.result.outputs).toEqual(one.result.outputs);
    two.circuit.dispose();
  });
});
