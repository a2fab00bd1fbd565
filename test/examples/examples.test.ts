import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');

/** Runs a user script as a user would (`npx tsx file`), importing the package by its name. */
function runScript(file: string): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return r.stdout;
}

/** The ```ts blocks of the README. */
function readmeCodeBlocks(): string[] {
  const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe('examples/ (the scripts the README shows)', () => {
  it('the README shows examples/scripting.ts, safe-streams.ts and two-population-circuit.ts exactly as they are, and no other TypeScript', () => {
    const blocks = readmeCodeBlocks();
    const files = ['examples/scripting.ts', 'examples/safe-streams.ts', 'examples/two-population-circuit.ts'];
    expect(blocks).toHaveLength(files.length);
    for (const file of files) {
      expect(blocks).toContain(readFileSync(resolve(ROOT, file), 'utf8'));
    }
  });

  it('scripting.ts runs a noisy learning microcircuit and records a frame every 1 ms from 0 to 200 ms', () => {
    const out = runScript('examples/scripting.ts');
    expect(out.split('\n').filter((l) => /^[01] -?\d/.test(l))).toHaveLength(2);
    expect(out).toMatch(/^201 /m);
  });

  it('safe-streams.ts: snapshots kept by toArray, sampled on simulated time, are the frames at 0, 1 and 2 ms', () => {
    expect(runScript('examples/safe-streams.ts')).toBe('[ 0, 1, 2 ]\n');
  });

  it('two-population-circuit.ts: every integrator reaches the same fixed point, within 1e-4', () => {
    const out = runScript('examples/two-population-circuit.ts');
    const rows = [...out.matchAll(/^(\w+)\s+u_E\(200 ms\) = (\S+)\s+u_I = (\S+)\s+frames: (\d+)$/gm)];
    expect(rows.map((r) => r[1])).toEqual(['euler', 'expEuler', 'rk4', 'odex']);
    for (const r of rows) {
      expect(Number(r[4])).toBe(21);
      expect(Math.abs(Number(r[2]) - Number(rows[3][2]))).toBeLessThan(1e-4);
      expect(Math.abs(Number(r[3]) - Number(rows[3][3]))).toBeLessThan(1e-4);
    }
  });
});
