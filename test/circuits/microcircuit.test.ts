import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/circuits/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { NonFiniteStateError } from '../../src/circuits/non-finite-state-error.ts';
import { setSelfPredicting } from '../../src/circuits/self-predicting.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters } from '../../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

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
 * MODEL.md written out again with nested arrays and plain loops, sharing no code with src:
 * returns dy/dt in the StateLayout order.
 */
function referenceDerivative(c: Microcircuit): number[] {
  const p = params;
  const phi = (u: number) => Math.log(1 + Math.exp(u - 0.5));
  const y = Array.from(c.state);
  const N = 3;
  let off = 0;
  const take = (n: number) => {
    const s = y.slice(off, off + n);
    off += n;
    return s;
  };
  const u = [take(6), take(5), take(3)];
  const uI = [take(5), take(3)];
  const rIn = take(4);
  const uTgt = take(3);
  take(3); // output integral
  const shapes: [string, number, number, number][] = [];
  const w = c.weights();
  const mats: Record<string, number[][][]> = { up: [], down: [], ip: [], pi: [] };
  for (const conn of ['up', 'down', 'ip', 'pi'] as const) {
    w[conn].forEach((m, i) => {
      mats[conn].push(Array.from({ length: m.rows }, (_, r) => Array.from(m.data.slice(r * m.cols, (r + 1) * m.cols))));
      shapes.push([conn, i, m.rows, m.cols]);
    });
  }
  const mv = (W: number[][], x: number[]) => W.map((row) => row.reduce((s, wij, j) => s + wij * x[j], 0));
  const r = u.map((layer) => layer.map(phi));
  const rI = uI.map((layer) => layer.map(phi));
  const vB = [mv(mats.up[0], rIn), mv(mats.up[1], r[0]), mv(mats.up[2], r[1])];
  const topDown = [mv(mats.down[0], r[1]), mv(mats.down[1], r[2])];
  const vA = [0, 1].map((h) => topDown[h].map((x, i) => x + mv(mats.pi[h], rI[h])[i]));
  const vI = [mv(mats.ip[0], r[0]), mv(mats.ip[1], r[1])];
  const out: number[] = [];
  for (let k = 0; k < N - 1; k++) u[k].forEach((x, i) => out.push(-p.gl * x + p.gb * (vB[k][i] - x) + p.ga * (vA[k][i] - x)));
  const target = [0.2, -0.4, 0.8];
  u[2].forEach((x, i) => out.push(-p.gl * x + p.gb * (vB[2][i] - x) + p.gsom * (uTgt[i] - x)));
  for (let h = 0; h < 2; h++) uI[h].forEach((x, i) => out.push(-p.gl * x + p.gd * (vI[h][i] - x) + p.gsom * (u[h + 1][i] - x)));
  const input = [0.3, 0.9, 0.1, 0.5];
  rIn.forEach((x, i) => out.push((input[i] - x) / 3));
  uTgt.forEach((x, i) => out.push((target[i] - x) / 3));
  u[2].forEach((x) => out.push(x));
  // Plasticity: errors and pre rates of each rule, then traces and weights (MODEL.md, online rules).
  const gtot = [p.gl + p.gb + p.ga, p.gl + p.gb + p.ga, p.gl + p.gb];
  const post: Record<string, number[][]> = {
    up: [0, 1, 2].map((k) => r[k].map((rk, i) => rk - phi((p.gb / gtot[k]) * vB[k][i]))),
    down: [0, 1].map((h) => r[h].map((rk, i) => rk - phi(topDown[h][i]))),
    ip: [0, 1].map((h) => rI[h].map((ri, i) => ri - phi((p.gd / (p.gl + p.gd)) * vI[h][i]))),
    pi: [0, 1].map((h) => vA[h].map((x) => -x)),
  };
  const pre: Record<string, number[][]> = { up: [rIn, r[0], r[1]], down: [r[1], r[2]], ip: [r[0], r[1]], pi: [rI[0], rI[1]] };
  const traceOut: number[] = [];
  const weightOut: number[] = [];
  for (const [conn, i, rows, cols] of shapes) {
    const eta = allPlastic.eta[conn as 'up'][i];
    for (let a = 0; a < rows; a++) {
      for (let b = 0; b < cols; b++) {
        const delta = y[off++];
        traceOut.push((post[conn][i][a] * pre[conn][i][b] - delta) / 30);
        weightOut.push(eta * delta);
      }
    }
  }
  return [...out, ...traceOut, ...weightOut];
}

describe('Microcircuit', () => {
  it('computes dy/dt exactly as an independent plain-loop implementation of MODEL.md', () => {
    for (const seed of [1, 2, 3]) {
      const c = randomCircuit(seed);
      const dydt = new Float64Array(c.size);
      c.derivative(0, c.state, dydt);
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
    c.derivative(0, c.state, dydt);
    const expected = Float64Array.from(c.state, (y, i) => y + 0.1 * dydt[i]);
    c.explicitStep(0, c.state, new Float64Array(c.groupCount).fill(0.1));
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
    c.derivative(0, c.state, dydt);
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
      c.evaluateSignals(c.state);
      return Math.max(...c.signals.apical.flatMap((a) => Array.from(a, Math.abs)));
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
