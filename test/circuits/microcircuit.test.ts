import { describe, expect, it } from 'vitest';
import { CircuitShape, type Connection } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit, type CircuitSettings, type Precision } from '../../src/circuits/microcircuit.ts';
import { NonFiniteStateError } from '../../src/circuits/non-finite-state-error.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { threadsCanStart } from '../../src/circuits/thread-choice.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { matrixToRows } from '../../src/linalg/dense-matrix.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { ReferenceMicrocircuit } from '../helpers/reference-microcircuit.ts';

const params: NeuronParameters = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'softplus', gamma: 1, beta: 1, theta: 0.5 } };
const allPlastic: PlasticityConfig = {
  tauW: 30,
  learningLag: 0,
  eta: { up: [0.3, 0.2, 0.1], ip: [0.25, 0.15], pi: [0.05, 0.07], down: [0.02, 0.03] },
};

/** Random 4-6-5-3 circuit (two hidden layers) with every matrix plastic, in a random state. */
function randomCircuit(seed: number) {
  const dims = [4, 6, 5, 3];
  const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, seed);
  const c = new Microcircuit({ dims, neuron: params, weights, plasticity: allPlastic, tau0: 3 });
  const rng = new Random(seed, 'state');
  const y = c.state;
  for (let i = 0; i < c.layout.traces.offset; i++) y[i] = rng.uniformIn(-1.5, 1.5);
  for (let i = c.layout.traces.offset; i < c.layout.weights.offset; i++) y[i] = rng.uniformIn(-0.2, 0.2);
  c.setInput([0.3, 0.9, 0.1, 0.5]);
  c.setTarget([0.2, -0.4, 0.8]);
  c.setPlasticity(true);
  c.setAveraging(true);
  return c;
}

/**
 * dy/dt of the independent re-implementation (test/helpers, no code shared with src) at the
 * circuit's state, in the StateLayout order: one forward-Euler step of length 1 from that state
 * gives y + f(y), so f(y) = y_new − y.
 */
function referenceDerivative(c: Microcircuit): number[] {
  const softplus = (u: number) => Math.log(1 + Math.exp(u - 0.5));
  const w = c.weights();
  const rows = (conn: Connection) => w[conn].map(matrixToRows);
  const ref = new ReferenceMicrocircuit([4, 6, 5, 3], params, softplus, { up: rows('up'), down: rows('down'), ip: rows('ip'), pi: rows('pi') }, allPlastic, 3);
  const y = Array.from(c.state);
  let off = 0;
  const take = (n: number) => y.slice(off, (off += n));
  ref.u = [take(6), take(5), take(3)];
  ref.uI = [take(5), take(3)];
  ref.rIn = take(4);
  ref.uTgt = take(3);
  ref.integral = take(3);
  const slots = c.layout.plastic;
  for (const s of slots) ref.D[s.connection][s.index] = Array.from({ length: s.rows }, (_, i) => y.slice(s.trace + i * s.cols, s.trace + (i + 1) * s.cols));
  ref.input = [0.3, 0.9, 0.1, 0.5];
  ref.target = [0.2, -0.4, 0.8];
  ref.nudged = true;
  ref.learning = true;
  ref.averaging = true;
  const before = { u: ref.u, uI: ref.uI, rIn: ref.rIn, uTgt: ref.uTgt, integral: ref.integral };
  const D0 = slots.map((s) => ref.D[s.connection][s.index].flat());
  const W0 = slots.map((s) => ref.W[s.connection][s.index].flat());
  ref.step(1);
  const diff = (a: number[], b: number[]) => a.map((x, i) => x - b[i]);
  return [
    ...ref.u.flatMap((l, k) => diff(l, before.u[k])),
    ...ref.uI.flatMap((l, h) => diff(l, before.uI[h])),
    ...diff(ref.rIn, before.rIn),
    ...diff(ref.uTgt, before.uTgt),
    ...diff(ref.integral, before.integral),
    ...slots.flatMap((s, m) => diff(ref.D[s.connection][s.index].flat(), D0[m])),
    ...slots.flatMap((s, m) => diff(ref.W[s.connection][s.index].flat(), W0[m])),
  ];
}

