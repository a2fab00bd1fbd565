import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/io/checkpoint-file.ts';
import { KernelMemory } from '../../src/kernels/kernel-memory.ts';
import { MIN_SPLIT_WORK, ThreadedKernels, threadedKernelsAvailable } from '../../src/kernels/threaded-kernels.ts';
import type { ThreadSetting } from '../../src/kernels/thread-setting.ts';
import { AUTO_MIN_SYNAPSES, fasterThreads } from '../../src/circuits/thread-choice.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { captureSimulation, restoreSimulation } from '../../src/simulation/simulation-checkpoint.ts';
import { Simulation, type Pattern } from '../../src/simulation/simulation.ts';

const dir = mkdtempSync(join(tmpdir(), 'threads-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Two threads need WebAssembly threads (Node ≥ 20 has them); elsewhere the fallback test still runs.
const threaded = threadedKernelsAvailable() ? describe : describe.skip;

/** The same arrays in two kernel memories, one thread and two, filled with the same random numbers. */
function twin(lengths: Record<string, number>) {
  const rng = new Random(3);
  const fill = Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, Float64Array.from({ length: n }, () => rng.uniformIn(-1, 1))]));
  const make = (threads: 1 | 2) =>
    KernelMemory.build(
      'wasm',
      (allocate) => Object.fromEntries(Object.entries(lengths).map(([k, n]) => [k, allocate(n)])) as Record<string, Float64Array>,
      threads,
    );
  const one = make(1);
  const two = make(2);
  for (const k of Object.keys(lengths)) {
    one.value[k].set(fill[k]);
    two.value[k].set(fill[k]);
  }
  return { one, two };
}

function expectSameBits(a: Float64Array, b: Float64Array): void {
  expect(Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))).toBe(true);
}

threaded('two kernel threads (ThreadedKernels)', () => {
  // Row counts that leave a short last chunk, column counts with SIMD tails; all above the split threshold.
  const shapes = [
    [501, 785],
    [37, 1001],
    [800, 23],
  ] as const;

  it.each(shapes)('give the one-thread bits for every kernel at %i × %i, on offset arrays', (rows, cols) => {
    expect(rows * cols).toBeGreaterThanOrEqual(MIN_SPLIT_WORK);
    const K = 8;
    const { one, two } = twin({ y: 3 + 2 * rows * cols, x: cols + 2, out: rows + 1, out2: rows, post: rows, coef: 2 + 2 * K, errs: K * rows, pres: K * cols, scratch: 2 * K });
    expect(two.threads).toBe(2);
    expect(two.kernels).toBeInstanceOf(ThreadedKernels);
    for (const { value: v, kernels: k } of [one, two]) {
      const trace = 3;
      const weight = 3 + rows * cols;
      k.matVec(v.y, weight, rows, cols, v.x, 2, v.out, 1);
      k.matVecAdd(v.y, trace, rows, cols, v.x, 1, v.out, 0);
      v.coef.set([1e-3, 0.99, 2e-3]);
      k.filteredUpdate(v.y, trace, weight, rows, cols, v.post, v.x, 2, v.coef);
      k.matVecPair(v.y, weight, trace, rows, cols, v.x, 0, v.out2, v.post);
      for (const count of [1, 5, K]) k.windowFlush(v.y, trace, weight, rows, cols, v.errs, v.pres, count, v.coef, v.scratch);
    }
    for (const key of ['y', 'out', 'out2', 'post']) expectSameBits(one.value[key], two.value[key]);
    (two.kernels as ThreadedKernels).dispose();
  });
});

