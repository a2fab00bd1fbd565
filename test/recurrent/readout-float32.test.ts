import { describe, expect, it } from 'vitest';
import { Random } from '../../src/random/random.ts';
import { LanguageModel } from '../../src/recurrent/language-model.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { Float32Readout } from '../../src/recurrent/readout-float32.ts';
import { differingBits, finiteDifferenceGradient, relativeError } from './fixtures.ts';

/** A network with a wide readout (37 outputs: 4 × 8 tiles and remainders), every parameter moved off its initial value. */
function wideNetwork(kernels: 'js' | 'wasm', precision: 'float32' | 'float64', cell: 'lstm' | 'sublstm' = 'lstm'): RecurrentNetwork {
  const net = new RecurrentNetwork({ cell, inputSize: 5, hidden: [6, 13], outputSize: 37, seed: 4, kernels, precision });
  const rng = new Random(7, 'perturb');
  for (let k = 0; k < net.parameters.length; k++) net.parameters[k] += rng.uniformIn(-0.3, 0.3);
  return net;
}

/** Two carried windows (the second of 20 × 15 = 300 rows, more than one k slab of the products), cross-entropy with masks and a skipped step, then an mse window. */
function run(net: RecurrentNetwork) {
  const rng = new Random(2, 'readout-float32');
  const results = [];
  for (const [batchSize, steps, carry, kind] of [
    [4, 7, false, 'cross-entropy'],
    [20, 15, false, 'cross-entropy'],
    [20, 6, true, 'mse'],
  ] as const) {
    const inputs = new Float64Array(batchSize * steps * 5);
    rng.fillUniformSymmetric(inputs, 0, inputs.length, 1.5);
    const lengths = Int32Array.from({ length: batchSize }, (_, b) => steps - (b % 3));
    net.forward({ inputs, batchSize, steps, lengths }, { carryState: carry });
    let loss: number;
    if (kind === 'cross-entropy') {
      const targets = Int32Array.from({ length: batchSize * steps }, () => rng.integer(37));
      targets[1] = -1;
      // per-word weights, so the weighted path of the float32 softmax rows is compared too
      const weights = Float64Array.from({ length: targets.length }, () => rng.uniformIn(0.5, 1.5));
      loss = net.loss({ kind, at: 'every', targets, weights });
    } else {
      const targets = new Float64Array(batchSize * steps * 37);
      rng.fillUniformSymmetric(targets, 0, targets.length, 1);
      loss = net.loss({ kind, at: 'every', targets });
    }
    net.backward({ inputGradient: true });
    results.push({
      loss,
      out: Float64Array.from(net.outputs.subarray(0, batchSize * steps * 37)),
      grads: Float64Array.from(net.gradients),
      dx: Float64Array.from(net.inputGradient.subarray(0, batchSize * steps * 5)),
    });
  }
  return results;
}