describe('Microcircuit', () => {
  it('computes dy/dt as the independent plain-loop implementation of docs/model.md does', () => {
    for (const seed of [1, 2, 3]) {
      const c = randomCircuit(seed);
      const dydt = new Float64Array(c.size);
      c.derivative(c.state, dydt);
      const ref = referenceDerivative(c);
      expect(ref.length).toBe(c.size);
      let worst = 0;
      for (let i = 0; i < c.size; i++) worst = Math.max(worst, Math.abs(dydt[i] - ref[i]) / (1 + Math.abs(ref[i])));
      expect(worst).toBeLessThan(1e-13);
    }
  });

  it('takes a fused forward-Euler step equal to y + dt·f(y)', () => {
    const c = randomCircuit(4);
    const dydt = new Float64Array(c.size);
    c.derivative(c.state, dydt);
    const expected = Float64Array.from(c.state, (y, i) => y + 0.1 * dydt[i]);
    createIntegrator({ method: 'euler', dt: 0.1 }).advance(c, c.state, 0, 0.1, new Random(1), null);
    for (let i = 0; i < c.size; i++) expect(Math.abs(c.state[i] - expected[i])).toBeLessThan(1e-14 * (1 + Math.abs(expected[i])));
  });

  it('freezes traces and weights, bit for bit, while plasticity is off', () => {
    const c = randomCircuit(5);
    c.setPlasticity(false);
    const before = c.state.slice(c.layout.traces.offset);
    const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
    sim.advanceTo(50);
    expect(c.state.slice(c.layout.traces.offset)).toEqual(before);
    const dydt = new Float64Array(c.size);
    c.derivative(c.state, dydt);
    expect(dydt.slice(c.layout.traces.offset).every((x) => x === 0)).toBe(true);
  });

  it('silences the apical potentials in the self-predicting state with no target (below 1e-9)', () => {
    const dims = [8, 12, 10, 5];
    const shape = new CircuitShape(dims);
    const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, 7);
    const apicalAtRest = (selfPredicting: boolean) => {
      if (selfPredicting) setSelfPredicting(shape, weights, params);
      const c = new Microcircuit({ dims, neuron: params, weights });
      const sim = new Simulation(c, createIntegrator({ method: 'rk4', dt: 0.05 }), { seed: 1 });
      const input = Array.from({ length: 8 }, (_, i) => 0.1 + 0.1 * i);
      sim.run([{ input, target: null }], { tPattern: 300, outputLag: 0 });
      return Math.max(...c.observeSignals(c.state).apical.flatMap((a) => Array.from(a, Math.abs)));
    };
    expect(apicalAtRest(false)).toBeGreaterThan(1e-2); // random lateral weights: apical potentials are not silent
    expect(apicalAtRest(true)).toBeLessThan(1e-9);
  });

  it('stops with the time and population when the state becomes non-finite', () => {
    const dims = [3, 4, 2];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 30, down: 30, ip: 30, pi: 30 }, 1);
    const c = new Microcircuit({ dims, neuron: { ...params, phi: { kind: 'linear' } }, weights });
    const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
    let caught: unknown = null;
    try {
      sim.run([{ input: [1, 1, 1], target: null }], { tPattern: 1000, outputLag: 0 });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(NonFiniteStateError);
    const e = caught as NonFiniteStateError;
    expect(e.time).toBeGreaterThan(0);
    expect(e.time).toBeLessThan(1000);
    expect(e.message).toMatch(/^state became non-finite at t = [\d.]+ ms in layer \d .*somata/);
  });
});

describe('a Microcircuit built from a script is checked like an experiment file', () => {
  const dims = [5, 8, 8, 3];
  const weights = () => initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1);

  it('refuses a plasticity configuration made for another shape, naming the field (no rate silently 0)', () => {
    const forThirtyFiftyTen = { tauW: 30, learningLag: 0, eta: { up: [0.001, 0.0005], ip: [0.001], pi: [0.005], down: [0] } };
    expect(() => new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: weights(), plasticity: forThirtyFiftyTen })).toThrow(
      /^plasticity\.eta\.up: expected 3 learning rates \(one per layer 1…3\), got 2$/,
    );
  });

  it('refuses a rate function typo with the experiment file\'s message, not a crash later', () => {
    const neuron = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'sigmoidal' } } as unknown as NeuronParameters;
    expect(() => new Microcircuit({ dims, neuron, weights: weights() })).toThrow(/^neuron\.phi\.kind: expected one of "softplus", "logistic", "tanh", "relu", "linear", got "sigmoidal"$/);
    expect(() => new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, gl: -1 }, weights: weights() })).toThrow(/^neuron\.gl: expected a number > 0, got -1$/);
  });
});

