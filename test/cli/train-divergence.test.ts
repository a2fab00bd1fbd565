import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from '../helpers/spawn-cli.ts';

/**
 * Issue #14 group 10 (and the train side of 6 and 11): divergence is exit 3 naming the epoch and
 * samples, a batch larger than the data and a file as the output folder are exit 2, usage errors
 * exit 2 — one stderr line each, no output folder written.
 */
const dir = mkdtempSync(join(tmpdir(), 'train-divergence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const teacher = ['--data', 'teacher', '--epochs', '1', '--limit-train', '20', '--limit-test', '10', '--quiet'];

describe('train stops or refuses with one line', () => {
  it('a learning rate of 1e30: exit 3 naming epoch and sample, in full dynamics and in a baseline', async () => {
    const full = join(dir, 'full');
    expectRefusal(await runCli('train.ts', [...teacher, '--model', 'microcircuit', '--mode', 'full', '--lr', '1e30', '--out', full]), 3, /^error: training diverged in epoch 1 at sample \d+ of 20: the state became non-finite at t = /);
    expect(existsSync(full)).toBe(false);
    const backprop = join(dir, 'backprop');
    expectRefusal(await runCli('train.ts', [...teacher, '--model', 'backprop', '--lr', '1e30', '--out', backprop]), 3, /^error: training diverged in epoch 1 at sample \d+ of 20: loss \S+ above 1e\+10; use a smaller learning rate \(--lr\)$/);
    expect(existsSync(backprop)).toBe(false);
  });

  it('--batch beyond the data, an output folder that is a file, an unknown option: exit 2', async () => {
    const out = join(dir, 'batch');
    expectRefusal(await runCli('train.ts', [...teacher, '--model', 'backprop', '--batch', '1e9', '--out', out]), 2, /^error: --batch: expected at most 20 \(the training samples\), got 1000000000$/);
    expect(existsSync(out)).toBe(false);
    const file = join(dir, 'a-file');
    writeFileSync(file, 'keep');
    expectRefusal(await runCli('train.ts', [...teacher, '--model', 'backprop', '--out', file]), 2, /^error: --out: \S+a-file is a file; expected a folder$/);
    const usage = await runCli('train.ts', ['--data', 'mnist', '--model', 'backprop', '--epochs', '1', '--bogus']);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toBe("error: unknown option '--bogus'\n");
  });
});
