import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import type { KernelKind } from '../../src/kernels/dense-kernels.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';

interface RunSpec {
  readonly dims: number[];
  /** Simulated ms; patterns switch every `tPattern` ms. */
  readonly ms: number;
  readonly tPattern: number;
  readonly window: number;
  readonly method?: 'euler' | 'expEuler';
  readonly kernels?: KernelKind;
  readonly weightScale?: number;
  /** Frames every this many ms, each reading the raw state (traces and weights) and a probe (absent: none). */
  readonly framesEvery?: number;
}

/**
 * A learning circuit with noise and switching patterns (learning lag 3 ms, some patterns without a
 * target or without learning), every matrix plastic including W^down: the paper's Fig. 2 rates.
 */
function run(spec: RunSpec) {
  const { dims } = spec;
  const shape = new CircuitShape(dims);
  const N = shape.depth;
  const s = spec.weightScale ?? 0.3;
  const circuit = new Microcircuit({
    dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 },
    weights: initUniformWeights(shape, { up: s, down: s, ip: s, pi: s }, 3),
    plasticity: {
      tauW: 30,
      learningLag: 3,
      eta: { up: Array.from({ length: N }, (_, k) => (k === N - 1 ? 0.0005 : 0.0011875)), ip: new Array(N - 1).fill(0.0011875), pi: new Array(N - 1).fill(0.0059375), down: new Array(N - 1).fill(0.0002) },
    },
    plasticityWindow: spec.window,
    kernels: spec.kernels,
  });
  const sim = new Simulation(circuit, createIntegrator({ method: spec.method ?? 'euler', dt: 0.1 }), { seed: 4 });
  const frames: number[] = [];
  if (spec.framesEvery !== undefined) {
    const probe = new Probe({ population: 'pyramidal', layer: 1, variable: 'basal' }, circuit);
    const row = new Float64Array(probe.width);
    const L = circuit.layout;
    sim.frames(spec.framesEvery).subscribe((frame) => {
      // The raw state first: nothing here asks the circuit to flush.
      for (let i = L.traces.offset; i < L.weights.offset + L.weights.length; i += 37) frames.push(frame.state[i]);
      probe.read(frame, row, 0);
      frames.push(...row);
    });
  }
  const rng = new Random(1);
  const patterns = Array.from({ length: 5 }, (_, p) => ({
    input: Array.from({ length: dims[0] }, () => rng.uniform()),
    target: p === 3 ? null : Array.from({ length: dims[N] }, () => rng.uniformIn(-1, 1)),
    learn: p !== 4,
  }));
  const count = Math.round(spec.ms / spec.tPattern);
  const outputs = sim.run(Array.from({ length: count }, (_, i) => patterns[i % patterns.length]), { tPattern: spec.tPattern, outputLag: spec.tPattern / 2 });
  return { circuit, state: circuit.state.slice(), outputs: outputs.flatMap((o) => Array.from(o)), frames, steps: sim.integrator.stats.steps };
}

/** max |a − b| / max |a| over [lo, hi). */
function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>, lo = 0, hi = a.length): number {
  let diff = 0;
  let scale = 0;
  for (let i = lo; i < hi; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(a[i]));
  }
  return diff / scale;
}

/** The relative difference of each part of the state: potentials, traces, weights. */
function stateDifferences(reference: ReturnType<typeof run>, windowed: ReturnType<typeof run>) {
  const L = reference.circuit.layout;
  const potentials = relativeDifference(reference.state, windowed.state, 0, L.outputIntegral.offset);
  const traces = relativeDifference(reference.state, windowed.state, L.traces.offset, L.traces.offset + L.traces.length);
  const weights = relativeDifference(reference.state, windowed.state, L.weights.offset, L.weights.offset + L.weights.length);
  return { potentials, traces, weights, outputs: relativeDifference(reference.outputs, windowed.outputs) };
}

