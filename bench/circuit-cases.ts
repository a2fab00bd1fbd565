/**
 * The circuits `npm run bench` measures: full dynamics, forward Euler at dt 0.1 ms, inputs held
 * on one pattern. Each case names what it is so the table reads on its own.
 */
import { CircuitShape } from '../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../src/circuits/weight-init.ts';
import type { ThreadSetting } from '../src/kernels/thread-setting.ts';
import { createIntegrator } from '../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../src/neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../src/plasticity/plasticity-config.ts';
import { Random } from '../src/random/random.ts';
import { Simulation } from '../src/simulation/simulation.ts';
import { Probe } from '../src/streams/probe.ts';

export interface CircuitCase {
  readonly name: string;
  readonly dims: number[];
  readonly learning: boolean;
  readonly noise: number;
  /** 'none': no subscriber; 'probe': one probe (output somata) decimated to 1 ms. */
  readonly streaming: 'none' | 'probe';
  /** Simulated ms per timed repetition. */
  readonly simulatedMs: number;
  /** Steps per window of the deferred plasticity update (plasticity-window.ts); absent: 1, every step. */
  readonly plasticityWindow?: number;
  /** Kernel threads (src/kernels/thread-setting.ts); absent: 1. */
  readonly threads?: ThreadSetting;
  /** false: the separate kernel calls of each step instead of one fused call (src/circuits/fused-step.ts); absent: fused. */
  readonly fusedStep?: boolean;
  /** Storage of weights and traces (src/kernels/float32-storage.ts); absent: float64. */
  readonly precision?: 'float64' | 'float32';
}

const small = [30, 50, 10];
const large = [784, 500, 500, 10];

export const CIRCUIT_CASES: CircuitCase[] = [
  { name: '30-50-10 fixed weights', dims: small, learning: false, noise: 0, streaming: 'none', simulatedMs: 4000 },
  { name: '30-50-10 fixed weights, probe every 1 ms', dims: small, learning: false, noise: 0, streaming: 'probe', simulatedMs: 4000 },
  { name: '30-50-10 learning + noise', dims: small, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 4000 },
  { name: '784-500-500-10 fixed weights', dims: large, learning: false, noise: 0, streaming: 'none', simulatedMs: 100 },
  { name: '784-500-500-10 fixed weights, probe every 1 ms', dims: large, learning: false, noise: 0, streaming: 'probe', simulatedMs: 100 },
  { name: '784-500-500-10 learning + noise', dims: large, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 50 },
  ...[4, 8, 16].map((k) => ({ name: `30-50-10 learning + noise, plasticity window ${k}`, dims: small, learning: true, noise: 0.1, streaming: 'none' as const, simulatedMs: 4000, plasticityWindow: k })),
  ...[4, 8, 16].map((k) => ({ name: `784-500-500-10 learning + noise, plasticity window ${k}`, dims: large, learning: true, noise: 0.1, streaming: 'none' as const, simulatedMs: 50, plasticityWindow: k })),
  { name: '30-50-10 learning + noise, float32', dims: small, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 4000, precision: 'float32' },
  { name: '784-500-500-10 learning + noise, float32', dims: large, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 50, precision: 'float32' },
  { name: '784-500-500-10 learning + noise, threads auto', dims: large, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 50, threads: 'auto' },
  { name: '784-500-500-10 learning + noise, float32, threads auto', dims: large, learning: true, noise: 0.1, streaming: 'none', simulatedMs: 50, precision: 'float32', threads: 'auto' },
];

/** The paper's Fig. 2 rates, extended to any depth (docs/model.md, "The paper's experiments and their settings"). */
function learningRates(depth: number): PlasticityConfig {
  const up = Array.from({ length: depth }, (_, k) => (k === depth - 1 ? 0.0005 : 0.0011875));
  return { tauW: 30, learningLag: 0, eta: { up, ip: new Array(depth - 1).fill(0.0011875), pi: new Array(depth - 1).fill(0.0059375), down: new Array(depth - 1).fill(0) } };
}

/** A ready simulation of the case: random inputs and target on, plasticity on when learning. */
export function buildCase(c: CircuitCase): { sim: Simulation; circuit: Microcircuit } {
  const shape = new CircuitShape(c.dims);
  const weights = initUniformWeights(shape, { up: 0.1, down: 0.1, ip: 0.1, pi: 0.1 }, 1);
  const circuit = new Microcircuit({
    dims: c.dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: c.noise },
    weights,
    plasticity: c.learning ? learningRates(shape.depth) : null,
    plasticityWindow: c.plasticityWindow,
    threads: c.threads,
    fusedStep: c.fusedStep,
    precision: c.precision,
  });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
  const rng = new Random(2, 'bench inputs');
  circuit.setInput(Array.from({ length: shape.inputSize }, () => rng.uniform()));
  circuit.setTarget(Array.from({ length: shape.outputSize }, () => rng.uniformIn(-1, 1)));
  circuit.setPlasticity(c.learning);
  if (c.streaming === 'probe') {
    const probe = new Probe({ population: 'pyramidal', layer: shape.depth, variable: 'soma' }, circuit);
    // Read each frame into a reused row, as a recorder would (no allocation per frame).
    const row = new Float64Array(probe.width);
    sim.frames(1).subscribe((frame) => probe.read(frame, row, 0));
  }
  return { sim, circuit };
}
