import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { runTraining } from '../../src/training/run-training.ts';
import { parseTrainOptions, type RawTrainOptions } from '../../src/training/train-options.ts';

const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** runTraining in this process, from command-line-like options. */
function trainHere(raw: RawTrainOptions) {
  return runTraining(parseTrainOptions({ ...raw }));
}

function train(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...args], { encoding: 'utf8', env: { ...process.env, NO_PROGRESS: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** An IDX file: big-endian magic, sizes, then bytes. */
function idx(path: string, magic: number, sizes: number[], body: Uint8Array): void {
  const header = Buffer.alloc(4 + 4 * sizes.length);
  header.writeUInt32BE(magic, 0);
  sizes.forEach((s, i) => header.writeUInt32BE(s, 4 + 4 * i));
  writeFileSync(path, Buffer.concat([header, body]));
}

/** An MNIST-style folder of n 3×3 images per split, labels 0…2 (the image's brightest third). */
function idxFolder(name: string, n = 12): string {
  const d = join(dir, name);
  mkdirSync(d, { recursive: true });
  for (const stem of ['train', 't10k']) {
    const pixels = new Uint8Array(n * 9);
    const labels = new Uint8Array(n);
    for (let s = 0; s < n; s++) {
      labels[s] = s % 3;
      for (let p = 0; p < 3; p++) pixels[s * 9 + 3 * labels[s] + p] = 255;
    }
    idx(join(d, `${stem}-images-idx3-ubyte`), 0x803, [n, 3, 3], pixels);
    idx(join(d, `${stem}-labels-idx1-ubyte`), 0x801, [n], labels);
  }
  return d;
}

describe('npm run train', () => {
  it('trains a regression baseline on the teacher: stdout line with testMse, result.json, learning curve, checkpoint', () => {
    const out = join(dir, 'teacher');
    const r = train('--data', 'teacher', '--model', 'backprop', '--epochs', '2', '--seed', '1', '--limit-train', '300', '--limit-test', '50', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line.epochs).toBe(2);
    expect(line.testMse).toBeGreaterThan(0);
    expect(line.samplesPerSecond).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.history).toHaveLength(2);
    expect(result.testAccuracy).toBeNull();
    // the learner beats predicting zero: the teacher's targets have mean square ≫ this MSE
    expect(result.history[1].testMse).toBeLessThan(result.history[0].testMse);
    expect(readFileSync(join(out, 'learning-curve.svg'), 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  });

  it('classifies an IDX folder and reports testAccuracy', async () => {
    const r = await trainHere({ data: `idx:${idxFolder('tiny')}`, model: 'shallow', epochs: '1', out: join(dir, 'idx-run'), lr: '0.05' });
    expect(r.data).toBe(`idx:${join(dir, 'tiny')}`);
    expect(r.setup.dims).toEqual([9, 500, 500, 3]);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);
  });

  const resumeCases: [string, RawTrainOptions][] = [
    ['steady-state microcircuit with Adam', { data: 'yinyang', model: 'microcircuit', optimizer: 'adam', lr: '0.003', limitTrain: '200', limitTest: '50' }],
    ['full-dynamics microcircuit', { data: 'yinyang', model: 'microcircuit', mode: 'full', limitTrain: '6', limitTest: '4' }],
    // The learner's state is written back through Microcircuit.setState, which refreshes the float32 copies.
    ['full-dynamics microcircuit in float32', { data: 'yinyang', model: 'microcircuit', mode: 'full', precision: 'float32', limitTrain: '6', limitTest: '4' }],
  ];
  for (const [what, raw] of resumeCases) {
    it(`--resume continues a ${what} bit for bit like an uninterrupted run`, async () => {
      const whole = join(dir, `whole-${what}`);
      const split = join(dir, `split-${what}`);
      await trainHere({ ...raw, epochs: '3', seed: '2', out: whole });
      await trainHere({ ...raw, epochs: '1', seed: '2', out: split });
      await trainHere({ ...raw, epochs: '3', seed: '2', out: split, resume: true });
      // weights, optimizer moments (or the whole ODE state) are equal to the last bit
      expect(readFileSync(join(split, 'checkpoint-3.bin')).equals(readFileSync(join(whole, 'checkpoint-3.bin')))).toBe(true);
      const strip = (path: string) => JSON.parse(readFileSync(path, 'utf8')).history.map(({ trainSeconds, ...h }: { trainSeconds: number }) => h);
      expect(strip(join(split, 'result.json'))).toEqual(strip(join(whole, 'result.json')));
      // a checkpoint of other options is refused
      await expect(trainHere({ ...raw, epochs: '4', seed: '3', out: split, resume: true })).rejects.toThrow(/^--resume: the checkpoint in .* belongs to a run with other options/);
    });
  }

  it('answers bad input with one line naming the problem and exit code 2', async () => {
    const good = idxFolder('good');
    const truncated = idxFolder('truncated');
    writeFileSync(join(truncated, 'train-images-idx3-ubyte'), readFileSync(join(truncated, 'train-images-idx3-ubyte')).subarray(0, 50));
    const magic = idxFolder('magic');
    idx(join(magic, 'train-labels-idx1-ubyte'), 0x803, [12], new Uint8Array(12));
    const mismatch = idxFolder('mismatch');
    idx(join(mismatch, 't10k-labels-idx1-ubyte'), 0x801, [11], new Uint8Array(11));
    const missing = join(dir, 'missing');
    mkdirSync(missing, { recursive: true });
    const base = ['--model', 'backprop', '--epochs', '1', '--out', join(dir, 'never')];
    const cases: [string[], RegExp][] = [
      [['--data', `idx:${missing}`, ...base], /^error: .*missing: missing train-images-idx3-ubyte/],
      [['--data', `idx:${truncated}`, ...base], /^error: .*train-images-idx3-ubyte: truncated: 12×3×3 images need 108 bytes of data, the file has 34/],
      [['--data', `idx:${magic}`, ...base], /^error: .*train-labels-idx1-ubyte: wrong magic number 0x00000803, expected 0x00000801/],
      [['--data', `idx:${mismatch}`, ...base], /^error: .*t10k-labels-idx1-ubyte: 11 labels for 12 images/],
      [['--data', 'cifar', ...base], /^error: --data: unknown data set "cifar"; expected mnist, yinyang, teacher or idx:PATH/],
      [['--data', `idx:${good}`, '--model', 'perceptron', '--epochs', '1'], /^error: --model: unknown value "perceptron"; expected one of microcircuit, backprop, fa, shallow/],
      [['--data', 'yinyang', '--model', 'backprop', '--epochs', '0'], /^error: --epochs: expected a positive integer, got "0"/],
      [['--data', 'yinyang', '--model', 'backprop', '--epochs', '-3'], /^error: --epochs: expected a positive integer, got "-3"/],
      [['--data', 'yinyang', '--model', 'backprop'], /^error: --epochs: missing; expected a positive integer/],
      [['--data', 'yinyang', '--model', 'backprop', '--mode', 'full', '--epochs', '1'], /^error: --mode: full dynamics exist only for --model microcircuit, not backprop/],
    ];
    for (const [args, message] of cases) {
      const raw: Record<string, string> = {};
      for (let i = 0; i < args.length; i += 2) raw[args[i].slice(2)] = args[i + 1];
      const run = async () => trainHere(raw as RawTrainOptions);
      await expect(run()).rejects.toThrow(InputError);
      await expect(run()).rejects.toThrow(new RegExp(message.source.replace('^error: ', '^')));
    }
    // through the command line: one line on stderr, exit code 2, nothing on stdout
    const r = train('--data', `idx:${magic}`, ...base);
    expect(r.stderr).toMatch(cases[2][1]);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
