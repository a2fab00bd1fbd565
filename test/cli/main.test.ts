import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'start-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** `npm start -- …` as a process, with a bounded time. */
function start(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm start', () => {
  it('--quick --quiet --out DIR: report.md and its figures in DIR, one JSON line naming the report, nothing on stderr', () => {
    const out = join(dir, 'run');
    const r = start('--quick', '--quiet', '--seeds', '1', '--first-seed', '2', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    const line = JSON.parse(r.stdout.trim());
    expect(line.report).toBe(join(out, 'report.md'));
    expect(line.seeds).toBe(1);
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    for (const figure of report.matchAll(/\]\(([^)]+\.svg)\)/g)) expect(existsSync(join(out, figure[1]))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'regression', 'result.json'), 'utf8')).seeds.map((s: { seed: number }) => s.seed)).toEqual([2]);
  });

  it.each([
    [['--seeds', '0'], /^error: --seeds: expected a whole number ≥ 1, got "0"$/],
    [['--bogus'], /^error: unknown option '--bogus'$/],
  ])('%j: exit 2 with one line, before any work (the other bad flags: help-and-usage.test.ts)', (args, message) => {
    const out = join(dir, 'refused');
    const r = start('--quick', '--out', out, ...args);
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message);
    expect(existsSync(join(out, 'report.md'))).toBe(false);
  });

  it('through npm itself, as the issue typed it: `npm start -- --seeds 0` and `--quiet --bogus` exit 2 with one line on stderr (npm\'s banner goes to stdout)', () => {
    for (const [args, message] of [
      [['--seeds', '0'], /^error: --seeds: expected a whole number ≥ 1, got "0"$/],
      [['--quiet', '--bogus'], /^error: unknown option '--bogus'$/],
    ] as const) {
      const r = spawnSync('npm', ['start', '--', ...args], { encoding: 'utf8', timeout: 60_000 });
      expect(r.status).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  }, 120_000);
});

