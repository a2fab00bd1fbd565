import { describe, expect, it } from 'vitest';
import type { RecurrentNetwork } from '../../../src/recurrent/network.ts';
import { runSequence } from '../../../src/recurrent/online/online-learner.ts';
import { WindowedLearner } from '../../../src/recurrent/online/windowed-learner.ts';
import { addReadout, handRnn, maxAbsDiff } from './hand-rnn.ts';

/** A rule in a few lines: records the windows it is handed and the immediate gradients it sees, learns nothing beyond the readout. */
class RecordingRule extends WindowedLearner {
  readonly name = 'record';
  readonly windows: [number, number, boolean][] = [];
  readonly imms: number[][] = [];
  readonly states: number[][] = [];
  prepared = 0;
  finished = 0;
  constructor(network: RecurrentNetwork, n: number) {
    super(network, n);
  }
  protected override prepare(): void {
    this.prepared++;
  }
  protected learnWindow(start: number, length: number, last: boolean): void {
    this.windows.push([start, length, last]);
    for (let w = 0; w < length; w++) {
      this.imms.push(Array.from(this.imm.subarray(w * this.rows, (w + 1) * this.rows)));
      const off = this.window.stateOffset(w);
      this.states.push(Array.from(this.window.layer.states.subarray(off, off + this.rows)));
    }
  }
  protected override finishSequence(): void {
    this.finished++;
  }
}

describe('WindowedLearner', () => {
  it('hands a rule the windows cut from the end (T = 7, n = 3: [0], [1–3], [4–6]), each step scored once in order, with its state, ∂L_t/∂s_t and the exact readout gradient', () => {
    const r = handRnn({ B: 2, T: 7, I: 2, H: 3, O: 2, tanh: true, seed: 9 });
    const rule = new RecordingRule(r.net, 3);
    const loss = runSequence(rule, r.batch);
    expect(rule.windows).toEqual([
      [0, 1, false],
      [1, 3, false],
      [4, 3, true],
    ]);
    expect([rule.prepared, rule.finished]).toEqual([1, 1]);
    for (let t = 0; t < r.T; t++) {
      const imm = r.imm.flatMap((rows) => rows[t]);
      const h = r.h.flatMap((rows) => rows[t + 1]);
      expect(maxAbsDiff(rule.imms[t], imm)).toBeLessThan(1e-12);
      expect(maxAbsDiff(rule.states[t], h)).toBeLessThan(1e-12);
    }
    const readoutOnly = new Float64Array(r.net.parameters.length);
    addReadout(r, readoutOnly);
    expect(maxAbsDiff(r.net.gradients, readoutOnly)).toBeLessThan(1e-12);
    // the loss is Σ_t L_t, L_t = (1/B)(1/O) Σ_b ‖y − target‖² at the masked steps (hand-rnn.ts)
    const again = new RecordingRule(r.net, Infinity);
    expect(runSequence(again, r.batch)).toBeCloseTo(loss, 12);
    expect(again.windows).toEqual([[0, 7, true]]);
  });

  it('refuses a truncation that is not a positive integer or Infinity', () => {
    const r = handRnn({ B: 1, T: 2, I: 2, H: 2, O: 1, tanh: false, seed: 1 });
    expect(() => new RecordingRule(r.net, 0)).toThrow(/positive integer or Infinity/);
    expect(() => new RecordingRule(r.net, 1.5)).toThrow(/positive integer or Infinity/);
  });
});
