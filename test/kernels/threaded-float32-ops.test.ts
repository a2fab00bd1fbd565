import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/io/checkpoint-file.ts';
import { Float32Memory } from '../../src/kernels/float32-ops.ts';
import { Float32Storage } from '../../src/kernels/float32-storage.ts';
import { ThreadedFloat32Ops, threadedFloat32Available } from '../../src/kernels/threaded-float32-ops.ts';
import { MIN_SPLIT_WORK } from '../../src/kernels/threaded-kernels.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { captureSimulation, restoreSimulation } from '../../src/simulation/simulation-checkpoint.ts';
import { Simulation, type Pattern } from '../../src/simulation/simulation.ts';

const dir = mkdtempSync(join(tmpdir(), 'threads-f32-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two threads need WebAssembly threads (Node ≥ 20 has them); elsewhere the fallback test still runs.
const threaded = threadedFloat32Available() ? describe : describe.skip;

function sameBits(a: Float32Array | Float64Array, b: Float32Array | Float64Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

threaded('float32 kernels on two threads (ThreadedFloat32Ops)', () => {
  // Row counts that leave a short last chunk, column counts with SIMD tails; all above the split threshold.
  it.each([
    [501, 785],
    [37, 1001],
    [800, 23],
  ])('give the one-thread bits for matVec, filteredUpdate and the fused updateMatVec at %i × %i, on offset arrays', (rows, cols) => {
    expect(rows * cols).toBeGreaterThanOrEqual(MIN_SPLIT_WORK);
    const lengths = { block: 3 + 2 * rows * cols, x: cols, e: rows, p: cols, coef: 2, out: rows, out2: rows };
    const rng = new Random(3);
    const fill = Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, Float32Array.from({ length: n }, () => rng.uniformIn(-1, 1))]));
    const runs = ([1, 2] as const).map((threads) => {
      const memory = new Float32Memory('wasm', Object.values(lengths), threads);
      const v = Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, memory.allocate(n)])) as Record<keyof typeof lengths, Float32Array>;
      for (const k of Object.keys(lengths) as (keyof typeof lengths)[]) v[k].set(fill[k]);
      v.coef.set([1e-3, 0.99]);
      const trace = 3;
      const weight = 3 + rows * cols;
      memory.ops.matVec(v.block, weight, rows, cols, v.x, v.out);
      memory.ops.filteredUpdate(v.block, trace, weight, rows, cols, v.e, v.p, v.coef);
      memory.ops.updateMatVec(v.block, trace, weight, rows, cols, v.e, v.p, v.coef, v.x, v.out2);
      memory.dispose();
      return { memory, v };
    });
    expect(runs[0].memory.threads).toBe(1);
    expect(runs[1].memory.threads).toBe(2);
    expect(runs[1].memory.ops).toBeInstanceOf(ThreadedFloat32Ops);
    for (const k of ['block', 'out', 'out2'] as const) expect(sameBits(runs[0].v[k], runs[1].v[k])).toBe(true);
    // The kernels did work: the products are not all zero and the update moved the weights.
    expect(runs[0].v.out.some((o) => o !== 0)).toBe(true);
    expect(sameBits(runs[0].v.block, fill.block)).toBe(false);
  });
});

/** A float32 learning circuit with noise, every matrix plastic. */
function build(dims: number[], threads: 1 | 2, weights = initUniformWeights(new CircuitShape(dims), { up: 0.3, down: 0.3, ip: 0.3, pi: 0.3 }, 3)) {
  const N = dims.length - 1;
  const circuit = new Microcircuit({
    dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 },
    weights,
    plasticity: {
      tauW: 30,
      learningLag: 1,
      eta: { up: Array.from({ length: N }, (_, k) => (k === N - 1 ? 0.0005 : 0.0011875)), ip: new Array(N - 1).fill(0.0011875), pi: new Array(N - 1).fill(0.0059375), down: new Array(N - 1).fill(0.0002) },
    },
    precision: 'float32',
    threads,
  });
  return { circuit, sim: new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 4 }) };
}

/** Patterns that switch every 2.45 ms, one without a target and one without learning. */
function switchingPatterns(dims: number[]): Pattern[] {
  const rng = new Random(1);
  return Array.from({ length: 4 }, (_, p) => ({
    input: Array.from({ length: dims[0] }, () => rng.uniform()),
    target: p === 2 ? null : Array.from({ length: dims[dims.length - 1] }, () => rng.uniformIn(-1, 1)),
    learn: p !== 3,
  }));
}

const dispose = (c: Microcircuit) => (c.kernels as Float32Storage).dispose();

threaded('a float32 microcircuit on two threads', () => {
  it.each([
    [[100, 200, 200, 10], 40],
    [[784, 500, 500, 10], 10],
  ])('is bit-identical to one thread at %j (%i ms: learning, noise, pattern switches)', (dims, ms) => {
    const patterns = switchingPatterns(dims);
    const runs = ([1, 2] as const).map((threads) => {
      const { circuit, sim } = build(dims, threads);
      const outputs = sim.run(Array.from({ length: Math.round(ms / 2.45) }, (_, i) => patterns[i % patterns.length]), { tPattern: 2.45, outputLag: 1 });
      circuit.completeDeferredUpdates();
      dispose(circuit);
      return { circuit, outputs: Float64Array.from(outputs.flat()) };
    });
    expect(runs[0].circuit.threads).toBe(1);
    expect(runs[1].circuit.threads).toBe(2);
    expect(runs[1].circuit.precision).toBe('float32');
    expect(sameBits(runs[0].circuit.state, runs[1].circuit.state)).toBe(true);
    expect(sameBits(runs[0].outputs, runs[1].outputs)).toBe(true);
    expect(runs[0].outputs.length).toBeGreaterThan(0);
  });

  it('resumes from a checkpoint bit-identically to a one-thread run never interrupted', () => {
    const dims = [100, 200, 200, 10];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 2);
    const patterns = switchingPatterns(dims);
    const timing = { tPattern: 3.7, outputLag: 1 };
    const whole = build(dims, 1, weights);
    const outputs = whole.sim.run([...patterns, ...patterns], timing);
    const first = build(dims, 2, weights);
    const early = first.sim.run(patterns, timing);
    const path = join(dir, 'run.ckpt');
    writeCheckpoint(path, captureSimulation(first.sim, {}, {}));
    const resumed = build(dims, 2, weights);
    restoreSimulation(resumed.sim, readCheckpoint(path), path);
    const late = resumed.sim.run(patterns, timing);
    resumed.circuit.completeDeferredUpdates();
    whole.circuit.completeDeferredUpdates();
    expect(resumed.circuit.threads).toBe(2);
    expect(sameBits(resumed.circuit.state, whole.circuit.state)).toBe(true);
    expect([...early, ...late]).toEqual(outputs);
    for (const c of [whole, first, resumed]) dispose(c.circuit);
  });
});

describe('float32 with the threads setting', () => {
  it('falls back to one thread with the js kernels, without an error', () => {
    const dims = [4, 5, 3];
    const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1), kernels: 'js', precision: 'float32', threads: 2 });
    expect(circuit.threads).toBe(1);
  });
});
