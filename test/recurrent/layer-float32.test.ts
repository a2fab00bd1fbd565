import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { differingBits, relativeError } from './fixtures.ts';

/** Runs the windows of the test on a network; returns loss, outputs, gradients and input gradients of each window. */
function run(net: RecurrentNetwork) {
  const rng = new Random(2, 'layer-float32');
  const results = [];
  for (const [batchSize, steps, carry] of [
    [6, 7, false],
    [6, 4, true],
    [3, 11, false],
  ] as const) {
    const inputs = new Float64Array(batchSize * steps * 5);
    rng.fillUniformSymmetric(inputs, 0, inputs.length, 2);
    const lengths = Int32Array.from({ length: batchSize }, (_, b) => steps - (b % 3));
    const targets = Int32Array.from({ length: batchSize * steps }, () => rng.integer(3));
    net.forward({ inputs, batchSize, steps, lengths }, { carryState: carry });
    const loss = net.loss({ kind: 'cross-entropy', at: 'every', targets });
    net.backward({ inputGradient: true });
    results.push({
      loss,
      out: Float64Array.from(net.outputs.subarray(0, batchSize * steps * 3)),
      grads: Float64Array.from(net.gradients),
      dx: Float64Array.from(net.inputGradient.subarray(0, batchSize * steps * 5)),
      s0: Float64Array.from(net.layers[0].initialStateGradient),
    });
  }
  return results;
}

describe("RecurrentNetwork with precision 'float32'", () => {
  for (const cell of ['lstm', 'sublstm', 'fix-sublstm'] as const) {
    it(`${cell}: WebAssembly and JavaScript float32 kernels give the same bits (layers of 9 and 2 units, masks, carried windows, a batch change)`, () => {
      const [js, wasm] = (['js', 'wasm'] as const).map((kernels) => run(new RecurrentNetwork({ cell, inputSize: 5, hidden: [9, 2], outputSize: 3, seed: 4, kernels, precision: 'float32' })));
      for (let w = 0; w < js.length; w++) {
        expect(Object.is(js[w].loss, wasm[w].loss)).toBe(true);
        for (const key of ['out', 'grads', 'dx', 's0'] as const) expect(differingBits(js[w][key], wasm[w][key]), key).toBe(0);
      }
    });

    it(`${cell}: float32 agrees with float64 — loss to 1e−6 relative, outputs to 1e−5, gradients and dL/dx to 1e−4 (relative norm)`, () => {
      const f64 = run(new RecurrentNetwork({ cell, inputSize: 5, hidden: [9, 2], outputSize: 3, seed: 4, precision: 'float64' }));
      const f32 = run(new RecurrentNetwork({ cell, inputSize: 5, hidden: [9, 2], outputSize: 3, seed: 4, precision: 'float32' }));
      for (let w = 0; w < f64.length; w++) {
        expect(Math.abs(f32[w].loss - f64[w].loss) / f64[w].loss).toBeLessThan(1e-6);
        expect(relativeError(f32[w].out, f64[w].out)).toBeLessThan(1e-5);
        for (const key of ['grads', 'dx', 's0'] as const) expect(relativeError(f32[w][key], f64[w][key]), key).toBeLessThan(1e-4);
        // float32 is not float64 (the comparison compares two different computations)
        expect(differingBits(f32[w].grads, f64[w].grads)).toBeGreaterThan(0);
      }
    });
    it(`${cell}: over 784 steps (pixel-by-pixel MNIST's length, where the float32 backward floors decayed gradients at 2^−100) the float32 gradients agree with float64 to 1e−4`, () => {
      const [batchSize, steps] = [2, 784];
      const rng = new Random(5, 'layer-float32-long');
      const inputs = new Float64Array(batchSize * steps);
      for (let i = 0; i < inputs.length; i++) inputs[i] = rng.uniform() < 0.2 ? rng.uniform() : 0;
      const targets = Int32Array.from([1, 2]);
      const gradients = (['float64', 'float32'] as const).map((precision) => {
        const net = new RecurrentNetwork({ cell, inputSize: 1, hidden: [8], outputSize: 3, seed: 6, precision });
        net.forward({ inputs, batchSize, steps });
        net.loss({ kind: 'cross-entropy', at: 'last', targets });
        net.backward();
        return Float64Array.from(net.gradients);
      });
      expect(relativeError(gradients[1], gradients[0])).toBeLessThan(1e-4);
    });
  }


  it('refuses the cells without a float32 path and the per-step Jacobians, naming the fix', () => {
    expect(() => new RecurrentNetwork({ cell: 'gru', inputSize: 2, hidden: [3], outputSize: 1, seed: 1, precision: 'float32' })).toThrow(/lstm, sublstm, fix-sublstm cells, not gru: use precision 'float64'/);
    expect(() => new RecurrentNetwork({ cell: 'lstm', inputSize: 2, hidden: [3], outputSize: 1, seed: 1, precision: 'half' as never })).toThrow(/precision must be/);
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: 2, hidden: [3], outputSize: 1, seed: 1, precision: 'float32' });
    net.forward({ inputs: new Float64Array(2 * 3 * 2), batchSize: 2, steps: 3 });
    expect(() => net.layers[0].stateJacobian(net.parameters, 0, new Float64Array(2 * 6 * 6))).toThrow(/precision 'float64'/);
  });
});
