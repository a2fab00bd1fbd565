import { describe, expect, it } from 'vitest';
import { FeedforwardNetwork } from '../../src/baselines/feedforward-network.ts';
import { adam, sgd, type Optimizer } from '../../src/core/optimizer.ts';
import { initSteadyStateWeights, mnistRateScales, neuronForMixing } from '../../src/training/steady-state-settings.ts';
import { SteadyStateTwoPass, steadyStateSlot } from '../../src/training/steady-state-two-pass.ts';
import type { WeightSet } from '../../src/anatomy/weight-set.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';

const sig = (v: number) => 1 / (1 + Math.exp(-v));
const sigPrime = (v: number) => sig(v) * (1 - sig(v));

/** y = M·x for M given as rows × cols numbers, row-major. */
function mv(m: Float64Array, rows: number, cols: number, x: number[]): number[] {
  return Array.from({ length: rows }, (_, i) => x.reduce((acc, xj, j) => acc + m[i * cols + j] * xj, 0));
}

function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    ab += a[i] * b[i];
    aa += a[i] * a[i];
    bb += b[i] * b[i];
  }
  return ab / Math.sqrt(aa * bb);
}

function recorder(): Optimizer & { grads: Map<number, Float64Array> } {
  const grads = new Map<number, Float64Array>();
  return {
    grads,
    step: (_p, g, slot) => void grads.set(slot, Float64Array.from(g)),
    // a step in pieces: the pieces assemble the whole gradient
    begin: (slot, size) => void grads.set(slot, new Float64Array(size)),
    stepRange: (_p, from, g, gOff, n, slot) => grads.get(slot)!.set(g.subarray(gOff, gOff + n), from),
  };
}

function randomWeights(rng: Random, shapes: Record<keyof WeightSet, [number, number][]>): WeightSet {
  const w: WeightSet = { up: [], down: [], ip: [], pi: [] };
  for (const c of ['up', 'down', 'ip', 'pi'] as const) {
    for (const [rows, cols] of shapes[c]) {
      const data = new Float64Array(rows * cols);
      rng.fillUniformSymmetric(data, 0, data.length, 1);
      w[c].push({ rows, cols, data });
    }
  }
  return w;
}

