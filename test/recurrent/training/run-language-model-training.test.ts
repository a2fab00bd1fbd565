import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunFailure } from '../../../src/core/run-failure.ts';
import { parseRecurrentTrainOptions, type RawRecurrentTrainOptions } from '../../../src/recurrent/training/recurrent-train-options.ts';
import { runLanguageModelTraining, type LanguageModelTrainingResult } from '../../../src/recurrent/training/run-language-model-training.ts';
import { StoppedForTest } from '../../../src/recurrent/training/run-recurrent-training.ts';

const dir = mkdtempSync(join(tmpdir(), 'lm-train-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// 640 training tokens in 4 rows, windows of 8 words: 20 windows per epoch
const tiny: RawRecurrentTrainOptions = { data: 'brown', units: '3', batch: '4', bptt: '8', limitTrain: '640', limitTest: '100', epochs: '2', seed: '2', lr: '0.01', optimizer: 'adam' };
const options = (name: string, raw: RawRecurrentTrainOptions) => parseRecurrentTrainOptions({ model: 'sublstm', out: join(dir, name), ...tiny, ...raw });
const timeless = (r: LanguageModelTrainingResult) => r.history.map(({ trainSeconds: _, ...h }) => h);

describe('runLanguageModelTraining on the Brown corpus', () => {
  let whole: LanguageModelTrainingResult;

  it('learns: training perplexity falls from near the vocabulary size, and the result and figure are written', async () => {
    whole = await runLanguageModelTraining(options('whole', { checkpointEvery: '10' }));
    const r = whole;
    expect(r.vocabulary).toBe(10002);
    expect(r.trainTokens).toBe(640);
    expect(r.validTokens).toBe(100);
    expect(r.layers).toBe(2);
    expect(r.embedding).toBe(3);
    expect(r.history).toHaveLength(2);
    expect(r.curve.every).toBe(1);
    expect(r.curve.words).toHaveLength(40);
    // the first window starts from a near-uniform softmax over 10,002 words
    expect(r.curve.perplexity[0]).toBeGreaterThan(5000);
    expect(r.history[1].trainPerplexity).toBeLessThan(r.history[0].trainPerplexity);
    // 40 Adam steps of lr 0.01 move each bias by at most about 0.4, yet the words seen get more
    // than half the uniform model's probability on held-out text
    expect(r.validPerplexity).toBeLessThan(10002 / 2);
    expect(r.testPerplexity).toBeLessThan(10002 / 2);
    expect(r.unigramTestPerplexity).toBeGreaterThan(1);
    expect(r.unigramTestPerplexity).toBeLessThan(10002);
    expect(r.parameters).toBe(10002 * 3 + 2 * 4 * 3 * (3 + 3 + 1) + 10002 * 3 + 10002);
    const result = JSON.parse(readFileSync(join(dir, 'whole', 'result.json'), 'utf8'));
    expect(result.testPerplexity).toBe(r.testPerplexity);
    expect(readFileSync(join(dir, 'whole', 'learning-curve.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('--resume after a stop within an epoch (carried states restored) is bit for bit an uninterrupted run', async () => {
    await expect(runLanguageModelTraining(options('cut', { checkpointEvery: '10' }), { stopAfter: { epoch: 1, batches: 10 } })).rejects.toBeInstanceOf(StoppedForTest);
    expect(existsSync(join(dir, 'cut', 'checkpoint-0-10.bin'))).toBe(true);
    const resumed = await runLanguageModelTraining(options('cut', { checkpointEvery: '10', resume: true }));
    expect(timeless(resumed)).toEqual(timeless(whole));
    expect(resumed.testPerplexity).toBe(whole.testPerplexity);
    expect(resumed.curve).toEqual(whole.curve);
    expect(readFileSync(join(dir, 'cut', 'checkpoint-2-0.bin')).equals(readFileSync(join(dir, 'whole', 'checkpoint-2-0.bin')))).toBe(true);
  });

  it('refuses to resume a run with other options', async () => {
    await expect(runLanguageModelTraining(options('whole', { epochs: '3', units: '4', resume: true }))).rejects.toThrow(/other options/);
  });

  it('stops with a RunFailure naming the epoch and window when the loss blows up', async () => {
    const run = runLanguageModelTraining(options('diverge', { lr: '1e300', clip: '0', epochs: '1' }));
    await expect(run).rejects.toBeInstanceOf(RunFailure);
    await expect(run).rejects.toThrow(/epoch 1 at window \d+ of 20/);
  });

  it('refuses too few tokens for the batch, naming the flag', async () => {
    await expect(runLanguageModelTraining(options('short', { limitTrain: '7' }))).rejects.toThrow(/--limit-train/);
    await expect(runLanguageModelTraining(options('short', { limitTest: '10' }))).rejects.toThrow(/--limit-test/);
  });
});
