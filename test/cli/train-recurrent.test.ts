import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'train-recurrent-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The command in a child process (asynchronously, so the test worker stays responsive). */
function train(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/cli/train.ts', ...args], { encoding: 'utf8', env: { ...process.env, NO_PROGRESS: '1' } }, (error, stdout, stderr) => {
      resolve({ status: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

const tiny = ['--data', 'row-mnist', '--units', '4', '--epochs', '1', '--batch', '10', '--limit-train', '20', '--limit-test', '10'];

describe('npm run train on the sequence tasks', () => {
  it('prints one JSON line and writes result.json, learning-curve.svg and a checkpoint', async () => {
    const out = join(dir, 'row');
    const r = await train(...tiny, '--model', 'fix-sublstm', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ data: 'row-mnist', model: 'fix-sublstm', units: 4, epochs: 1, out });
    expect(line.testAccuracy).toBeCloseTo(1 - line.testError, 12);
    expect(line.samplesPerSecond).toBeGreaterThan(0);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.testAccuracy).toBe(line.testAccuracy);
    expect(result.settings).toMatchObject({ optimizer: 'rmsprop', lr: 0.001, batch: 10, clip: 1, momentum: 0.9 });
    expect(readFileSync(join(out, 'learning-curve.svg'), 'utf8')).toMatch(/^<svg/);
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  }, 30_000);

  it('refuses bad input with exit 2 and one line naming the flag', async () => {
    const r = await train(...tiny, '--model', 'lstm', '--layers', '2', '--out', join(dir, 'refused'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --layers: an option of --data brown only/);
    expect(r.stdout).toBe('');
  }, 30_000);

  it('trains a Brown language model: one JSON line with perplexities, result.json and a checkpoint', async () => {
    const out = join(dir, 'brown');
    const r = await train('--data', 'brown', '--model', 'sublstm', '--units', '3', '--epochs', '1', '--batch', '4', '--bptt', '8', '--limit-train', '400', '--limit-test', '60', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toMatchObject({ data: 'brown', model: 'sublstm', units: 3, layers: 2, epochs: 1, out });
    // a barely trained model over 10,002 words: perplexities between 1 and far above 1,000
    for (const key of ['testPerplexity', 'validPerplexity', 'trainPerplexity']) expect(line[key]).toBeGreaterThan(1000);
    const result = JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'));
    expect(result.testPerplexity).toBe(line.testPerplexity);
    expect(result.settings).toMatchObject({ optimizer: 'rmsprop', lr: 0.001, batch: 4, clip: 1, evalBatch: 10 });
    expect(existsSync(join(out, 'checkpoint.json'))).toBe(true);
  }, 60_000);

  it('exits 3 naming epoch and batch when training diverges', async () => {
    const r = await train(...tiny, '--model', 'lstm', '--lr', '1e300', '--clip', '0', '--optimizer', 'adam', '--batch', '5', '--out', join(dir, 'diverged'));
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error: training diverged in epoch 1 at batch \d of 4/);
  }, 30_000);
});
