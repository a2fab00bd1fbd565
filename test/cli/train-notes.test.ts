import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SHORT_MNIST_SAMPLES, trainNotes } from '../../src/cli/train-notes.ts';
import { parseTrainOptions, type RawTrainOptions } from '../../src/training/train-options.ts';
import { resolveSetup } from '../../src/training/training-setup.ts';

const dir = mkdtempSync(join(tmpdir(), 'train-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const notes = (raw: RawTrainOptions) => trainNotes(parseTrainOptions({ epochs: '1', ...raw }));

describe('trainNotes', () => {
  it('--mode full: says what one sample costs, from the setup the run uses', () => {
    const options = parseTrainOptions({ data: 'mnist', model: 'microcircuit', mode: 'full', epochs: '1' });
    const full = resolveSetup(options, 784, 10).full!;
    const [note] = trainNotes(options);
    expect(note).toContain(`${full.tPattern} ms of model time (${(full.tPattern / full.dt).toLocaleString('en-US')} Euler steps of ${full.dt} ms)`);
    expect(notes({ data: 'yinyang', model: 'microcircuit' })).toEqual([]);
  });

  it('a steady-state MNIST run of fewer than SHORT_MNIST_SAMPLES samples is called short, with the count', () => {
    expect(notes({ data: 'mnist', model: 'microcircuit', epochs: '2', limitTrain: '1000' })).toEqual([expect.stringMatching(/^train: a short run \(2,000 training samples\): on MNIST/)]);
    expect(notes({ data: 'mnist', model: 'backprop', epochs: '7', limitTrain: '1000' })).toHaveLength(1);
    expect(notes({ data: 'mnist', model: 'backprop', epochs: String(SHORT_MNIST_SAMPLES / 1000), limitTrain: '1000' })).toEqual([]);
    expect(notes({ data: 'mnist', model: 'shallow' })).toEqual([]);
    expect(notes({ data: 'yinyang', model: 'backprop', limitTrain: '10' })).toEqual([]);
  });

  it('npm run train --mode full prints the note on stderr before anything else; --quiet prints nothing', () => {
    const args = ['--data', 'yinyang', '--model', 'microcircuit', '--mode', 'full', '--epochs', '1', '--limit-train', '2', '--limit-test', '1'];
    const run = (...extra: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...args, ...extra], { encoding: 'utf8', timeout: 120_000, env: { ...process.env, NO_PROGRESS: '' } });
    const loud = run('--out', join(dir, 'loud'));
    expect(loud.status).toBe(0);
    expect(loud.stderr.split('\n')[0]).toMatch(/^train: --mode full simulates every sample for 100 ms of model time/);
    const quiet = run('--out', join(dir, 'quiet'), '--quiet');
    expect(quiet.status).toBe(0);
    expect(quiet.stderr).toBe('');
  }, 240_000);
});
