import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import type { CellKind } from '../../src/recurrent/cells/cell.ts';
import { LayerMemory } from '../../src/recurrent/layer-memory.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';

/** Number of positions where two arrays differ in their bits. */
function differing(a: Float64Array, b: Float64Array): number {
  expect(a.length).toBe(b.length);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) n++;
  return n;
}

describe('LayerMemory: the WebAssembly and JavaScript kernels give bit-identical networks', () => {
  const cells: CellKind[] = ['lstm', 'sublstm', 'fix-sublstm', 'rnn', 'gru', 'rate-gru'];
  for (const cell of cells) {
    it(`${cell}: two layers (9 and 2 units), masks, two carried windows, a batch change — outputs, gradients, input gradients, Jacobians`, () => {
      const [js, wasm] = (['js', 'wasm'] as const).map((kernels) => new RecurrentNetwork({ cell, inputSize: 5, hidden: [9, 2], outputSize: 3, seed: 4, kernels }));
      expect(js.layers[0].kernels).toBe('js');
      expect(wasm.layers[0].kernels).toBe('wasm');
      const rng = new Random(2, 'layer-memory');
      for (const [batchSize, steps, carry] of [
        [6, 7, false],
        [6, 4, true],
        [3, 11, false],
      ] as const) {
        const inputs = new Float64Array(batchSize * steps * 5);
        rng.fillUniformSymmetric(inputs, 0, inputs.length, 2);
        const lengths = Int32Array.from({ length: batchSize }, (_, b) => steps - (b % 3));
        const targets = Int32Array.from({ length: batchSize * steps }, () => rng.integer(3));
        const results = [js, wasm].map((net) => {
          net.forward({ inputs, batchSize, steps, lengths }, { carryState: carry });
          const loss = net.loss({ kind: 'cross-entropy', at: 'every', targets });
          net.backward({ inputGradient: true });
          const layer = net.layers[0];
          const s = layer.stateSize;
          const jac = new Float64Array(batchSize * s * s);
          layer.stateJacobian(net.parameters, 2, jac);
          const pv = new Float64Array(net.parameters.length);
          const v = new Float64Array(batchSize * s).fill(0.5);
          layer.parameterVjp(net.parameters, 1, v, pv);
          return { loss, out: Float64Array.from(net.outputs), grads: Float64Array.from(net.gradients), dx: Float64Array.from(net.inputGradient.subarray(0, batchSize * steps * 5)), jac, pv };
        });
        expect(Object.is(results[0].loss, results[1].loss)).toBe(true);
        expect(Number.isFinite(results[0].loss)).toBe(true);
        for (const key of ['out', 'grads', 'dx', 'jac', 'pv'] as const) expect(differing(results[0][key], results[1][key]), key).toBe(0);
        // the gradients are not all zero (the comparison compares something)
        expect(results[1].grads.some((g) => g !== 0)).toBe(true);
      }
    });
  }

  it('refuses a WebAssembly product on an array from outside its memory', () => {
    const memory = new LayerMemory('wasm');
    const [a, b] = memory.allocate([4, 4]);
    expect(() => memory.nn(2, 2, 2, a, 0, 2, b, 0, 2, new Float64Array(4), 0, 2)).toThrow(/outside its memory/);
    expect(() => memory.tn(2, 2, 2, new Float64Array(4), 0, 2, b, 0, 2, a, 0, 2)).toThrow(/outside its memory/);
  });

  it('hands out views of one WebAssembly block, 16-byte aligned and zeroed; plain arrays for js', () => {
    const wasm = new LayerMemory('wasm').allocate([3, 0, 5, 1]);
    expect(new Set(wasm.map((a) => a.buffer)).size).toBe(1);
    expect(wasm.every((a) => a.byteOffset % 16 === 0 && a.every((x) => x === 0))).toBe(true);
    expect(wasm.map((a) => a.length)).toEqual([3, 0, 5, 1]);
    const js = new LayerMemory('js').allocate([3, 2]);
    expect(js[0].buffer).not.toBe(js[1].buffer);
  });
});

describe('RecurrentNetwork kernels option', () => {
  it('refuses an unknown kernel kind, naming the field', () => {
    expect(() => new RecurrentNetwork({ cell: 'lstm', inputSize: 2, hidden: [3], outputSize: 1, seed: 1, kernels: 'gpu' as 'js' })).toThrow(/kernels must be 'js' or 'wasm', got gpu/);
  });
});