describe("the float32 readout and softmax of RecurrentNetwork (precision 'float32')", () => {
  it('WebAssembly and JavaScript kernels give the same bits: logits, loss, every gradient and dL/dx (37 outputs, 300 rows, masks, mse too)', () => {
    const [js, wasm] = (['js', 'wasm'] as const).map((kernels) => run(wideNetwork(kernels, 'float32')));
    for (let w = 0; w < js.length; w++) {
      expect(Object.is(js[w].loss, wasm[w].loss)).toBe(true);
      for (const key of ['out', 'grads', 'dx'] as const) expect(differingBits(js[w][key], wasm[w][key]), key).toBe(0);
    }
  });

  it('the logits are float32 numbers, and output(b, t, k) reads the same number as outputs', () => {
    const net = wideNetwork('wasm', 'float32');
    run(net);
    const out = net.outputs;
    expect(out.subarray(0, 20 * 6 * 37).every((v) => Math.fround(v) === v)).toBe(true);
    for (const [b, t, k] of [[0, 0, 0], [19, 5, 36], [7, 3, 11]]) expect(net.output(b, t, k)).toBe(out[(t * 20 + b) * 37 + k]);
  });

  it('float32 agrees with float64: loss to 1e−6 relative, logits to 1e−5, gradients and dL/dx to 1e−5 (relative norm)', () => {
    // float32 rounds each operation to 2^−24 ≈ 6e−8 relative; a gradient sums ≤ 300 rows × 37 outputs
    // after ≤ 15 recurrent steps, so its expected relative error is a few 1e−7 (measured ≤ 2e−7 here)
    const f64 = run(wideNetwork('wasm', 'float64'));
    const f32 = run(wideNetwork('wasm', 'float32'));
    for (let w = 0; w < f64.length; w++) {
      expect(Math.abs(f32[w].loss - f64[w].loss) / f64[w].loss).toBeLessThan(1e-6);
      expect(relativeError(f32[w].out, f64[w].out)).toBeLessThan(1e-5);
      for (const key of ['grads', 'dx'] as const) expect(relativeError(f32[w][key], f64[w][key]), key).toBeLessThan(1e-5);
      expect(differingBits(f32[w].grads, f64[w].grads)).toBeGreaterThan(0);
    }
  });

  for (const cell of ['lstm', 'sublstm', 'fix-sublstm'] as const) {
    it(`${cell} language model (50 words, 2 layers of 12, two carried windows): float32 loss within 1e−6, gradients within 1e−5 and each parameter block within 1e−4 of float64`, () => {
      const results = (['float64', 'float32'] as const).map((precision) => {
        const model = new LanguageModel({ cell, vocabulary: 50, embedding: 8, hidden: [12, 12], seed: 5, precision });
        const rng = new Random(3, 'ids');
        const ids = Int32Array.from({ length: 4 * 9 }, () => rng.integer(50));
        const next = Int32Array.from({ length: 4 * 9 }, () => rng.integer(50));
        model.forward(ids, 4, 9);
        model.loss(next);
        model.backward();
        model.forward(next, 4, 9, { carryState: true });
        const loss = model.loss(ids);
        model.backward();
        return { loss, grads: Float64Array.from(model.gradients), network: model.network };
      });
      const [f64, f32] = results;
      expect(Math.abs(f32.loss - f64.loss) / f64.loss).toBeLessThan(1e-6);
      expect(relativeError(f32.grads, f64.grads)).toBeLessThan(1e-5);
      // every parameter block on its own, so a small block (the fix-subLSTM's forget φ) cannot hide in
      // the norm; a block's entries sum terms of both signs over the rows, so its relative error may
      // exceed the whole vector's (measured ≤ 1.3e−5 for the recurrent weights): 1e−4
      for (const name of f64.network.views.keys()) {
        const block64 = f64.network.view(name, f64.grads);
        expect(block64.some((g) => g !== 0), name).toBe(true);
        expect(relativeError(f32.network.view(name, f32.grads), block64), name).toBeLessThan(1e-4);
      }
    });

    it(`${cell}: the float32 gradient matches central differences of the float32 loss (ε = 1e−2, relative norm < 1e−3)`, () => {
      // the float32 loss is accurate to ~2^−24·|L| ≈ 2e−7, so a difference quotient with ε = 1e−2 is
      // noisy at ~2e−5 and its truncation error is O(ε²); 1e−3 is what float32 supports (measured ~8e−5)
      const net = new RecurrentNetwork({ cell, inputSize: 5, hidden: [8], outputSize: 40, seed: 2, precision: 'float32' });
      const rng = new Random(4, 'fd');
      for (let k = 0; k < net.parameters.length; k++) net.parameters[k] += rng.uniformIn(-0.5, 0.5);
      const inputs = new Float64Array(3 * 6 * 5);
      rng.fillUniformSymmetric(inputs, 0, inputs.length, 1);
      const targets = Int32Array.from({ length: 18 }, () => rng.integer(40));
      const lossAt = () => {
        net.forward({ inputs, batchSize: 3, steps: 6 });
        return net.loss({ kind: 'cross-entropy', at: 'every', targets });
      };
      lossAt();
      net.backward();
      const analytic = Float64Array.from(net.gradients);
      const numeric = finiteDifferenceGradient(net, lossAt, 1e-2);
      const readout = net.views.get('readout.W')!.offset;
      expect(relativeError(analytic.subarray(readout), numeric.subarray(readout))).toBeLessThan(1e-3);
      expect(relativeError(analytic, numeric)).toBeLessThan(1e-3);
    });
  }

  it('Float32Readout: logits and gradients of one window by hand (2 outputs, 1 unit)', () => {
    // y = W·h + b with W = [2, −1], b = [0.5, 0]; h = 1 → y = [2.5, −1]; target 0, weight 1
    const params = Float64Array.of(2, -1, 0.5, 0);
    const readout = new Float32Readout(2, 1, 0, 2, 'js');
    readout.forward(params, Float64Array.of(1), 0, 1, 1);
    expect([readout.output(0, 0), readout.output(0, 1)]).toEqual([2.5, -1]);
    readout.clear();
    const p1 = 1 / (1 + Math.exp(3.5));
    expect(readout.score(0, 0, 1)).toBeCloseTo(-Math.log(1 - p1), 6);
    const grads = new Float64Array(4);
    const dH = new Float64Array(1);
    readout.backward(params, grads, dH);
    // dL/dy = softmax − onehot = [−p1, p1]; dL/dW = dL/dy·h; dL/dh = Wᵀ·dL/dy = −3·p1
    for (const [got, want] of [[grads[0], -p1], [grads[1], p1], [grads[2], -p1], [grads[3], p1], [dH[0], -3 * p1]]) expect(Math.abs(got - want)).toBeLessThan(1e-7);
  });
});