/** A learning circuit with noise and switching patterns (some without target or learning), every matrix plastic. */
function runCircuit(dims: number[], ms: number, threads: ThreadSetting, window: number) {
  const shape = new CircuitShape(dims);
  const N = shape.depth;
  const circuit = new Microcircuit({
    dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.1 },
    weights: initUniformWeights(shape, { up: 0.3, down: 0.3, ip: 0.3, pi: 0.3 }, 3),
    plasticity: {
      tauW: 30,
      learningLag: 1,
      eta: { up: Array.from({ length: N }, (_, k) => (k === N - 1 ? 0.0005 : 0.0011875)), ip: new Array(N - 1).fill(0.0011875), pi: new Array(N - 1).fill(0.0059375), down: new Array(N - 1).fill(0.0002) },
    },
    plasticityWindow: window,
    threads,
  });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 4 });
  const rng = new Random(1);
  const patterns = Array.from({ length: 4 }, (_, p) => ({
    input: Array.from({ length: dims[0] }, () => rng.uniform()),
    target: p === 2 ? null : Array.from({ length: dims[N] }, () => rng.uniformIn(-1, 1)),
    learn: p !== 3,
  }));
  const tPattern = 2.45;
  const count = Math.round(ms / tPattern);
  const outputs = sim.run(Array.from({ length: count }, (_, i) => patterns[i % patterns.length]), { tPattern, outputLag: 1 });
  (circuit.kernels as Partial<ThreadedKernels>).dispose?.();
  return { threads: circuit.threads, choice: circuit.threadChoice, state: circuit.state, outputs: Float64Array.from(outputs.flatMap((o) => Array.from(o))) };
}

threaded('a microcircuit on two threads', () => {
  // At 30-50-10 every call is below the split threshold (the largest matrix has 1,500 entries), so
  // the kernels run on the calling thread; 784-500-500-10 shares out every matrix product and update.
  it.each([
    [[30, 50, 10], 50, 1],
    [[30, 50, 10], 50, 8],
    [[784, 500, 500, 10], 10, 1],
    [[784, 500, 500, 10], 10, 8],
  ])('is bit-identical to one thread at %j (%i ms: learning, noise, pattern switches; plasticity window %i)', (dims, ms, window) => {
    const one = runCircuit(dims, ms, 1, window);
    const two = runCircuit(dims, ms, 2, window);
    expect(one.threads).toBe(1);
    expect(two.threads).toBe(2);
    expectSameBits(one.state, two.state);
    expectSameBits(one.outputs, two.outputs);
    // The run learned: the weights moved (so the comparison covers the plasticity kernels).
    expect(one.outputs.length).toBeGreaterThan(0);
  });

  it.each([
    [[100, 200, 200, 10], 1],
    [[100, 200, 200, 10], 8],
  ])('with threads "auto" at %j (plasticity window %i) times both counts, reports the choice and gives the bits of one thread', (dims, window) => {
    const one = runCircuit(dims, 20, 1, window);
    const auto = runCircuit(dims, 20, 'auto', window);
    expect(auto.choice.setting).toBe('auto');
    const calibration = auto.choice.calibration!;
    for (const ms of [calibration.oneThreadMsPerStep, calibration.twoThreadsMsPerStep]) expect(ms).toBeGreaterThan(0);
    expect(calibration.wallMs).toBeGreaterThan(calibration.rounds * calibration.stepsPerRound * calibration.oneThreadMsPerStep);
    // The count used is the one the reported timings imply.
    expect(auto.threads).toBe(fasterThreads(calibration.oneThreadMsPerStep, calibration.twoThreadsMsPerStep));
    expect(auto.choice.threads).toBe(auto.threads);
    expectSameBits(one.state, auto.state);
    expectSameBits(one.outputs, auto.outputs);
  });

  it('resumes from a checkpoint bit-identically to a run never interrupted, and to one thread (plasticity window 1 and 8)', () => {
    const dims = [100, 200, 200, 10];
    const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 2);
    const rng = new Random(8);
    const patterns: Pattern[] = Array.from({ length: 6 }, (_, p) => ({
      input: Array.from({ length: dims[0] }, () => rng.uniform()),
      target: p % 4 === 3 ? null : Array.from({ length: 10 }, () => rng.uniformIn(-1, 1)),
    }));
    const timing = { tPattern: 3.7, outputLag: 1 };
    for (const window of [1, 8]) {
      const build = (threads: 1 | 2) => {
        const circuit = new Microcircuit({
          dims,
          neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2 },
          weights,
          plasticity: { tauW: 30, learningLag: 1, eta: { up: [0.01, 0.01, 0.01], ip: [0.01, 0.01], pi: [0.01, 0.01], down: [0, 0] } },
          plasticityWindow: window,
          threads,
        });
        return { circuit, sim: new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 5 }) };
      };
      const whole = build(1);
      const outputs = whole.sim.run(patterns, timing);
      const first = build(2);
      const early = first.sim.run(patterns.slice(0, 3), timing);
      const path = join(dir, `run-${window}.ckpt`);
      writeCheckpoint(path, captureSimulation(first.sim, {}, {}));
      const resumed = build(2);
      restoreSimulation(resumed.sim, readCheckpoint(path), path);
      const late = resumed.sim.run(patterns.slice(3), timing);
      expect(resumed.circuit.threads).toBe(2);
      expectSameBits(resumed.circuit.state, whole.circuit.state);
      expect([...early, ...late]).toEqual(outputs);
      for (const c of [first, resumed]) (c.circuit.kernels as ThreadedKernels).dispose();
    }
  });

  it('lets the process exit after a threaded run, without dispose (the worker is unref’d)', () => {
    const script = [
      "import { Microcircuit } from './src/circuits/microcircuit.ts';",
      "import { initUniformWeights } from './src/circuits/weight-init.ts';",
      "import { CircuitShape } from './src/anatomy/circuit-shape.ts';",
      "import { PAPER_NEURON_PARAMETERS } from './src/neurons/neuron-parameters.ts';",
      "import { createIntegrator } from './src/integrators/create-integrator.ts';",
      "import { Simulation } from './src/simulation/simulation.ts';",
      'const dims = [200, 300, 10];',
      'const c = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 1), threads: 2 });',
      "const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });",
      'sim.run([{ input: new Array(200).fill(0.5), target: null }], { tPattern: 2, outputLag: 0 });',
      'console.log(`threads ${c.threads}`);',
    ].join('\n');
    const started = Date.now();
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('threads 2');
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});

