import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/input-error.ts';
import { RunFailure } from '../../../src/core/run-failure.ts';
import { parseRecurrentTrainOptions, type RawRecurrentTrainOptions } from '../../../src/recurrent/training/recurrent-train-options.ts';
import { runRecurrentTraining, StoppedForTest, type RecurrentTrainingResult } from '../../../src/recurrent/training/run-recurrent-training.ts';

const dir = mkdtempSync(join(tmpdir(), 'recurrent-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function options(name: string, raw: RawRecurrentTrainOptions) {
  return parseRecurrentTrainOptions({ data: 'row-mnist', model: 'sublstm', out: join(dir, name), ...raw });
}

/** The sealed final checkpoint of a finished run, as bytes. */
function sealed(name: string, epoch: number): Buffer {
  return readFileSync(join(dir, name, `checkpoint-${epoch}-0.bin`));
}

const timeless = (r: RecurrentTrainingResult) => r.history.map(({ trainSeconds: _, ...h }) => h);

describe('runRecurrentTraining on row-MNIST', () => {
  it('a tiny subLSTM learns: the loss falls and test accuracy is far above chance', async () => {
    // 400 training digits, 3 epochs, 24 units. Chance is 10 %; with 300 test digits its binomial
    // standard deviation is 1.7 pp, so 35 % lies 14 standard deviations above chance.
    const r = await runRecurrentTraining(options('learns', { units: '24', epochs: '3', batch: '20', lr: '0.003', limitTrain: '400', limitTest: '300', seed: '1' }));
    expect(r.history).toHaveLength(3);
    expect(r.history[0].trainLoss).toBeLessThan(Math.log(10) + 0.05);
    expect(r.history[2].trainLoss).toBeLessThan(0.8 * r.history[0].trainLoss);
    expect(r.testAccuracy).toBeGreaterThan(0.35);
    expect(r.trainSize).toBe(400);
    expect(r.testSize).toBe(300);
    expect(r.steps).toBe(28);
    expect(r.inputSize).toBe(28);
    const result = JSON.parse(readFileSync(join(dir, 'learns', 'result.json'), 'utf8'));
    expect(result.history).toHaveLength(3);
    expect(result.testAccuracy).toBe(r.testAccuracy);
    expect(readFileSync(join(dir, 'learns', 'learning-curve.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('--resume after a stop within an epoch and after an epoch ends is bit for bit an uninterrupted run', async () => {
    const raw: RawRecurrentTrainOptions = { model: 'lstm', units: '6', epochs: '2', batch: '10', limitTrain: '30', limitTest: '20', seed: '4', checkpointEvery: '1' };
    const whole = await runRecurrentTraining(options('whole', raw));
    await expect(runRecurrentTraining(options('cut', raw), { stopAfter: { epoch: 1, batches: 2 } })).rejects.toBeInstanceOf(StoppedForTest);
    expect(existsSync(join(dir, 'cut', 'checkpoint-0-2.bin'))).toBe(true);
    await expect(runRecurrentTraining(options('cut', { ...raw, resume: true }), { stopAfter: { epoch: 1, batches: 3 } })).rejects.toBeInstanceOf(StoppedForTest);
    expect(existsSync(join(dir, 'cut', 'checkpoint-1-0.bin'))).toBe(true);
    const resumed = await runRecurrentTraining(options('cut', { ...raw, resume: true }));
    expect(timeless(resumed)).toEqual(timeless(whole));
    expect(sealed('cut', 2).equals(sealed('whole', 2))).toBe(true);
  });

  it('a finished run continued with --resume and more --epochs is bit for bit the longer run', async () => {
    const raw: RawRecurrentTrainOptions = { model: 'sublstm', precision: 'float32', units: '5', epochs: '3', batch: '10', limitTrain: '30', limitTest: '20', seed: '2' };
    const longer = await runRecurrentTraining(options('three', raw));
    await runRecurrentTraining(options('one-then-three', { ...raw, epochs: '1' }));
    const continued = await runRecurrentTraining(options('one-then-three', { ...raw, resume: true }));
    expect(timeless(continued)).toEqual(timeless(longer));
    expect(sealed('one-then-three', 3).equals(sealed('three', 3))).toBe(true);
  });

  it('resumes Adam and fix-subLSTM bit for bit too', async () => {
    const raw: RawRecurrentTrainOptions = { model: 'fix-sublstm', optimizer: 'adam', units: '5', epochs: '2', batch: '10', limitTrain: '20', limitTest: '10', lr: '0.01' };
    await runRecurrentTraining(options('adam-whole', raw));
    await expect(runRecurrentTraining(options('adam-cut', raw), { stopAfter: { epoch: 1, batches: 2 } })).rejects.toBeInstanceOf(StoppedForTest);
    await runRecurrentTraining(options('adam-cut', { ...raw, resume: true }));
    expect(sealed('adam-cut', 2).equals(sealed('adam-whole', 2))).toBe(true);
  });

  it('float32: resumes bit for bit, and a float64 checkpoint does not resume as float32', async () => {
    const raw: RawRecurrentTrainOptions = { model: 'lstm', precision: 'float32', units: '6', epochs: '2', batch: '10', limitTrain: '30', limitTest: '20', seed: '4', checkpointEvery: '1' };
    const whole = await runRecurrentTraining(options('f32-whole', raw));
    expect(whole.precision).toBe('float32');
    await expect(runRecurrentTraining(options('f32-cut', raw), { stopAfter: { epoch: 1, batches: 2 } })).rejects.toBeInstanceOf(StoppedForTest);
    const resumed = await runRecurrentTraining(options('f32-cut', { ...raw, resume: true }));
    expect(timeless(resumed)).toEqual(timeless(whole));
    expect(sealed('f32-cut', 2).equals(sealed('f32-whole', 2))).toBe(true);
    // the float64 run of the same options differs (a different computation) and its checkpoint is refused
    const f64 = await runRecurrentTraining(options('f64-cut', { ...raw, precision: 'float64', epochs: '1' }));
    expect(f64.history[0].trainLoss).not.toBe(whole.history[0].trainLoss);
    await expect(runRecurrentTraining(options('f64-cut', { ...raw, epochs: '2', resume: true }))).rejects.toThrow(/other options/);
  });

  it('refuses to resume a run with other options, a finished run, or a damaged checkpoint', async () => {
    const raw: RawRecurrentTrainOptions = { units: '4', epochs: '1', batch: '10', limitTrain: '20', limitTest: '10' };
    await runRecurrentTraining(options('refuse', raw));
    await expect(runRecurrentTraining(options('refuse', { ...raw, units: '5', epochs: '2', resume: true }))).rejects.toThrow(/other options/);
    await expect(runRecurrentTraining(options('refuse', { ...raw, resume: true }))).rejects.toThrow(/--epochs/);
    const bin = join(dir, 'refuse', 'checkpoint-1-0.bin');
    const bytes = readFileSync(bin);
    bytes[bytes.length - 3] ^= 1;
    writeFileSync(bin, bytes);
    await expect(runRecurrentTraining(options('refuse', { ...raw, epochs: '2', resume: true }))).rejects.toBeInstanceOf(InputError);
  });

  it('stops with a RunFailure naming epoch and batch when the loss is not finite', async () => {
    // lr 1e300 with no clipping overflows the weights in the first steps.
    const run = runRecurrentTraining(options('diverge', { model: 'lstm', units: '4', epochs: '1', batch: '5', limitTrain: '20', limitTest: '5', lr: '1e300', clip: '0', optimizer: 'adam' }));
    await expect(run).rejects.toBeInstanceOf(RunFailure);
    await expect(run).rejects.toThrow(/epoch 1 at batch [2-4] of 4/);
  });
});
