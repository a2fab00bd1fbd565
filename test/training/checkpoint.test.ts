import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { decodeCheckpoint, encodeCheckpoint } from '../../src/io/checkpoint-file.ts';
import { runTraining } from '../../src/training/run-training.ts';
import { parseTrainOptions, type RawTrainOptions } from '../../src/training/train-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'train-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small Adam run (two epochs) of the steady-state microcircuit and a full-dynamics one. */
const steady: RawTrainOptions = { data: 'yinyang', model: 'microcircuit', optimizer: 'adam', lr: '0.003', limitTrain: '40', limitTest: '20', seed: '4' };
const full: RawTrainOptions = { data: 'yinyang', model: 'microcircuit', mode: 'full', limitTrain: '3', limitTest: '2', seed: '4' };
const train = (raw: RawTrainOptions, out: string, epochs: number, resume = false) => runTraining(parseTrainOptions({ ...raw, epochs: String(epochs), out, resume }));

/** A copy of a finished run's folder, to forge. */
let copies = 0;
function copyOf(source: string): string {
  const d = join(dir, `case-${copies++}`);
  cpSync(source, d, { recursive: true });
  return d;
}

const indexOf = (d: string) => JSON.parse(readFileSync(join(d, 'checkpoint.json'), 'utf8'));
const sealedPath = (d: string) => join(d, `checkpoint-${indexOf(d).epoch}.bin`);

/** Decodes the sealed file, lets `edit` change it, and seals it again: a deliberate forgery. */
function reseal(d: string, edit: (header: Record<string, any>, blocks: Record<string, Float64Array>) => void): void {
  const path = sealedPath(d);
  const contents = decodeCheckpoint(readFileSync(path), path);
  edit(contents.header, contents.blocks);
  writeFileSync(path, encodeCheckpoint(contents));
}

/** Every file of a folder and its bytes. */
const snapshot = (d: string) => Object.fromEntries(readdirSync(d).map((name) => [name, readFileSync(join(d, name)).toString('base64')]));

/** Resuming `d` is refused with an InputError whose message matches `message`, and nothing in `d` changes. */
async function refused(raw: RawTrainOptions, d: string, epochs: number, message: RegExp): Promise<void> {
  const before = snapshot(d);
  const error = await train(raw, d, epochs, true).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as Error).message).toMatch(message);
  expect((error as Error).message).not.toContain('\n');
  expect(snapshot(d)).toEqual(before);
}

const steadyRun = join(dir, 'steady');
const fullRun = join(dir, 'full');
beforeAll(async () => {
  await train(steady, steadyRun, 2);
  await train(full, fullRun, 1);
}, 60_000);