describe('the threads setting', () => {
  const dims = [4, 5, 3];
  const base = { dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1) };

  it('falls back to one thread with the js kernels, without an error', () => {
    expect(new Microcircuit({ ...base, kernels: 'js', threads: 2 }).threads).toBe(1);
  });

  it('"auto" keeps a circuit below AUTO_MIN_SYNAPSES on one thread without timing it, and says why', () => {
    const small = new Microcircuit({ ...base, threads: 'auto' });
    expect(small.threads).toBe(1);
    expect(small.threadChoice).toEqual({ setting: 'auto', threads: 1, calibration: null, reason: `fewer than ${AUTO_MIN_SYNAPSES} synapses` });
  });

  it('"auto" stays on one thread with the js kernels, without timing', () => {
    const dims = [100, 200, 200, 10];
    const c = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1), kernels: 'js', threads: 'auto' });
    expect(c.threadChoice).toMatchObject({ setting: 'auto', threads: 1, calibration: null });
  });

  it('reports 1 and 2 as asked', () => {
    expect(new Microcircuit({ ...base, threads: 1 }).threadChoice).toEqual({ setting: 1, threads: 1, calibration: null, reason: 'as asked' });
  });

  it('refuses anything but 1, 2 or "auto", naming the field and the values allowed', () => {
    for (const threads of [0, 3, 1.5, 'two', 'Auto']) {
      expect(() => new Microcircuit({ ...base, threads: threads as 1 })).toThrow(/^threads: expected 1, 2 or "auto", got /);
    }
  });
});
