import { describe, expect, it } from 'vitest';
import { delayEmbed } from '../../src/analysis/delay-embedding.ts';
import { perceptualDecisionBatch } from '../../src/data/perceptual-decision-tasks.ts';
import { dsaCurriculumSettings } from '../../src/experiments/dsa-curriculum-settings.ts';
import { dsaInput, measuredStates, measuredWindow, swapTrialsAndTime } from '../../src/experiments/dsa-curriculum-states.ts';
import { curriculumNetwork, hiddenWindow } from '../../src/experiments/dsa-curriculum-training.ts';
import { Random } from '../../src/random/random.ts';

/** h_t of the leaky relu RNN (α = e^(−0.2)) by its own recurrence, for steps 0 … steps − 1 of one trial. */
function recurrence(wx: Float64Array, wh: Float64Array, b: Float64Array, inputs: Float64Array, hidden: number, steps: number): number[][] {
  const alpha = Math.exp(-20 / 100);
  let h = new Array<number>(hidden).fill(0);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    const x = inputs.subarray(t * 7, (t + 1) * 7);
    h = h.map((hi, i) => {
      let a = b[i];
      for (let k = 0; k < 7; k++) a += wx[i * 7 + k] * x[k];
      for (let k = 0; k < hidden; k++) a += wh[i * hidden + k] * h[k];
      return alpha * hi + (1 - alpha) * Math.max(a, 0);
    });
    out.push(h);
  }
  return out;
}

describe('the measured states of the curriculum test case', () => {
  it('slices the stimulus period (steps 25–224 of the test trial), or the authors’ window shifted back by 500 ms (steps 0–199)', () => {
    const batch = perceptualDecisionBatch('delay-anti', 3, new Random(1, 'w'), { mode: 'test' });
    expect(measuredWindow(batch, 'stimulus')).toEqual([25, 225]);
    expect(measuredWindow(batch, 'authors')).toEqual([0, 200]);
  });

  it('records h_t in either window on the configuration’s measured trials, as an independent recurrence gives', () => {
    for (const variant of ['masked', 'masked+authors']) {
      const settings = { ...dsaCurriculumSettings(true, variant), hidden: 5 };
      const net = curriculumNetwork({ cell: 'rnn', hidden: 5, activation: 'relu', seed: 3 });
      const { data, shape } = measuredStates(net, settings, 4);
      const trials = variant === 'masked' ? 4 : 200;
      const from = variant === 'masked' ? 25 : 0;
      expect(shape, variant).toEqual([trials, 200, 5]);
      const batch = perceptualDecisionBatch('delay-anti', trials, new Random(4, 'dsa-curriculum/measure'), { mode: 'test', dt: 20 });
      if (batch.inputs.kind !== 'dense') throw new Error('dense');
      const [wx, wh, b] = ['layer0.Wx', 'layer0.Wh', 'layer0.b'].map((n) => net.view(n));
      for (const trial of [0, trials - 1]) {
        const h = recurrence(wx, wh, b, batch.inputs.values.subarray(trial * batch.steps * 7, (trial + 1) * batch.steps * 7), 5, from + 200);
        for (let t = 0; t < 200; t++) for (let i = 0; i < 5; i++) expect(data[(trial * 200 + t) * 5 + i]).toBeCloseTo(h[from + t][i], 12);
      }
    }
    expect(hiddenWindow(curriculumNetwork({ cell: 'rnn', hidden: 5, activation: 'relu', seed: 3 }), 2, 0, 1).length).toBe(10);
  });

  it('swaps trials and time: x[k][t][u] lands at [t][k][u], and swapping twice gives x back', () => {
    const x = { data: Float64Array.from({ length: 2 * 3 * 2 }, (_, i) => i), shape: [2, 3, 2] as [number, number, number] };
    const y = swapTrialsAndTime(x);
    expect(y.shape).toEqual([3, 2, 2]);
    // x = [[[0,1],[2,3],[4,5]], [[6,7],[8,9],[10,11]]]
    expect(Array.from(y.data)).toEqual([0, 1, 6, 7, 2, 3, 8, 9, 4, 5, 10, 11]);
    expect(swapTrialsAndTime(y)).toEqual(x);
  });

  it('with the authors’ axes, DSA’s delay embedding runs across trials at each time step: row (t, j) = [x_{j+2}(t), x_j(t)]', () => {
    // 5 trials × 4 steps × 2 units, x_k(t)_u = 100k + 10t + u; 2 delays 2 apart
    const [K, T, U] = [5, 4, 2];
    const x = { data: new Float64Array(K * T * U), shape: [K, T, U] as [number, number, number] };
    for (let k = 0; k < K; k++) for (let t = 0; t < T; t++) for (let u = 0; u < U; u++) x.data[(k * T + t) * U + u] = 100 * k + 10 * t + u;
    const e = delayEmbed(dsaInput(x, 'authors'), 2, 2);
    expect([e.trials, e.rowsPerTrial, e.matrix.cols]).toEqual([4, 3, 4]);
    const hand: number[] = [];
    for (let t = 0; t < T; t++) for (let j = 0; j < K - 2; j++) hand.push(100 * (j + 2) + 10 * t, 100 * (j + 2) + 10 * t + 1, 100 * j + 10 * t, 100 * j + 10 * t + 1);
    expect(Array.from(e.matrix.data)).toEqual(hand);
    // along time (ours): rows (k, t) = [x_k(t+2), x_k(t)], one per trial
    const ours = delayEmbed(dsaInput(x, 'time'), 2, 2);
    expect([ours.trials, ours.rowsPerTrial]).toEqual([5, 2]);
    expect(Array.from(ours.matrix.data.subarray(0, 4))).toEqual([20, 21, 0, 1]);
  });
});
