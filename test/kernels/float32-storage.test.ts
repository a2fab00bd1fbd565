import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { CircuitShape, CONNECTIONS } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit, type Precision } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { InputError } from '../../src/core/input-error.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/io/checkpoint-file.ts';
import type { KernelKind } from '../../src/kernels/dense-kernels.ts';
import { Float32Storage } from '../../src/kernels/float32-storage.ts';
import { matrixToRows } from '../../src/linalg/dense-matrix.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { captureSimulation, restoreSimulation } from '../../src/simulation/simulation-checkpoint.ts';
import { Simulation, type Pattern } from '../../src/simulation/simulation.ts';
import { ReferenceMicrocircuit } from '../helpers/reference-microcircuit.ts';

const dir = mkdtempSync(join(tmpdir(), 'float32-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The paper's Fig. 2 rates at any depth, as the bench uses them. */
function paperRates(depth: number): PlasticityConfig {
  const up = Array.from({ length: depth }, (_, k) => (k === depth - 1 ? 0.0005 : 0.0011875));
  return { tauW: 30, learningLag: 0, eta: { up, ip: new Array(depth - 1).fill(0.0011875), pi: new Array(depth - 1).fill(0.0059375), down: new Array(depth - 1).fill(0) } };
}

function learningSim(dims: number[], precision: Precision, kernels: KernelKind = 'wasm', method: 'euler' | 'expEuler' = 'euler') {
  const shape = new CircuitShape(dims);
  const weights = initUniformWeights(shape, { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 3);
  const circuit = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 }, weights, plasticity: paperRates(shape.depth), precision, kernels });
  return { circuit, weights, sim: new Simulation(circuit, createIntegrator({ method, dt: 0.1 }), { seed: 4 }) };
}

function patternsFor(dims: number[], count: number, seed: number): Pattern[] {
  const rng = new Random(seed, 'patterns');
  return Array.from({ length: count }, () => ({
    input: Array.from({ length: dims[0] }, () => rng.uniform()),
    target: Array.from({ length: dims[dims.length - 1] }, () => rng.uniformIn(-1, 1)),
  }));
}

/** Largest |a − b| / (1 + |b|) over every weight, and the largest weight change of the float64 run. */
function weightAgreement(a: Microcircuit, b: Microcircuit, initial: ReturnType<typeof initUniformWeights>): { worst: number; moved: number } {
  const wa = a.weights();
  const wb = b.weights();
  let worst = 0;
  let moved = 0;
  for (const c of CONNECTIONS) {
    wa[c].forEach((m, k) =>
      m.data.forEach((x, i) => {
        const y = wb[c][k].data[i];
        worst = Math.max(worst, Math.abs(x - y) / (1 + Math.abs(y)));
        moved = Math.max(moved, Math.abs(y - initial[c][k].data[i]));
      }),
    );
  }
  return { worst, moved };
}

