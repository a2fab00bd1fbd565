import { describe, expect, it } from 'vitest';
import { CircuitShape, CONNECTIONS } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { matrixToRows } from '../../src/linalg/dense-matrix.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../../src/plasticity/plasticity-config.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation, type Pattern } from '../../src/simulation/simulation.ts';
import { ReferenceMicrocircuit } from '../helpers/reference-microcircuit.ts';

/**
 * A learning run without noise — all four rules on, a learning lag, patterns with and without a
 * target and one with learning off — against the independent plain-loop re-implementation of
 * docs/model.md in test/helpers (no code shared with src). Same forward-Euler arithmetic up to the
 * order of floating-point operations, so the two agree to rounding; 1e-9 is the bound asked for.
 */
describe('a learning run', () => {
  // K > 1: the exact deferred plasticity update (plasticity-window.ts) against the same reference.
  it.each([1, 8])('equals an independent plain-loop re-implementation to 1e-9 (plasticity window %i)', (plasticityWindow) => {
    const dims = [5, 7, 6, 3];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 11);
    const plasticity: PlasticityConfig = {
      tauW: 30,
      learningLag: 4,
      eta: { up: [0.05, 0.04, 0.03], ip: [0.05, 0.02], pi: [0.04, 0.06], down: [0.01, 0.02] },
    };
    const neuron = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'softplus' as const, gamma: 1, beta: 1, theta: 0 } };
    const rng = new Random(3, 'patterns');
    const patterns: Pattern[] = Array.from({ length: 8 }, (_, p) => ({
      input: Array.from({ length: 5 }, () => rng.uniform()),
      target: p % 3 === 2 ? null : Array.from({ length: 3 }, () => rng.uniformIn(-1, 1)),
      learn: p !== 5,
    }));
    const timing = { tPattern: 30, outputLag: 10 };

    const circuit = new Microcircuit({ dims, neuron, weights, plasticity, tau0: 3, plasticityWindow });
    const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
    const outputs = sim.run(patterns, timing);

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
    let moved = 0;
    for (const c of CONNECTIONS) {
      final[c].forEach((m, k) =>
        m.data.forEach((x, idx) => {
          compare(x, ref.W[c][k][Math.floor(idx / m.cols)][idx % m.cols]);
          moved = Math.max(moved, Math.abs(x - weights[c][k].data[idx]));
        }),
      );
    }
    expect(moved).toBeGreaterThan(1e-3); // the weights really learned
    expect(worst).toBeLessThan(1e-9);
  });
});
