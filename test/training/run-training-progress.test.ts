import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ProgressExtra, ProgressFactory } from '../../src/core/progress.ts';
import { runTraining } from '../../src/training/run-training.ts';
import { parseTrainOptions } from '../../src/training/train-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'train-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('training progress', () => {
  it('ends each epoch on the loss the history records for it (the epoch mean, not the last batch)', async () => {
    const seen: { done: number; epoch: number; loss: number }[] = [];
    const progress: ProgressFactory = () => ({
      update: (done: number, extra?: ProgressExtra) => seen.push({ done, epoch: Number(extra!.epoch), loss: Number(extra!.loss) }),
      finish: () => undefined,
    });
    const options = parseTrainOptions({ data: 'teacher', model: 'backprop', epochs: '2', batch: '7', limitTrain: '60', limitTest: '20', out: join(dir, 'run') });
    const r = await runTraining(options, progress);
    for (const h of r.history) {
      const last = seen.filter((s) => s.epoch === h.epoch).at(-1)!;
      expect(last.done).toBe(60 * h.epoch);
      expect(last.loss).toBeCloseTo(h.trainLoss, 12);
    }
  });
});