describe('float32 storage', () => {
  it('keeps every weight and trace a float32 number, and takes the same steps in JavaScript and WebAssembly, bit for bit', () => {
    const dims = [7, 9, 5, 3];
    const [js, wasm] = (['js', 'wasm'] as const).map((k) => learningSim(dims, 'float32', k));
    const patterns = patternsFor(dims, 3, 1);
    const outJs = js.sim.run(patterns, { tPattern: 20, outputLag: 5 });
    const outWasm = wasm.sim.run(patterns, { tPattern: 20, outputLag: 5 });
    expect(js.circuit.kernels.kind).toBe('js');
    expect(wasm.circuit.kernels.kind).toBe('wasm');
    expect(outWasm).toEqual(outJs);
    expect(wasm.circuit.state).toEqual(js.circuit.state);
    const tail = wasm.circuit.state.subarray(wasm.circuit.layout.potentialsEnd);
    expect(tail.every((x) => Math.fround(x) === x)).toBe(true);
    expect(tail.some((x) => x !== 0)).toBe(true);
    for (const c of CONNECTIONS) for (const m of wasm.circuit.weights()[c]) expect(m.data.every((x) => Math.fround(x) === x)).toBe(true);
  });

  // The reference-agreement test of test/plasticity/learning-run.test.ts asks 1e-9 of float64 (it
  // reaches about 1e-14). float32 does not meet it: float32 keeps 24 bits (5.96e-8 relative per
  // rounding), and 2,400 steps of learning accumulate them to 2.1e-6 here. That figure is what
  // the README reports; 1e-5 is the bound of this test.
  it('agrees with the independent plain-loop re-implementation to 1e-5, not to the float64 bound of 1e-9 (measured 2.1e-6)', () => {
    const dims = [5, 7, 6, 3];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 11);
    const plasticity: PlasticityConfig = { tauW: 30, learningLag: 4, eta: { up: [0.05, 0.04, 0.03], ip: [0.05, 0.02], pi: [0.04, 0.06], down: [0.01, 0.02] } };
    const neuron = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'softplus' as const, gamma: 1, beta: 1, theta: 0 } };
    const rng = new Random(3, 'patterns');
    const patterns: Pattern[] = Array.from({ length: 8 }, (_, p) => ({
      input: Array.from({ length: 5 }, () => rng.uniform()),
      target: p % 3 === 2 ? null : Array.from({ length: 3 }, () => rng.uniformIn(-1, 1)),
      learn: p !== 5,
    }));
    const circuit = new Microcircuit({ dims, neuron, weights, plasticity, tau0: 3, precision: 'float32' });
    const outputs = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 }).run(patterns, { tPattern: 30, outputLag: 10 });

    const rows = { up: weights.up.map(matrixToRows), down: weights.down.map(matrixToRows), ip: weights.ip.map(matrixToRows), pi: weights.pi.map(matrixToRows) };
    const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    const ref = new ReferenceMicrocircuit(dims, neuron, softplus, rows, plasticity, 3);
    ref.rIn = Array.from(patterns[0].input);
    ref.uTgt = Array.from(patterns[0].target as number[]);
    const refOutputs = patterns.map((pat) => ref.present(pat.input as number[], (pat.target ?? null) as number[] | null, pat.learn ?? true, 30, 10, 0.1));
    let worst = 0;
    const compare = (a: number, b: number) => (worst = Math.max(worst, Math.abs(a - b) / (1 + Math.abs(b))));
    outputs.forEach((o, p) => o.forEach((x, i) => compare(x, refOutputs[p][i])));
    const final = circuit.weights();
    for (const c of CONNECTIONS) final[c].forEach((m, k) => m.data.forEach((x, idx) => compare(x, ref.W[c][k][Math.floor(idx / m.cols)][idx % m.cols])));
    expect(worst).toBeGreaterThan(1e-9); // float32 rounding is really there
    expect(worst).toBeLessThan(1e-5);
  });

  it.each(['euler', 'expEuler'] as const)('30-50-10, learning with noise (%s): outputs and weights within 1e-4 of float64 after 1,000 ms', (method) => {
    const dims = [30, 50, 10];
    const f64 = learningSim(dims, 'float64', 'wasm', method);
    const f32 = learningSim(dims, 'float32', 'wasm', method);
    const patterns = patternsFor(dims, 10, 2);
    const o64 = f64.sim.run(patterns, { tPattern: 100, outputLag: 20 });
    const o32 = f32.sim.run(patterns, { tPattern: 100, outputLag: 20 });
    let out = 0;
    o32.forEach((o, p) => o.forEach((x, i) => (out = Math.max(out, Math.abs(x - o64[p][i]) / (1 + Math.abs(o64[p][i]))))));
    const { worst, moved } = weightAgreement(f32.circuit, f64.circuit, f64.weights);
    expect(moved).toBeGreaterThan(1e-3);
    expect(out).toBeGreaterThan(0);
    expect(out).toBeLessThan(1e-4);
    expect(worst).toBeLessThan(1e-4);
  });

  // Observers make the circuit write its deferred updates into the state between steps: the run must not notice.
  it('gives the same bits with a frame every 0.3 ms as without observers', () => {
    const dims = [6, 9, 4];
    const patterns = patternsFor(dims, 3, 7);
    const plain = learningSim(dims, 'float32');
    const watched = learningSim(dims, 'float32');
    let frames = 0;
    watched.sim.frames(0.3).subscribe(() => frames++);
    const a = plain.sim.run(patterns, { tPattern: 20, outputLag: 5 });
    const b = watched.sim.run(patterns, { tPattern: 20, outputLag: 5 });
    expect(frames).toBeGreaterThan(150);
    expect(b).toEqual(a);
    expect(watched.circuit.state).toEqual(plain.circuit.state);
  });

  it('resumes from a checkpoint bit-identically to a run never interrupted', () => {
    const dims = [6, 9, 4];
    const patterns = patternsFor(dims, 8, 5);
    const timing = { tPattern: 37.3, outputLag: 10 };
    const whole = learningSim(dims, 'float32');
    const outputs = whole.sim.run(patterns, timing);
    const first = learningSim(dims, 'float32');
    const early = first.sim.run(patterns.slice(0, 3), timing);
    const path = join(dir, 'run.ckpt');
    writeCheckpoint(path, captureSimulation(first.sim));
    const resumed = learningSim(dims, 'float32');
    restoreSimulation(resumed.sim, readCheckpoint(path), path);
    const late = resumed.sim.run(patterns.slice(3), timing);
    expect([...early, ...late]).toEqual(outputs);
    expect(resumed.circuit.state).toEqual(whole.circuit.state);
  });

  it('copies nothing into float32 at an advance, only when the state or the weights are written', () => {
    const dims = [6, 9, 4];
    const { sim, circuit } = learningSim(dims, 'float32');
    circuit.setInput(patternsFor(dims, 1, 6)[0].input);
    circuit.setPlasticity(true);
    const load = vi.spyOn(Float32Storage.prototype, 'load');
    try {
      let frames = 0;
      sim.frames(0.5).subscribe(() => frames++);
      for (let t = 1; t <= 20; t++) sim.advanceTo(t);
      expect(frames).toBeGreaterThan(30);
      expect(load).toHaveBeenCalledTimes(0);
      circuit.setState(circuit.state.slice());
      expect(load).toHaveBeenCalledTimes(1);
      circuit.setWeights(circuit.weights());
      expect(load).toHaveBeenCalledTimes(2);
      sim.advanceTo(21);
      expect(load).toHaveBeenCalledTimes(2);
    } finally {
      load.mockRestore();
    }
  });

  it('refuses a state of the wrong length, naming it', () => {
    const { circuit } = learningSim([4, 5, 3], 'float32');
    expect(() => circuit.setState(new Float64Array(3))).toThrow(new RegExp(`^state: expected ${circuit.state.length} values, got 3$`));
  });

  it('re-reads the state written between advances, as a learner restoring its state does', () => {
    const dims = [6, 9, 4];
    const a = learningSim(dims, 'float32');
    a.circuit.setInput(patternsFor(dims, 1, 6)[0].input);
    a.circuit.setPlasticity(true);
    a.sim.advanceTo(10);
    const b = learningSim(dims, 'float32');
    b.circuit.setInput(patternsFor(dims, 1, 6)[0].input);
    b.circuit.setPlasticity(true);
    b.circuit.setState(a.circuit.state);
    b.sim.t = a.sim.t;
    b.sim.rng.setState(a.sim.rng.getState());
    a.sim.advanceTo(15);
    b.sim.advanceTo(15);
    expect(b.circuit.state).toEqual(a.circuit.state);
  });

  it('re-reads the state written between advances (new weights), rounded to float32', () => {
    const dims = [4, 5, 3];
    const a = learningSim(dims, 'float32');
    a.sim.advanceTo(5);
    const w = a.circuit.weights();
    const up = { rows: w.up[0].rows, cols: w.up[0].cols, data: Float64Array.from(w.up[0].data, () => 0.1) };
    a.circuit.setWeights({ ...w, up: [up, w.up[1]] });
    expect(a.circuit.weights().up[0].data[0]).toBe(Math.fround(0.1));
    const y = a.circuit.state.slice();
    a.sim.advanceTo(5.1);
    const step = a.circuit.state[a.circuit.layout.plastic.find((s) => s.connection === 'up' && s.index === 0)!.weight];
    // One Euler step from W = fround(0.1): W + hW·Δ in float32, with Δ the trace in the state.
    const slot = a.circuit.layout.plastic.find((s) => s.connection === 'up' && s.index === 0)!;
    expect(step).toBe(Math.fround(Math.fround(0.1) + Math.fround(Math.fround(0.1 * 0.0011875) * y[slot.trace])));
  });

  it('refuses rk4 (naming precision), a plasticity window and an unknown precision, with the fix', () => {
    const dims = [4, 5, 3];
    const { circuit } = learningSim(dims, 'float32');
    expect(() => createIntegrator({ method: 'rk4', dt: 0.1 }).advance(circuit, circuit.state, 0, 1, new Random(1), null)).toThrow(InputError);
    expect(() => createIntegrator({ method: 'rk4', dt: 0.1 }).advance(circuit, circuit.state, 0, 1, new Random(1), null)).toThrow(/precision.*"euler" or "expEuler"/);
    const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1);
    expect(() => new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights, plasticity: paperRates(2), precision: 'float32', plasticityWindow: 4 })).toThrow(/plasticityWindow.*float32/);
    expect(() => new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights, precision: 'float16' as Precision })).toThrow(/precision: expected "float64" or "float32", got "float16"/);
  });
});
