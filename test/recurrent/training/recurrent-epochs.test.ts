import { describe, expect, it } from 'vitest';
import { runRecurrentEpochs, StoppedForTest, type RecurrentEpochSteps } from '../../../src/recurrent/training/recurrent-epochs.ts';
import type { RecurrentRunStart } from '../../../src/recurrent/training/resume-recurrent-run.ts';

const fresh: RecurrentRunStart<never> = { history: [], epoch: 1, batches: 0, lossSum: 0, partialSeconds: 0, extra: {} };

/** Steps that log every call as text; wall seconds are logged as whether they reach `atLeast` (an epoch end's checkpoint always records 0). */
function logging(log: string[], atLeast = 0): RecurrentEpochSteps {
  return {
    beginEpoch: (epoch, first) => log.push(`begin ${epoch} from ${first}`),
    trainBatch: (epoch, i) => log.push(`train ${epoch}.${i}`),
    endEpoch: (epoch, seconds) => log.push(`end ${epoch} ${seconds >= atLeast}`),
    save: (epoch, done, seconds) => log.push(`save ${epoch}+${done} ${seconds >= atLeast}`),
  };
}

describe('runRecurrentEpochs', () => {
  it('trains every batch in order, checkpoints every 2 of 5 batches within an epoch and at each end', () => {
    const log: string[] = [];
    runRecurrentEpochs(fresh, { epochs: 2, batchCount: 5, checkpointEvery: 2, unit: 'batch' }, logging(log));
    const epoch = (e: number) => [`begin ${e} from 0`, `train ${e}.0`, `train ${e}.1`, `save ${e - 1}+2 true`, `train ${e}.2`, `train ${e}.3`, `save ${e - 1}+4 true`, `train ${e}.4`, `end ${e} true`, `save ${e}+0 true`];
    expect(log).toEqual([...epoch(1), ...epoch(2)]);
  });

  it('continues a checkpoint within epoch 2 at its next batch, counting the wall seconds already spent', () => {
    const log: string[] = [];
    const start = { ...fresh, epoch: 2, batches: 3, partialSeconds: 100 };
    runRecurrentEpochs(start, { epochs: 3, batchCount: 4, checkpointEvery: 0, unit: 'batch' }, logging(log, 100));
    expect(log).toEqual(['begin 2 from 3', 'train 2.3', 'end 2 true', 'save 2+0 false', 'begin 3 from 0', 'train 3.0', 'train 3.1', 'train 3.2', 'train 3.3', 'end 3 false', 'save 3+0 false']);
  });

  it('stops as if killed right after the checkpoint the hook names, within an epoch or at its end', () => {
    const log: string[] = [];
    const plan = { epochs: 3, batchCount: 4, checkpointEvery: 2, unit: 'window' };
    expect(() => runRecurrentEpochs(fresh, plan, logging(log), { stopAfter: { epoch: 2, batches: 2 } })).toThrow(new StoppedForTest('stopped after window 2 of epoch 2'));
    expect(log.at(-1)).toBe('save 1+2 true');
    expect(() => runRecurrentEpochs(fresh, plan, logging([]), { stopAfter: { epoch: 1, batches: 4 } })).toThrow('stopped after epoch 1');
  });
});
