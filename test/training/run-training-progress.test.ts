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

  it('full dynamics: counts evaluated samples too and moves within a sample, from the first tenth of the first one', async () => {
    const requests: { total: number; unit: string }[] = [];
    const seen: { done: number; stage: string; loss: number }[] = [];
    const progress: ProgressFactory = (request) => {
      requests.push(request);
      return { update: (done, extra) => seen.push({ done, stage: String(extra!.stage), loss: Number(extra!.loss) }), finish: () => undefined };
    };
    // 3 training samples; evaluated each epoch: min(3, 2) training samples and the 2 test samples
    const options = parseTrainOptions({ data: 'yinyang', model: 'microcircuit', mode: 'full', epochs: '1', limitTrain: '3', limitTest: '2', out: join(dir, 'full') });
    const r = await runTraining(options, progress);
    expect(requests).toEqual([expect.objectContaining({ total: 3 + 2 + 2, unit: 'samples' })]);
    for (let i = 1; i < seen.length; i++) expect(seen[i].done).toBeGreaterThanOrEqual(seen[i - 1].done - 1e-9);
    // a report every 10 of a sample's 100 simulated ms
    const withinFirst = seen.filter((s) => s.done < 1);
    expect(withinFirst.length).toBeGreaterThanOrEqual(9);
    expect(withinFirst[0].done).toBeLessThanOrEqual(0.1 + 1e-9);
    expect(withinFirst.every((s) => s.stage === 'training')).toBe(true);
    const evaluating = seen.filter((s) => s.stage === 'evaluating');
    expect(evaluating.some((s) => s.done > 3 && s.done < 7 && !Number.isInteger(s.done))).toBe(true);
    expect(seen.at(-1)!.done).toBe(7);
    expect(seen.at(-1)!.loss).toBeCloseTo(r.history[0].trainLoss, 12);
  }, 60_000);
});

