import { describe, expect, it } from 'vitest';
import { runSequence } from '../../../src/recurrent/online/online-learner.ts';
import { TruncatedBptt } from '../../../src/recurrent/online/truncated-bptt.ts';
import { addOneStep, addReadout, handRnn, maxAbsDiff, vjp } from './hand-rnn.ts';

describe('TruncatedBptt', () => {
  it('matches the hand gradients of a two-step sequence for n = 1 and n = 2', () => {
    const r = handRnn({ B: 2, T: 2, I: 3, H: 4, O: 2, tanh: true, seed: 5 });
    for (const n of [1, 2]) {
      const expected = new Float64Array(r.net.parameters.length);
      addReadout(r, expected);
      for (let bb = 0; bb < r.B; bb++) {
        // step 1: only its own loss; step 0: its loss, plus with n = 2 the loss of step 1 through J_1
        addOneStep(r, expected, bb, 1, r.imm[bb][1]);
        const back = n === 2 ? vjp(r, bb, 1, r.imm[bb][1]) : [0, 0, 0, 0];
        addOneStep(r, expected, bb, 0, r.imm[bb][0].map((v, i) => v + back[i]));
      }
      const learner = new TruncatedBptt(r.net, n);
      runSequence(learner, r.batch);
      expect(maxAbsDiff(r.net.gradients, expected)).toBeLessThan(1e-12);
    }
  });

  it('lays windows out from the end: T = 3, n = 2 gives [0] and [1, 2] (the authors\' remainder-first cut)', () => {
    const r = handRnn({ B: 2, T: 3, I: 3, H: 4, O: 2, tanh: true, seed: 7 });
    const expected = new Float64Array(r.net.parameters.length);
    addReadout(r, expected);
    for (let bb = 0; bb < r.B; bb++) {
      // window [1, 2]: step 2's loss reaches step 1 through J_2; window [0]: step 0's own loss only
      addOneStep(r, expected, bb, 2, r.imm[bb][2]);
      const back = vjp(r, bb, 2, r.imm[bb][2]);
      addOneStep(r, expected, bb, 1, r.imm[bb][1].map((v, i) => v + back[i]));
      addOneStep(r, expected, bb, 0, r.imm[bb][0]);
    }
    runSequence(new TruncatedBptt(r.net, 2), r.batch);
    expect(maxAbsDiff(r.net.gradients, expected)).toBeLessThan(1e-12);
  });

  it('with no truncation equals the network\'s own backward pass (last-step loss)', () => {
    const r = handRnn({ B: 3, T: 6, I: 2, H: 5, O: 2, tanh: true, seed: 9, mask: [0, 1, 2].map(() => [0, 0, 0, 0, 0, 1]) });
    const learner = new TruncatedBptt(r.net);
    const loss = runSequence(learner, r.batch);
    const ours = Float64Array.from(r.net.gradients);
    r.net.forward({ inputs: (r.batch.inputs as { values: Float64Array }).values, batchSize: 3, steps: 6 });
    const tg = r.batch.targets as { values: Float64Array };
    const last = new Float64Array(3 * 2);
    for (let bb = 0; bb < 3; bb++) for (let k = 0; k < 2; k++) last[bb * 2 + k] = tg.values[(bb * 6 + 5) * 2 + k];
    const reference = r.net.loss({ kind: 'mse', at: 'last', targets: last });
    r.net.backward();
    expect(loss).toBeCloseTo(reference, 12);
    expect(maxAbsDiff(ours, r.net.gradients)).toBeLessThan(1e-12);
  });
});
