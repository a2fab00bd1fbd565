import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { adam } from '../../../src/core/optimizer.ts';
import { checkClassificationRecord, writeRecurrentCheckpoint } from '../../../src/recurrent/training/recurrent-checkpoint.ts';
import { parseRecurrentTrainOptions } from '../../../src/recurrent/training/recurrent-train-options.ts';
import { resumeRecurrentRun } from '../../../src/recurrent/training/resume-recurrent-run.ts';

const dir = mkdtempSync(join(tmpdir(), 'resume-recurrent-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const options = (name: string, resume: boolean) => parseRecurrentTrainOptions({ data: 'row-mnist', model: 'lstm', epochs: '3', optimizer: 'adam', out: join(dir, name), resume });

/** A checkpoint of run 'x' after two of four batches of epoch 2, with one Adam step taken. */
function writeMidEpoch(out: string) {
  const written = adam(0.1);
  const trained = Float64Array.of(0.5, -0.25, 2);
  written.step(trained, Float64Array.of(1, 2, 3), 0);
  const record = { epoch: 1, trainLoss: 2.25, trainError: 0.5, testError: 0.75, trainSeconds: 7 };
  const curve = Float64Array.of(2, 100, 40);
  writeRecurrentCheckpoint(out, { identity: 'x', epoch: 1, batches: 2, lossSum: 4.5, history: [record], parameters: trained, optimizer: written.saveState(), partialSeconds: 1.5, extra: { curve } });
  return { written, trained, record, curve };
}

describe('resumeRecurrentRun', () => {
  it('starts a fresh run at epoch 1 and leaves the parameters alone', () => {
    const parameters = Float64Array.of(1, 2, 3);
    const start = resumeRecurrentRun(options('fresh', false), { identity: 'x', batchCount: 4, parameters, optimizer: adam(0.1) }, checkClassificationRecord);
    expect(start).toEqual({ history: [], epoch: 1, batches: 0, lossSum: 0, partialSeconds: 0, extra: {} });
    expect(Array.from(parameters)).toEqual([1, 2, 3]);
  });

  it('with --resume and no checkpoint, says so on stderr and starts at epoch 1', () => {
    const write = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const o = options('empty', true);
      const start = resumeRecurrentRun(o, { identity: 'x', batchCount: 4, parameters: new Float64Array(3), optimizer: adam(0.1) }, checkClassificationRecord);
      expect(start.epoch).toBe(1);
      expect(write).toHaveBeenCalledWith(`train: no checkpoint in ${o.out}, starting from epoch 1\n`);
    } finally {
      write.mockRestore();
    }
  });

  it('restores the parameters, the optimizer state and the position of a checkpoint written mid-epoch', () => {
    const o = options('mid', true);
    const { written, trained, record, curve } = writeMidEpoch(o.out);
    const parameters = new Float64Array(3);
    const optimizer = adam(0.1);
    const start = resumeRecurrentRun(o, { identity: 'x', batchCount: 4, parameters, optimizer }, checkClassificationRecord);
    expect(start).toEqual({ history: [record], epoch: 2, batches: 2, lossSum: 4.5, partialSeconds: 1.5, extra: { curve } });
    expect(Array.from(parameters)).toEqual(Array.from(trained));
    expect(optimizer.saveState()).toEqual(written.saveState());
  });

  it('refuses a checkpoint of a run with other options before restoring anything', () => {
    writeMidEpoch(options('other', true).out);
    const parameters = Float64Array.of(9, 9, 9);
    expect(() => resumeRecurrentRun(options('other', true), { identity: 'y', batchCount: 4, parameters, optimizer: adam(0.1) }, checkClassificationRecord)).toThrow(/--resume: the checkpoint in .* belongs to a run with other options \(x\)/);
    expect(Array.from(parameters)).toEqual([9, 9, 9]);
  });
});