describe('the deferred plasticity update (plasticity window)', () => {
  it('agrees with the step-by-step update to 1e-12 after 10⁵ Euler steps at 30-50-10 (learning, noise, pattern switches)', () => {
    // 20.05 ms patterns: every pattern ends on a shortened step, whose length closes the window.
    const spec = { dims: [30, 50, 10], ms: 10_025, tPattern: 20.05 };
    const reference = run({ ...spec, window: 1 });
    const windowed = run({ ...spec, window: 8 });
    expect(reference.steps).toBeGreaterThanOrEqual(100_000);
    const d = stateDifferences(reference, windowed);
    for (const value of Object.values(d)) expect(value).toBeLessThan(1e-12);
    // The windowed run is not the same computation: it differs by rounding.
    expect(d.weights).toBeGreaterThan(0);
  });

  it('agrees to 1e-12 with exponential Euler (the same window, hD = 1 − e^{−h/τ_w})', () => {
    const spec = { dims: [30, 50, 10], ms: 2000, tPattern: 20, method: 'expEuler' as const };
    const d = stateDifferences(run({ ...spec, window: 1 }), run({ ...spec, window: 16 }));
    for (const value of Object.values(d)) expect(value).toBeLessThan(1e-12);
  });

  it('agrees to 1e-12 at 784-500-500-10 (learning, noise, three pattern switches)', () => {
    const spec = { dims: [784, 500, 500, 10], ms: 40, tPattern: 10, weightScale: 0.1 };
    const d = stateDifferences(run({ ...spec, window: 1 }), run({ ...spec, window: 16 }));
    for (const value of Object.values(d)) expect(value).toBeLessThan(1e-12);
  });

  it('shows observers the true weights: frames in mid-window agree with the step-by-step run', () => {
    const spec = { dims: [12, 20, 15, 6], ms: 200, tPattern: 25, framesEvery: 0.7 };
    const reference = run({ ...spec, window: 1 });
    const windowed = run({ ...spec, window: 16 });
    expect(windowed.frames.length).toBe(reference.frames.length);
    expect(windowed.frames.length).toBeGreaterThan(250 * 21);
    expect(relativeDifference(reference.frames, windowed.frames)).toBeLessThan(1e-12);
  });

  it('agrees when η changes in mid-span (a schedule run from a frame callback)', () => {
    const runWithSchedule = (window: number) => {
      const dims = [10, 14, 5];
      const circuit = new Microcircuit({
        dims,
        neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 },
        weights: initUniformWeights(new CircuitShape(dims), { up: 0.3, down: 0.3, ip: 0.3, pi: 0.3 }, 5),
        plasticity: { tauW: 30, learningLag: 0, eta: { up: [0.002, 0.001], ip: [0.002], pi: [0.006], down: [0] } },
        plasticityWindow: window,
      });
      const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 2 });
      // Every 1.3 ms, in the middle of a window of 16 steps, η of W^up_1 changes.
      sim.frames(1.3).subscribe((frame) => circuit.plasticity!.setLearningRate('up', 0, 0.002 * (1 + (frame.index % 3))));
      const rng = new Random(6);
      sim.run(Array.from({ length: 6 }, () => ({ input: Array.from({ length: 10 }, () => rng.uniform()), target: Array.from({ length: 5 }, () => rng.uniformIn(-1, 1)) })), { tPattern: 20, outputLag: 10 });
      return circuit.state.slice();
    };
    const reference = runWithSchedule(1);
    expect(relativeDifference(reference, runWithSchedule(16))).toBeLessThan(1e-12);
  });

  it('gives the same bits with the JavaScript and the WebAssembly kernels', () => {
    const spec = { dims: [13, 21, 9, 6], ms: 150, tPattern: 15.03, window: 6 };
    expect(run({ ...spec, kernels: 'wasm' }).state).toEqual(run({ ...spec, kernels: 'js' }).state);
  });

  it('refuses a window that is not a whole number of steps from 1 to 64, naming the field', () => {
    const dims = [3, 4, 2];
    const base = { dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1) };
    for (const plasticityWindow of [0, 2.5, 65, Number.NaN]) {
      expect(() => new Microcircuit({ ...base, plasticityWindow })).toThrow(/plasticityWindow: expected a whole number of steps from 1 to 64/);
    }
  });
});