describe('captureSettings and restoreSettings', () => {
  const dims = [6, 9, 4];
  const neuron = { ...PAPER_NEURON_PARAMETERS, noise: 0.1 };
  // up and ip plastic, pi and down fixed: the settings carry the fixed matrices
  const somePlastic: PlasticityConfig = { tauW: 30, learningLag: 0, eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0], down: [0] } };
  const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 3);
  const otherWeights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 4);
  const input = [0.1, 0.5, 0.9, 0.3, 0.7, 0.2];
  const target = [0.4, -0.2, 0.6, -0.8];
  /** Euler steps of 0.1 ms over `ms`, with the run's own noise stream; deferred updates written out. */
  const advance = (c: Microcircuit, ms: number, seed: number) => {
    createIntegrator({ method: 'euler', dt: 0.1 }).advance(c, c.state, 0, ms, new Random(seed, 'settings'), null);
    c.completeDeferredUpdates();
  };
  const copy = (e: CircuitSettings) => ({ input: Float64Array.from(e.input), target: Float64Array.from(e.target), fixedWeights: Float64Array.from(e.fixedWeights), flags: { ...e.flags } });

  it.each([
    ['float64', 1],
    ['float64', 2],
    ['float32', 1],
    ['float32', 2],
  ] as const)('%s storage, %i thread(s) asked: restoring the settings and the state after other drive, gates and weights continues bit for bit as a circuit never changed', (precision: Precision, threads: 1 | 2) => {
    const build = () => new Microcircuit({ dims, neuron, weights, plasticity: somePlastic, precision, kernels: 'wasm', threads });
    const [twin, restored] = [build(), build()];
    expect(restored.threads).toBe(threads === 2 && threadsCanStart('wasm', precision) ? 2 : 1);
    for (const c of [twin, restored]) {
      c.setInput(input);
      c.setTarget(target);
      c.setPlasticity(true);
      c.setAveraging(true);
      advance(c, 3, 1);
    }
    const settings = copy(restored.captureSettings());
    const state = Float64Array.from(restored.state);
    expect(settings.fixedWeights.length).toBe(2 * 4 * 9);
    expect(settings.flags).toEqual({ nudged: true, plasticity: true, averaging: true });
    // everything the settings hold changed, and the circuit run on with it
    restored.setInput(input.map((x) => 1 - x));
    restored.setTarget(null);
    restored.setPlasticity(false);
    restored.setAveraging(false);
    restored.setWeights(otherWeights);
    advance(restored, 1, 2);
    expect(restored.captureSettings().fixedWeights).not.toEqual(settings.fixedWeights);

    restored.setState(state);
    restored.restoreSettings(settings);
    expect(copy(restored.captureSettings())).toEqual(settings);
    expect([restored.isNudged, restored.plasticityOn]).toEqual([true, true]);
    advance(twin, 3, 3);
    advance(restored, 3, 3);
    expect(Buffer.from(restored.state.buffer, restored.state.byteOffset, restored.state.byteLength).equals(Buffer.from(twin.state.buffer, twin.state.byteOffset, twin.state.byteLength))).toBe(true);
    twin.dispose();
    restored.dispose();
  });

  it('refuses settings of another shape, naming the field, before changing anything', () => {
    const c = new Microcircuit({ dims, neuron, weights, plasticity: somePlastic });
    c.setInput(input);
    const settings = copy(c.captureSettings());
    const wrong = { ...settings, input: new Float64Array(5).fill(1), fixedWeights: new Float64Array(3) };
    expect(() => c.restoreSettings(wrong)).toThrow(/^input: expected 6 values, got 5/);
    expect(() => c.restoreSettings({ ...settings, fixedWeights: new Float64Array(3) })).toThrow(/^fixedWeights: expected 72 values, got 3/);
    expect(copy(c.captureSettings())).toEqual(settings);
  });
});
