import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { jsKernels } from '../../src/kernels/js-kernels.ts';
import { defaultKernelKind, KernelMemory } from '../../src/kernels/kernel-memory.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

describe('WebAssembly SIMD kernels', () => {
  it('are built and load on this machine', () => {
    expect(defaultKernelKind()).toBe('wasm');
  });

  it.each([
    [1, 1],
    [3, 5],
    [7, 8],
    [10, 13],
    [33, 30],
    [5, 17],
    [9, 3],
  ])('give the same bits as the JavaScript kernels for a %i×%i matrix', (rows, cols) => {
    const mem = new KernelMemory('wasm', 10 * rows * cols + 1000);
    const rng = new Random(rows * 100 + cols);
    const fill = (n: number, a: number) => {
      const x = mem.allocate(n);
      rng.fillUniformSymmetric(x, 0, n, a);
      return x;
    };
    const w = fill(rows * cols + 3, 1); // offset 3: rows start off the 16-byte grid
    const x = fill(cols + 1, 2);
    const outWasm = fill(rows, 1);
    const outJs = Float64Array.from(outWasm);
    mem.kernels.matVecAdd(w, 3, rows, cols, x, 1, outWasm, 0);
    jsKernels.matVecAdd(w, 3, rows, cols, x, 1, outJs, 0);
    expect(outWasm).toEqual(outJs);
    mem.kernels.matVec(w, 3, rows, cols, x, 0, outWasm, 0);
    jsKernels.matVec(w, 3, rows, cols, x, 0, outJs, 0);
    expect(outWasm).toEqual(outJs);

    const y = fill(2 * rows * cols + 5, 0.5);
    const post = fill(rows, 1);
    const yJs = Float64Array.from(y);
    const coef = mem.allocate(3);
    coef.set([0.01, 1 - 0.1 / 30, 0.1 / 30]);
    mem.kernels.filteredUpdate(y, 5, 5 + rows * cols, rows, cols, post, x, 1, coef);
    jsKernels.filteredUpdate(yJs, 5, 5 + rows * cols, rows, cols, post, x, 1, coef);
    expect(y).toEqual(yJs);

    // The plasticity window's kernels (plasticity-window.ts): both products of one pass, the
    // first with matVec's bits; the closing rank-count update.
    const pairW = fill(rows, 1);
    const pairD = fill(rows, 1);
    const pairWJs = new Float64Array(rows);
    const pairDJs = new Float64Array(rows);
    mem.kernels.matVecPair(y, 5 + rows * cols, 5, rows, cols, x, 1, pairW, pairD);
    jsKernels.matVecPair(yJs, 5 + rows * cols, 5, rows, cols, x, 1, pairWJs, pairDJs);
    expect(pairW).toEqual(pairWJs);
    expect(pairD).toEqual(pairDJs);
    jsKernels.matVec(yJs, 5 + rows * cols, rows, cols, x, 1, outJs, 0);
    expect(pairWJs).toEqual(outJs.subarray(0, rows));
    for (const count of [1, 3, 8]) {
      const errors = fill(count * rows, 1);
      const pres = fill(count * cols, 1);
      const factors = fill(2 + 2 * count, 0.1);
      const scratch = mem.allocate(2 * count);
      mem.kernels.windowFlush(y, 5, 5 + rows * cols, rows, cols, errors, pres, count, factors, scratch);
      jsKernels.windowFlush(yJs, 5, 5 + rows * cols, rows, cols, errors, pres, count, factors, new Float64Array(2 * count));
      expect(y).toEqual(yJs);
    }
  });

  it('close a window with the rank-count update written out term by term', () => {
    const rows = 3;
    const cols = 10;
    const count = 4;
    const rng = new Random(12);
    const y = new Float64Array(2 * rows * cols);
    rng.fillUniformSymmetric(y, 0, y.length, 1);
    const errors = new Float64Array(count * rows);
    const pres = new Float64Array(count * cols);
    const coef = new Float64Array(2 + 2 * count);
    rng.fillUniformSymmetric(errors, 0, errors.length, 1);
    rng.fillUniformSymmetric(pres, 0, pres.length, 1);
    rng.fillUniformSymmetric(coef, 0, coef.length, 1);
    const expected = Float64Array.from(y);
    for (let i = 0; i < rows; i++) {
      for (let j = 0; j < cols; j++) {
        const d = y[i * cols + j];
        let w = y[rows * cols + i * cols + j] + coef[0] * d;
        let t = coef[1] * d;
        for (let l = 0; l < count; l++) {
          w += coef[2 + 2 * l] * errors[l * rows + i] * pres[l * cols + j];
          t += coef[3 + 2 * l] * errors[l * rows + i] * pres[l * cols + j];
        }
        expected[rows * cols + i * cols + j] = w;
        expected[i * cols + j] = t;
      }
    }
    const mem = new KernelMemory('wasm', 4 * y.length + 200);
    const yWasm = mem.allocate(y.length);
    yWasm.set(y);
    const copy = (a: Float64Array) => {
      const b = mem.allocate(a.length);
      b.set(a);
      return b;
    };
    mem.kernels.windowFlush(yWasm, 0, rows * cols, rows, cols, copy(errors), copy(pres), count, copy(coef), mem.allocate(2 * count));
    for (let i = 0; i < y.length; i++) expect(yWasm[i]).toBeCloseTo(expected[i], 14);
  });

  it('run a learning circuit with noise to the same bits as the JavaScript kernels', () => {
    const run = (kernels: 'js' | 'wasm') => {
      const dims = [13, 21, 9, 6];
      const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 3);
      const c = new Microcircuit({
        dims,
        neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2 },
        weights,
        plasticity: { tauW: 30, learningLag: 2, eta: { up: [0.01, 0.01, 0.01], ip: [0.01, 0.01], pi: [0.01, 0.01], down: [0.005, 0] } },
        kernels,
      });
      const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 4 });
      const rng = new Random(1);
      sim.run(
        Array.from({ length: 5 }, () => ({ input: Array.from({ length: 13 }, () => rng.uniform()), target: Array.from({ length: 6 }, () => rng.uniform()) })),
        { tPattern: 20, outputLag: 5 },
      );
      return c.state.slice();
    };
    expect(run('wasm')).toEqual(run('js'));
  });
});