describe('training checkpoints', () => {
  it('are sealed: each of 32 flipped bits spread over the file (header and blocks) is refused, naming the file', async () => {
    const bytes = readFileSync(sealedPath(steadyRun));
    const d = copyOf(steadyRun);
    const path = sealedPath(d);
    let tried = 0;
    const stride = Math.floor((bytes.length * 8) / 32) | 1;
    for (let bit = 5; bit < bytes.length * 8; bit += stride) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3] ^= 1 << (bit & 7);
      writeFileSync(path, flipped);
      await expect(train(steady, d, 3, true)).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not a usable checkpoint`));
      tried++;
    }
    expect(tried).toBe(32);
  }, 60_000);

  it('refuses the old, unsealed format with one line: the file and "restart without --resume"', async () => {
    const d = copyOf(steadyRun);
    // the manifest of format 1: values in JSON, arrays native-endian in a separate file
    writeFileSync(join(d, 'checkpoint.json'), JSON.stringify({ format: 1, bin: 'checkpoint-2.bin', meta: { epoch: 2 }, arrays: [['up1', 3]] }));
    await refused(steady, d, 3, /checkpoint\.json: a training checkpoint of the old, unsealed format, .*; restart without --resume$/);
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', '--data', 'yinyang', '--model', 'microcircuit', '--optimizer', 'adam', '--lr', '0.003', '--limit-train', '40', '--limit-test', '20', '--seed', '4', '--epochs', '3', '--out', d, '--resume'], {
      encoding: 'utf8',
      env: { ...process.env, NO_PROGRESS: '1' },
    });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: .*checkpoint\.json: a training checkpoint of the old, unsealed format.*restart without --resume/);
  }, 30_000);

  it('refuses a resealed epoch + 3, whether or not the index was edited to match', async () => {
    const d = copyOf(steadyRun);
    reseal(d, (h) => (h.epoch += 3));
    await refused(steady, d, 8, /checkpoint-2\.bin: epoch: 5, but checkpoint\.json names epoch 2/);
    // a careful forger renames the file and edits the index too: the history still has 2 records
    const e = copyOf(steadyRun);
    reseal(e, (h) => (h.epoch += 3));
    renameSync(join(e, 'checkpoint-2.bin'), join(e, 'checkpoint-5.bin'));
    writeFileSync(join(e, 'checkpoint.json'), JSON.stringify({ ...indexOf(e), epoch: 5, trainSeconds: [1, 1, 1, 1, 1] }));
    await refused(steady, e, 8, /checkpoint-5\.bin: history: expected 5 records \(one per epoch\), got 2/);
  });

  it('refuses resealed values out of range or inconsistent with the run, naming the field', async () => {
    const cases: [string, (h: Record<string, any>, b: Record<string, Float64Array>) => void, RegExp][] = [
      ['a fractional epoch', (h) => (h.epoch = 1.5), /epoch: expected an integer from 1 to/],
      ['a history record of another epoch', (h) => (h.history[1].epoch = 7), /history\[1\]\.epoch: expected an integer from 2 to 2, got 7/],
      ['an error fraction above 1', (h) => (h.history[0].testError = 1.5), /history\[0\]\.testError: expected null or a number from 0 to 1, got 1\.5/],
      ['a missing error of a classification run', (h) => (h.history[0].trainError = null), /history\[0\]\.testError: a classification run records error fractions/],
      ['a negative loss', (h) => (h.history[1].trainLoss = -1), /history\[1\]\.trainLoss: expected a finite number ≥ 0, got -1/],
      ['an all-zero order stream', (h) => (h.order.words = [0, 0, 0, 0]), /order\.words: all four words are zero/],
      ['a weight matrix one entry short', (_, b) => (b.up1 = b.up1.subarray(1)), /up1: holds \d+ values, this run expects \d+/],
      ['a non-finite weight', (_, b) => (b.ip1[3] = Number.NaN), /ip1: entry 3 is NaN, expected a finite number/],
      ['an array this learner does not have', (_, b) => (b.up9 = new Float64Array(2)), /up9: this run has no such array/],
      ['another optimizer', (h) => (h.learner.optimizer.kind = 'sgd'), /learner\.optimizer\.kind: expected adam \(this run's optimizer\), got "sgd"/],
      ['a step count of 0', (h) => (h.learner.optimizer.steps[0][1] = 0), /learner\.optimizer\.steps\[0\]\[1\]: expected an integer from 1 to/],
      ['a slot the learner lacks', (h) => (h.learner.optimizer.steps[0][0] = 40), /learner\.optimizer\.steps\[0\]\[0\]: slot 40 is not a parameter array of this learner/],
      ['a negative second moment', (_, b) => (b['optimizer.v0'][0] = -1), /optimizer\.v0: entry 0 is -1, a second moment is ≥ 0/],
    ];
    for (const [what, edit, message] of cases) {
      const d = copyOf(steadyRun);
      reseal(d, edit);
      await refused(steady, d, 3, message).catch((e: Error) => {
        throw new Error(`${what}: ${e.message}`);
      });
    }
  });

  it('refuses an edited index', async () => {
    const d = copyOf(steadyRun);
    writeFileSync(join(d, 'checkpoint.json'), JSON.stringify({ ...indexOf(d), trainSeconds: [0.1, -3] }));
    await expect(train(steady, d, 3, true)).rejects.toThrow(/checkpoint\.json: trainSeconds: expected 2 finite wall times ≥ 0, one per epoch; restart without --resume/);
    writeFileSync(join(d, 'checkpoint.json'), '{"format": 2, "epoch": "2"');
    await expect(train(steady, d, 3, true)).rejects.toThrow(/checkpoint\.json: not a readable checkpoint index/);
  });

  it('refuses a full-dynamics state whose time and pattern count disagree', async () => {
    const d = copyOf(fullRun);
    reseal(d, (h) => (h.learner.patternCount += 1));
    await refused(full, d, 2, /learner\.t: 300 ms does not match 4 patterns of 100 ms/);
    const e = copyOf(fullRun);
    reseal(e, (_, b) => (b.state = b.state.subarray(0, 10)));
    await refused(full, e, 2, /state: holds 10 values, this run expects \d+/);
  });

  it('an untouched checkpoint still resumes', async () => {
    const d = copyOf(steadyRun);
    const r = await train(steady, d, 3, true);
    expect(r.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
  });
});
