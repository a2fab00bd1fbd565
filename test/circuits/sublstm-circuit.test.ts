import { describe, expect, it } from 'vitest';
import { SubLstmCircuit, type SubLstmWeights } from '../../src/circuits/sublstm-circuit.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';
import { convergenceOrder } from '../helpers/single-population-system.ts';

const I = 4;
const H = 5;
const B = 3;
const T = 1; // frame time (ms) = τ_c = τ_o
const STEPS = 12;

function randomWeights(seed: number, fixedForget = false): SubLstmWeights {
  const rng = new Random(seed, 'sublstm-test');
  const u = (n: number, a: number) => Float64Array.from({ length: n }, () => rng.uniformIn(-a, a));
  return {
    inputSize: I,
    hiddenSize: H,
    W: u(4 * H * I, 0.8),
    R: u(4 * H * H, 0.8),
    b: u(4 * H, 0.5),
    ...(fixedForget ? { fixedForget: Float64Array.from({ length: H }, () => rng.uniform()) } : {}),
  };
}

function inputs(seed: number): Float64Array[] {
  const rng = new Random(seed, 'inputs');
  return Array.from({ length: STEPS }, () => Float64Array.from({ length: B * I }, () => rng.uniformIn(-1, 1)));
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The discrete subLSTM (Costa et al. 2017), written from the equations: the sequence of (h_t, c_t). */
function discreteSubLstm(w: SubLstmWeights, xs: Float64Array[]): { h: number[][]; c: number[][] } {
  const hs: number[][] = [];
  const cs: number[][] = [];
  let h = new Array(B * H).fill(0);
  let c = new Array(B * H).fill(0);
  for (const x of xs) {
    const hNext: number[] = [];
    const cNext: number[] = [];
    for (let s = 0; s < B; s++) {
      const gate = (g: number, j: number) => {
        const r = g * H + j;
        let a = w.b[r];
        for (let q = 0; q < I; q++) a += w.W[r * I + q] * x[s * I + q];
        for (let q = 0; q < H; q++) a += w.R[r * H + q] * h[s * H + q];
        return sigmoid(a);
      };
      for (let j = 0; j < H; j++) {
        const f = w.fixedForget === undefined ? gate(2, j) : w.fixedForget[j];
        const cj = f * c[s * H + j] + gate(0, j) - gate(1, j);
        cNext.push(cj);
        hNext.push(sigmoid(cj) - gate(3, j));
      }
    }
    h = hNext;
    c = cNext;
    hs.push(h);
    cs.push(c);
  }
  return { h: hs, c: cs };
}

/** Runs the continuous circuit frame by frame (input held over each frame); returns h and c at every frame end. */
function continuous(w: SubLstmWeights, xs: Float64Array[], spec: IntegratorSpec): { h: Float64Array[]; c: Float64Array[]; circuit: SubLstmCircuit; recorder: Recorder } {
  const circuit = new SubLstmCircuit(w, { batch: B, tauMemory: T, tauOutputGate: T });
  circuit.reset();
  const sim = new Simulation(circuit, createIntegrator(spec), { seed: 1 });
  const recorder = new Recorder([new Probe({ segment: 'c' }, circuit), new Probe({ segment: 'o', indices: [0, 7] }, circuit)]);
  sim.frames(T).subscribe(recorder);
  const hs: Float64Array[] = [];
  const cs: Float64Array[] = [];
  xs.forEach((x, t) => {
    circuit.setInput(x);
    sim.advanceTo((t + 1) * T);
    const h = new Float64Array(B * H);
    circuit.readHidden(circuit.state, h);
    hs.push(h);
    cs.push(circuit.state.slice(0, B * H));
  });
  return { h: hs, c: cs, circuit, recorder };
}

function maxDifference(a: ArrayLike<number>[], b: ArrayLike<number>[]): number {
  let worst = 0;
  a.forEach((row, t) => {
    for (let k = 0; k < row.length; k++) worst = Math.max(worst, Math.abs(row[k] - b[t][k]));
  });
  return worst;
}

describe('SubLstmCircuit: the subLSTM as a continuous-time E-I circuit', () => {
  for (const fixedForget of [false, true]) {
    const name = fixedForget ? 'fix-subLSTM' : 'subLSTM';
    it(`${name}: one Euler step of dt = τ per frame is the discrete cell (h and c within 1e-12 over ${STEPS} steps)`, () => {
      const w = randomWeights(fixedForget ? 2 : 1, fixedForget);
      const xs = inputs(3);
      const want = discreteSubLstm(w, xs);
      const got = continuous(w, xs, { method: 'euler', dt: T });
      expect(maxDifference(got.h, want.h)).toBeLessThan(1e-12);
      expect(maxDifference(got.c, want.c)).toBeLessThan(1e-12);
    });
  }

  it('smaller steps converge to the continuous solution at order 1 (Euler) and 4 (RK4)', () => {
    const w = randomWeights(4);
    const xs = inputs(5);
    const reference = continuous(w, xs, { method: 'odex', rtol: 1e-13, atol: 1e-14, maxDt: 0 }).h;
    const dts = [T / 8, T / 16, T / 32, T / 64];
    const errors = (method: 'euler' | 'rk4') => dts.map((dt) => maxDifference(continuous(w, xs, { method, dt }).h, reference));
    const euler = errors('euler');
    const rk4 = errors('rk4');
    expect(convergenceOrder(dts, euler)).toBeCloseTo(1, 1);
    expect(convergenceOrder(dts, rk4)).toBeGreaterThan(3.7);
    expect(convergenceOrder(dts, rk4)).toBeLessThan(4.3);
    // and the continuous circuit is not the discrete cell: one step per frame differs from it
    expect(maxDifference(continuous(w, xs, { method: 'euler', dt: T }).h, reference)).toBeGreaterThan(1e-3);
  });

  it('frames, segment probes and a recorder see c and o as they are at each frame', () => {
    const w = randomWeights(6);
    const xs = inputs(7);
    const { c, recorder } = continuous(w, xs, { method: 'rk4', dt: T / 4 });
    expect(recorder.times().length).toBe(STEPS + 1);
    const width = B * H;
    for (let t = 0; t < STEPS; t++) expect(Array.from(recorder.values(0).slice((t + 1) * width, (t + 2) * width))).toEqual(Array.from(c[t]));
    expect(recorder.values(1).length).toBe(2 * (STEPS + 1));
  });

  it('refuses weights of the wrong size and non-positive time constants, naming the field', () => {
    const w = randomWeights(1);
    expect(() => new SubLstmCircuit({ ...w, R: new Float64Array(3) }, { tauMemory: 1, tauOutputGate: 1 })).toThrow(/^weights\.R: expected 4·5·5 = 100 values, got 3$/);
    expect(() => new SubLstmCircuit(w, { tauMemory: 0, tauOutputGate: 1 })).toThrow(/^tauMemory: expected a time constant > 0 ms/);
    expect(() => new SubLstmCircuit({ ...w, fixedForget: new Float64Array(H).fill(2) }, { tauMemory: 1, tauOutputGate: 1 })).toThrow(/fixedForget: expected 5 values in \[0, 1\]/);
  });
});
