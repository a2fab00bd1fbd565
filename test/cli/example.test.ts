import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'example-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function example(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/example.ts', ...args], { encoding: 'utf8', env: { ...process.env, NO_PROGRESS: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run example', () => {
  it('--first-seed K --seeds N runs seeds K … K+N−1', () => {
    const out = join(dir, 'assoc');
    const r = example('association', '--quick', '--first-seed', '4', '--seeds', '2', '--out', out);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim().split('\n').at(-1)!).experiment).toBe('association');
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')).seeds.map((s: { seed: number }) => s.seed)).toEqual([4, 5]);
  });

  it('refuses a bad --first-seed or --seeds in one line naming the option', () => {
    for (const [flag, value] of [['--first-seed', '-1'], ['--first-seed', '1.5'], ['--seeds', '0']]) {
      const r = example('association', '--quick', flag, value, '--out', join(dir, 'bad'));
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toContain(flag);
    }
  });
});
