import { describe, expect, it } from 'vitest';
import { copyRepeatBatch } from '../../src/data/copy-repeat.ts';
import { copyRepeatRun, copyRepeatSettings } from '../../src/experiments/bp-lambda-copy-repeat.ts';
import { Random } from '../../src/random/random.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { runSequence } from '../../src/recurrent/online/online-learner.ts';
import { TruncatedBptt } from '../../src/recurrent/online/truncated-bptt.ts';

describe('bp-lambda copy-repeat', () => {
  it('the curriculum measure (loss / (R·N + 1) / ln 2) is the mean BCE per scored output in bits, computed independently', () => {
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: 10, hidden: [5], outputSize: 9, seed: 3 });
    const n = 2;
    const r = 3;
    const batch = copyRepeatBatch(n, r, 4, new Random(7, 'test'));
    const loss = runSequence(new TruncatedBptt(net), batch);
    net.forward({ inputs: (batch.inputs as { values: Float64Array }).values, batchSize: 4, steps: batch.steps });
    const tg = batch.targets as { values: Float64Array; mask: Float64Array };
    let sum = 0;
    let count = 0;
    for (let b = 0; b < 4; b++) {
      for (let t = 0; t < batch.steps; t++) {
        if (tg.mask[b * batch.steps + t] === 0) continue;
        for (let k = 0; k < 9; k++) {
          const y = net.output(b, t, k);
          const p = 1 / (1 + Math.exp(-y));
          const target = tg.values[(b * batch.steps + t) * 9 + k];
          sum += -(target * Math.log(p) + (1 - target) * Math.log(1 - p));
          count++;
        }
      }
    }
    expect(count).toBe(4 * (r * n + 1) * 9);
    expect(loss / (r * n + 1) / Math.LN2).toBeCloseTo(sum / count / Math.LN2, 12);
  });

  it('records every level reached from (1, 1), reproducibly from the seed', () => {
    const s = { ...copyRepeatSettings(true), sequences: 200 };
    const a = copyRepeatRun(2, 6, 'BP(0)', s);
    expect(a.levels[0]).toEqual({ sequences: 0, patternLength: 1, repeats: 1 });
    expect(a.advances).toBe(a.levels.length - 1);
    expect(Number.isFinite(a.lastLossBits)).toBe(true);
    expect(copyRepeatRun(2, 6, 'BP(0)', s)).toMatchObject({ levels: a.levels, lastLossBits: a.lastLossBits });
  });
});
