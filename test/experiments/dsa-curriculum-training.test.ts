import { describe, expect, it } from 'vitest';
import { perceptualDecisionBatch, perceptualDecisionStreamBatch } from '../../src/data/perceptual-decision-tasks.ts';
import { curriculumNetwork, decisionMaskWeights, taskAccuracy, trainTasks } from '../../src/experiments/dsa-curriculum-training.ts';
import type { TrainOptions } from '../../src/experiments/dsa-curriculum-training.ts';
import { adam } from '../../src/core/optimizer.ts';
import { Random } from '../../src/random/random.ts';

const small: Omit<TrainOptions, 'tasks' | 'trainable'> = { learningRate: 1e-2, batchSize: 4, windowSteps: 60, batchesPerEpoch: 3, maxEpochs: 2, targetAccuracy: 0.99, stopOn: 'all', decisionMask: false, evalTrials: 4 };
const copy = (net: ReturnType<typeof curriculumNetwork>, name: string) => Float64Array.from(net.view(name));
const same = (a: Float64Array, b: Float64Array) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

describe('curriculum training', () => {
  it('with W_in alone trainable leaves W_rec, b and the readout bit-identical after transfer training, and moves W_in', () => {
    const net = curriculumNetwork({ cell: 'rnn', hidden: 10, activation: 'relu', seed: 4 });
    trainTasks(net, { ...small, tasks: ['pro', 'anti'], trainable: 'all' }, new Random(4, 'pretrain'));
    const frozen = ['layer0.Wh', 'layer0.b', 'readout.W', 'readout.b'];
    const before = Object.fromEntries(['layer0.Wx', ...frozen].map((n) => [n, copy(net, n)]));
    const log = trainTasks(net, { ...small, tasks: ['delay-anti'], trainable: 'input-weights' }, new Random(4, 'transfer'));
    expect(log.epochs).toBe(2);
    for (const n of frozen) expect(same(copy(net, n), before[n]), n).toBe(true);
    expect(same(copy(net, 'layer0.Wx'), before['layer0.Wx'])).toBe(false);
    // and training everything does move W_rec
    trainTasks(net, { ...small, tasks: ['delay-anti'], trainable: 'all' }, new Random(4, 'unfrozen'));
    expect(same(copy(net, 'layer0.Wh'), before['layer0.Wh'])).toBe(false);
  });

  it('an empty task list trains nothing; the loss falls on Pro with every weight trained', () => {
    const net = curriculumNetwork({ cell: 'rnn', hidden: 12, activation: 'relu', seed: 2 });
    const p = Float64Array.from(net.parameters);
    expect(trainTasks(net, { ...small, tasks: [], trainable: 'all' }, new Random(1)).epochs).toBe(0);
    expect(same(net.parameters, p)).toBe(true);
    const log = trainTasks(net, { ...small, maxEpochs: 4, tasks: ['pro'], trainable: 'all' }, new Random(2, 'pro'));
    expect(log.losses[3]).toBeLessThan(log.losses[0]);
    const acc = log.accuracy.pro!;
    expect(acc >= 0 && acc <= 1).toBe(true);
  });


  it('scores accuracy on decision steps only: a readout biased to "fixate" scores 0, to the correct side 1', () => {
    const net = curriculumNetwork({ cell: 'rnn', hidden: 4, activation: 'relu', seed: 1 });
    net.view('readout.W').fill(0);
    const bias = net.view('readout.b');
    bias.set([5, 0, 0]);
    expect(taskAccuracy(net, 'pro', 6, new Random(9, 'acc'))).toEqual({ all: 0, coherent: 0 });
    // With the readout ignoring the network, "always choice 1" is right on the trials whose answer is 1.
    bias.set([0, 5, 0]);
    const batch = perceptualDecisionBatch('anti', 40, new Random(9, 'acc2'), { mode: 'test' });
    const ones = Array.from(batch.choice).filter((c) => c === 1).length / 40;
    const coherent = Array.from(batch.choice).filter((c, b) => batch.coherence[b] > 0);
    const accuracy = taskAccuracy(net, 'anti', 40, new Random(9, 'acc2'));
    expect(accuracy.all).toBeCloseTo(ones, 12);
    // the coherent measure counts only the trials with coherence > 0 (all test trials share one decision length)
    expect(coherent.length).toBeLessThan(40);
    expect(accuracy.coherent).toBeCloseTo(coherent.filter((c) => c === 1).length / coherent.length, 12);
  });

  it('weights the loss by the authors\' create_mask: 1 outside the decision period, 2, 3, 4, 5, 5, … inside', () => {
    const decision = Uint8Array.from([0, 1, 1, 1, 1, 1, 1, 0, 1, 1, /* row 2 */ 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    const w = decisionMaskWeights(decision, 2, 10, new Float64Array(20));
    expect(Array.from(w)).toEqual([1, 2, 3, 4, 5, 5, 5, 1, 2, 3, 2, 3, 1, 1, 1, 1, 1, 1, 1, 1]);
    // trainTasks with the mask reports Σ w·ℓ / Σ w of its first window, recomputed here by hand
    const net = curriculumNetwork({ cell: 'rnn', hidden: 6, activation: 'relu', seed: 8 });
    const window = perceptualDecisionStreamBatch('pro', small.batchSize, 400, new Random(3, 'mask'), { dt: 20 });
    if (window.inputs.kind !== 'dense' || window.targets.kind !== 'classes') throw new Error('dense classes');
    net.forward({ inputs: window.inputs.values, batchSize: window.batch, steps: window.steps });
    const weights = decisionMaskWeights(window.decision, window.batch, window.steps, new Float64Array(window.batch * window.steps));
    let sum = 0;
    let total = 0;
    for (let b = 0; b < window.batch; b++) {
      for (let t = 0; t < window.steps; t++) {
        const y = [0, 1, 2].map((k) => net.output(b, t, k));
        const target = window.targets.labels[b * window.steps + t];
        const w = weights[b * window.steps + t];
        total += w * (Math.log(y.reduce((p, v) => p + Math.exp(v), 0)) - y[target]);
        sum += w;
      }
    }
    expect(window.decision.some((d) => d === 1)).toBe(true);
    const trained = curriculumNetwork({ cell: 'rnn', hidden: 6, activation: 'relu', seed: 8 });
    const log = trainTasks(trained, { ...small, windowSteps: 400, batchesPerEpoch: 1, maxEpochs: 1, decisionMask: true, tasks: ['pro'], trainable: 'all' }, new Random(3, 'mask'));
    expect(log.losses[0]).toBeCloseTo(total / sum, 12);
  });
});

describe('the curriculum network learns to hold a choice across a delay (a tiny Delay task)', () => {
  it('leaky relu RNN (α = e^(−0.2)), Adam 1e-2, cross-entropy at every step: the side of a 5-step pulse, answered after 15 silent steps, > 95 % correct', () => {
    // inputs: fixation (on until the decision), two stimulus channels (the pulse on one side), a rule channel
    const [pulse, delay, answer] = [5, 15, 3];
    const steps = pulse + delay + answer;
    const batch = 32;
    const make = (rng: Random) => {
      const inputs = new Float64Array(batch * steps * 7);
      const labels = new Int32Array(batch * steps);
      const side = new Int32Array(batch);
      for (let b = 0; b < batch; b++) {
        side[b] = 1 + rng.integer(2);
        for (let t = 0; t < steps; t++) {
          const k = (b * steps + t) * 7;
          if (t < pulse + delay) inputs[k] = 1;
          if (t < pulse) inputs[k + side[b]] = 1 + 0.3 * rng.normal();
          inputs[k + 3] = 1;
          labels[b * steps + t] = t >= pulse + delay ? side[b] : 0;
        }
      }
      return { inputs, labels, side };
    };
    const net = curriculumNetwork({ cell: 'rnn', hidden: 16, activation: 'relu', seed: 2 });
    const optimizer = adam(1e-2);
    const rng = new Random(5, 'tiny delay');
    for (let k = 0; k < 300; k++) {
      const { inputs, labels } = make(rng);
      net.forward({ inputs, batchSize: batch, steps });
      net.loss({ kind: 'cross-entropy', at: 'every', targets: labels });
      net.backward();
      optimizer.step(net.parameters, net.gradients, 0);
    }
    let hits = 0;
    const test = make(new Random(6, 'tiny delay test'));
    net.forward({ inputs: test.inputs, batchSize: batch, steps });
    for (let b = 0; b < batch; b++) {
      const t = steps - 1;
      const best = [0, 1, 2].reduce((m, c) => (net.output(b, t, c) > net.output(b, t, m) ? c : m), 0);
      if (best === test.side[b]) hits++;
    }
    expect(hits / batch).toBeGreaterThan(0.95);
  });
});
