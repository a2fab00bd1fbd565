import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { runTraining } from '../../src/training/run-training.ts';
import { parseTrainOptions } from '../../src/training/train-options.ts';
import { parseSweep } from '../../src/sweeps/expand-sweep.ts';
import { LocalPool } from '../../src/sweeps/local-pool.ts';
import { runPoint } from '../../src/sweeps/run-point.ts';
import { runSweep } from '../../src/sweeps/run-sweep.ts';
import { trainBaseSchema, trainOptionsOf } from '../../src/sweeps/train-config.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const train = { data: 'teacher', model: 'backprop', epochs: 2, limitTrain: 200, limitTest: 50 };

describe('sweeps over training runs', () => {
  it('turns a {"train": …} base into the options of npm run train', () => {
    const options = trainOptionsOf(trainBaseSchema.parse({ train: { ...train, lr: 0.01, upLrScale: [30, 1] } }), join(dir, 'x'));
    expect(options).toEqual(parseTrainOptions({ data: 'teacher', model: 'backprop', mode: 'steady', epochs: '2', seed: '0', lr: '0.01', lrDecay: '1', upLrScale: '30,1', out: join(dir, 'x'), limitTrain: '200', limitTest: '50' }));
  });

  it('bad options fail their point with the sweep file\'s field named', async () => {
    const failure = async (t: Record<string, unknown>) => {
      const out = await runPoint({ hash: '0', experiment: { train: { ...train, ...t } }, baseDir: dir, runDir: join(dir, 'bad') });
      return out.status === 'failed' ? out.error : null;
    };
    expect(await failure({ data: 'nope' })).toEqual({ kind: 'input', message: 'train.data: unknown data set "nope"; expected mnist, yinyang, teacher or idx:PATH' });
    expect(await failure({ mode: 'full' })).toEqual({ kind: 'input', message: 'train.mode: full dynamics exist only for --model microcircuit, not backprop' });
    expect(await failure({ lr: -1 })).toEqual({ kind: 'input', message: 'train.lr: expected a number > 0, got -1' });
    expect(() => parseSweep({ base: { train: { ...train, epoch: 3 } }, axes: { '/train/seed': [1] } }, dir)).toThrow(new InputError('base.train.epoch', 'unknown field; remove it or correct its spelling (docs/experiment-format.md lists the fields)'));
  });

  it('a 2 × 2 sweep of learning rate and seed gives the test MSE of direct runs, files under runs/<hash>/', async () => {
    const sweep = parseSweep({ base: { train }, axes: { '/train/lr': [0.01, 0.1], '/train/seed': [1, 2] }, metrics: { testMse: '/testMse', lastTrainMse: { pointer: '/history/1/trainMse', reduce: 'mean' } } }, dir);
    const pool = new LocalPool(2);
    try {
      const out = join(dir, 'sweep');
      const report = await runSweep(sweep, { out, runner: pool, figures: false });
      expect(report).toMatchObject({ ran: 4, failed: 0 });
      for (const [i, p] of sweep.points.entries()) {
        const lr = p.params['/train/lr'] as number;
        const seed = p.params['/train/seed'] as number;
        const direct = await runTraining(parseTrainOptions({ data: 'teacher', model: 'backprop', epochs: '2', seed: String(seed), lr: String(lr), out: join(dir, `direct-${i}`), limitTrain: '200', limitTest: '50' }));
        expect(report.records[i].metrics).toEqual({ testMse: direct.testMse, lastTrainMse: direct.history[1].trainMse });
        expect(existsSync(join(out, 'runs', p.hash, 'result.json'))).toBe(true);
      }
      expect(report.records[0].metrics!.testMse).not.toBe(report.records[2].metrics!.testMse);
      expect(await runSweep(sweep, { out, runner: pool, figures: false })).toMatchObject({ ran: 0, reused: 4 });
    } finally {
      await pool.close();
    }
  });
});