describe('SteadyStateTwoPass', () => {
  it('one mini-batch update equals a hand-computed two-pass update of every rule (2-3-2, bias, batch 2)', () => {
    const p = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' as const } };
    const { gl, gb, ga, gd, gsom } = p;
    const w0 = randomWeights(new Random(5), { up: [[3, 3], [2, 4]], down: [[3, 2]], ip: [[2, 4]], pi: [[3, 2]] });
    const scale = { up: [1.5, 1], ip: [2], pi: [0.5], down: [0.25] };
    const circuit = new SteadyStateTwoPass({ dims: [2, 3, 2], neuron: p, bias: true, rateScale: scale }, w0);
    const xs = [[0.3, 0.9], [0.7, 0]];
    const ts = [[1.2, -0.8], [-0.5, 0.6]];
    const lr = 0.1;
    const loss = circuit.trainBatch(Float64Array.from(xs.flat()), Float64Array.from(ts.flat()), 2, sgd(lr));

    // Written out from the somatic ODEs' fixed points, sharing no code with src.
    const sum = { up1: new Array(9).fill(0), up2: new Array(8).fill(0), ip: new Array(8).fill(0), pi: new Array(6).fill(0), down: new Array(6).fill(0) };
    let expectedLoss = 0;
    for (let s = 0; s < 2; s++) {
      const x = [...xs[s], 1];
      const t = ts[s];
      // upward pass: somata at their basal predictions
      const vB1 = mv(w0.up[0].data, 3, 3, x);
      const vh1 = vB1.map((v) => (gb / (gl + gb + ga)) * v);
      const r1 = [...vh1.map(sig), 1];
      const vB2 = mv(w0.up[1].data, 2, 4, r1);
      const vh2 = vB2.map((v) => (gb / (gl + gb)) * v);
      expectedLoss += 0.5 * ((vh2[0] - t[0]) ** 2 + (vh2[1] - t[1]) ** 2);
      // nudged output: 0 = −g_lk·u + g_B(v_B − u) + g_som(u_trgt − u)
      const u2 = vB2.map((v, i) => (gb * v + gsom * t[i]) / (gl + gb + gsom));
      // downward pass: interneurons 0 = −g_lk·u_I + g_D(v_I − u_I) + g_som(u_2 − u_I)
      const vI = mv(w0.ip[0].data, 2, 4, r1);
      const uI = vI.map((v, i) => (gd * v + gsom * u2[i]) / (gl + gd + gsom));
      const td = mv(w0.down[0].data, 3, 2, u2.map(sig));
      const piR = mv(w0.pi[0].data, 3, 2, uI.map(sig));
      const vA = td.map((v, i) => v + piR[i]);
      // hidden soma: 0 = −g_lk·u + g_B(v_B − u) + g_A(v_A − u)
      const u1 = vB1.map((v, i) => (gb * v + ga * vA[i]) / (gl + gb + ga));
      const add = (acc: number[], post: number[], pre: number[]) => post.forEach((e, i) => pre.forEach((q, j) => (acc[i * pre.length + j] += e * q)));
      add(sum.up2, u2.map((u, i) => sig(u) - sig(vh2[i])), r1);
      add(sum.up1, u1.map((u, i) => sig(u) - sig(vh1[i])), x);
      add(sum.ip, uI.map((u, i) => sig(u) - sig((gd / (gl + gd)) * vI[i])), r1);
      add(sum.pi, vA.map((v) => -v), uI.map(sig));
      add(sum.down, u1.map((u, i) => sig(u) - sig(td[i])), u2.map(sig));
    }
    expect(loss).toBeCloseTo(expectedLoss / 2, 14);
    const check = (got: Float64Array, before: Float64Array, acc: number[], rate: number) => {
      expect(got.length).toBe(acc.length);
      acc.forEach((a, i) => expect(got[i]).toBeCloseTo(before[i] + (lr * rate * a) / 2, 14));
    };
    check(circuit.weights.up[0].data, w0.up[0].data, sum.up1, 1.5);
    check(circuit.weights.up[1].data, w0.up[1].data, sum.up2, 1);
    check(circuit.weights.ip[0].data, w0.ip[0].data, sum.ip, 2);
    check(circuit.weights.pi[0].data, w0.pi[0].data, sum.pi, 0.5);
    check(circuit.weights.down[0].data, w0.down[0].data, sum.down, 0.25);
  });

  /** Cosines between the circuit's W^up pseudo-gradients and backprop of its own output error, per layer, at mixing λ. */
  function cosinesToBackprop(lambda: number): number[] {
    const p = neuronForMixing({ ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' } }, { lambdaHid: lambda, lambdaOut: lambda, lambdaI: lambda });
    const dims = [4, 5, 3, 2];
    const w = initSteadyStateWeights(dims, true, { up: [1.5, 1.5, 1.5], down: 1 }, p, 9);
    // W^down_k = W^up_{k+1}ᵀ without the bias column; self-predicting W^PI = −W^down
    for (let h = 0; h < 2; h++) {
      const up = w.up[h + 1];
      const n = dims[h + 1];
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < up.rows; j++) {
          w.down[h].data[i * up.rows + j] = up.data[j * up.cols + i];
          w.pi[h].data[i * up.rows + j] = -up.data[j * up.cols + i];
        }
      }
    }
    const circuit = new SteadyStateTwoPass({ dims, neuron: p, bias: true, rateScale: { up: [1, 1, 1], ip: [0, 0], pi: [0, 0], down: [0, 0] } }, w);
    const xs = [[0.2, 0.9, 0, 0.4], [0.8, 0.1, 0.5, 0.3], [0, 0.6, 0.7, 1]];
    const ts = [[2, -1], [-1.5, 0.5], [0.3, 1.8]];
    const rec = recorder();
    circuit.trainBatch(Float64Array.from(xs.flat()), Float64Array.from(ts.flat()), 3, rec);

    // backprop by hand with output delta φ'(u_N)·(u_N − t), the rate-weighted error the output rule feeds back
    const c = [gbOver(p, true), gbOver(p, true), gbOver(p, false)];
    const grads = dims.slice(1).map((n, k) => new Array(n * (dims[k] + 1)).fill(0));
    for (let s = 0; s < 3; s++) {
      const pre: number[][] = [[...xs[s], 1]];
      const u: number[][] = [];
      for (let k = 0; k < 3; k++) {
        u.push(mv(w.up[k].data, dims[k + 1], dims[k] + 1, pre[k]).map((v) => c[k] * v));
        pre.push([...u[k].map(sig), 1]);
      }
      let delta = u[2].map((v, i) => sigPrime(v) * (v - ts[s][i]));
      for (let k = 2; k >= 0; k--) {
        delta.forEach((d, i) => pre[k].forEach((q, j) => (grads[k][i * pre[k].length + j] += c[k] * d * q)));
        if (k > 0) {
          const cols = dims[k] + 1;
          delta = u[k - 1].map((v, j) => sigPrime(v) * c[k] * delta.reduce((acc, d, i) => acc + w.up[k].data[i * cols + j] * d, 0));
        }
      }
    }
    return [0, 1, 2].map((k) => cosine(rec.grads.get(steadyStateSlot(3, 'up', k))!, grads[k]));
  }

  it('with λ → 0 and W^down = (W^up_{k+1})ᵀ its updates approach backprop of its own output error (4-5-3-2)', () => {
    const weak = cosinesToBackprop(0.1);
    const tiny = cosinesToBackprop(1e-3);
    // measured: 1 − cos ≈ 5e-8 … 1.5e-8 at λ = 1e-3 for the three layers
    for (let k = 0; k < 3; k++) {
      expect(tiny[k]).toBeGreaterThan(0.99999);
      expect(1 - tiny[k]).toBeLessThan((1 - weak[k]) / 100);
    }
  });

  it('with one output unit and λ → 0 its hidden updates point along the backprop baseline’s gradient (cosine > 0.99)', () => {
    const lambda = 1e-3;
    const p = neuronForMixing({ ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' } }, { lambdaHid: lambda, lambdaOut: lambda, lambdaI: lambda });
    const dims = [3, 6, 1];
    const w = initSteadyStateWeights(dims, true, { up: [1.5, 1.5], down: 1 }, p, 4);
    for (let i = 0; i < 6; i++) {
      w.down[0].data[i] = w.up[1].data[i];
      w.pi[0].data[i] = -w.up[1].data[i];
    }
    const circuit = new SteadyStateTwoPass({ dims, neuron: p, bias: true, rateScale: { up: [1, 1], ip: [0], pi: [0], down: [0] } }, w);
    const net = new FeedforwardNetwork({ dims, phi: p.phi, attenuation: [gbOver(p, true), gbOver(p, false)], rule: 'backprop', bias: true }, w.up);
    const inputs = Float64Array.from([0.2, 0.9, 0.4, 0.8, 0.1, 0.5]);
    const targets = Float64Array.from([1.5, -1]);
    const a = recorder();
    const b = recorder();
    circuit.trainBatch(inputs, targets, 2, a);
    net.trainBatch(inputs, targets, 2, b);
    expect(cosine(a.grads.get(0)!, b.grads.get(0)!)).toBeGreaterThan(0.99);
  });

  it('inferBatch over blocks (70 samples: two full blocks of 32 and a tail) equals infer sample by sample, bit for bit', () => {
    const p = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' as const } };
    const dims = [13, 7, 5, 3];
    const w = initSteadyStateWeights(dims, true, { up: [1.5, 1.5, 1.5], down: 1 }, p, 11);
    const circuit = new SteadyStateTwoPass({ dims, neuron: p, bias: true, rateScale: mnistRateScales(3, 0.3) }, w);
    const rng = new Random(5, 'inputs');
    const n = 70;
    // about a third zeros, as in MNIST, so the sparse input rows matter
    const inputs = Float64Array.from({ length: n * 13 }, () => (rng.uniform() < 0.35 ? 0 : rng.uniform()));
    const batch = new Float64Array(n * 3);
    circuit.inferBatch(inputs, n, batch);
    const one = new Float64Array(3);
    for (let s = 0; s < n; s++) {
      circuit.infer(inputs.subarray(s * 13, (s + 1) * 13), one);
      expect(Array.from(batch.subarray(s * 3, (s + 1) * 3))).toEqual(Array.from(one));
    }
  });

  it('wasm and js kernels train bit-identically (Adam, batches of 3 then 40, so the kernel memory is rebuilt with the moments in it), and equal the sample-by-sample infer', () => {
    const p = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' as const } };
    const dims = [29, 11, 9, 3];
    const w = initSteadyStateWeights(dims, true, { up: [1.5, 1.5, 1.5], down: 1 }, p, 4);
    const config = { dims, neuron: p, bias: true, rateScale: mnistRateScales(3, 0.3) };
    const wasm = new SteadyStateTwoPass({ ...config, kernels: 'wasm' }, w);
    const js = new SteadyStateTwoPass({ ...config, kernels: 'js' }, w);
    const [optWasm, optJs] = [adam(0.01), adam(0.01)];
    const rng = new Random(8, 'inputs');
    const n = 40;
    const inputs = Float64Array.from({ length: n * 29 }, () => (rng.uniform() < 0.35 ? 0 : rng.uniform()));
    const targets = Float64Array.from({ length: n * 3 }, () => rng.uniform());
    const before = wasm.weights.up[0].data[5];
    for (const batch of [3, 3, 40, 3]) {
      expect(wasm.trainBatch(inputs, targets, batch, optWasm)).toBe(js.trainBatch(inputs, targets, batch, optJs));
    }
    for (const c of ['up', 'ip', 'down', 'pi'] as const) wasm.weights[c].forEach((m, i) => expect(Array.from(m.data)).toEqual(Array.from(js.weights[c][i].data)));
    expect(wasm.weights.up[0].data[5]).not.toBe(before);
    const [a, b] = [new Float64Array(n * 3), new Float64Array(n * 3)];
    wasm.inferBatch(inputs, n, a);
    js.inferBatch(inputs, n, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    const one = new Float64Array(3);
    wasm.infer(inputs.subarray(0, 29), one);
    expect(Array.from(one)).toEqual(Array.from(a.subarray(0, 3)));
  });

  it('inference is the upward pass: c_N·W^up_N·[φ(c_1·W^up_1·[x; 1]); 1]', () => {
    const p = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' as const } };
    const w = initSteadyStateWeights([2, 3, 2], true, { up: [1, 1], down: 1 }, p, 2);
    const circuit = new SteadyStateTwoPass({ dims: [2, 3, 2], neuron: p, bias: true, rateScale: mnistRateScales(2, 0.3) }, w);
    const out = new Float64Array(2);
    circuit.infer(Float64Array.from([0.5, 0]), out);
    const r1 = [...mv(w.up[0].data, 3, 3, [0.5, 0, 1]).map((v) => sig(v / 1.9)), 1];
    const expected = mv(w.up[1].data, 2, 4, r1).map((v) => v / 1.1);
    expect(out[0]).toBeCloseTo(expected[0], 14);
    expect(out[1]).toBeCloseTo(expected[1], 14);
  });

  it('rejects weights of the wrong shape, naming the matrix', () => {
    const p = { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'logistic' as const } };
    const w = initSteadyStateWeights([2, 3, 2], false, { up: [1, 1], down: 1 }, p, 2);
    expect(() => new SteadyStateTwoPass({ dims: [2, 3, 2], neuron: p, bias: true, rateScale: mnistRateScales(2, 0.3) }, w)).toThrow('weights.up[0]: expected 3×3 matrix, got 3×2');
  });
});

describe('steady-state settings', () => {
  it('neuronForMixing gives λ_hid 0.3, λ_out 0.1, λ_I 0.1 with g_A ≈ 0.4714, g_som ≈ 0.1222, g_D = 1', () => {
    const p = neuronForMixing(PAPER_NEURON_PARAMETERS, { lambdaHid: 0.3, lambdaOut: 0.1, lambdaI: 0.1 });
    expect(p.ga).toBeCloseTo(0.33 / 0.7, 12);
    expect(p.gsom).toBeCloseTo(0.11 / 0.9, 12);
    expect(p.gd).toBeCloseTo(1, 12);
    expect(p.ga / (p.gl + p.gb + p.ga)).toBeCloseTo(0.3, 12);
    expect(p.gsom / (p.gl + p.gb + p.gsom)).toBeCloseTo(0.1, 12);
    expect(p.gsom / (p.gl + p.gd + p.gsom)).toBeCloseTo(0.1, 12);
  });

  it('mnistRateScales: up {1/λ², 1/λ, 1} from the bottom, IP twice the layer above, PI and down fixed', () => {
    const r = mnistRateScales(3, 0.5);
    expect(r.up).toEqual([4, 2, 1]);
    expect(r.ip).toEqual([4, 2]);
    expect(r.pi).toEqual([0, 0]);
    expect(r.down).toEqual([0, 0]);
  });
});

/** g_B/(g_lk+g_B+g_A) (hidden) or g_B/(g_lk+g_B) (output). */
function gbOver(p: { gl: number; gb: number; ga: number }, hidden: boolean): number {
  return p.gb / (p.gl + p.gb + (hidden ? p.ga : 0));
}
