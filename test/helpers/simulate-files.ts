import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { expectRefusal, runCli, type CliRun } from './spawn-cli.ts';

/** A small noiseless 3-4-2 experiment of two 20 ms patterns, self-predicting: the base the refusal tests mutate. */
export const SMALL_EXPERIMENT = {
  dims: [3, 4, 2],
  weights: { init: { up: 1, down: 1, ip: 1, pi: 1 }, selfPredicting: true },
  protocol: { tPattern: 20, outputLag: 5, patterns: [{ input: [0.1, 0.5, 0.9], target: [0.2, -0.1] }, { input: [0.9, 0.5, 0.1] }] },
};

/**
 * `npm run simulate` on experiments written into `dir` (an object, or raw text), each with its own
 * result path; `refused` asserts a refusal (exit code, one line matching `message`) and that no
 * result file was written.
 */
export function simulateIn(dir: string) {
  let n = 0;
  async function simulate(experiment: unknown, ...extra: string[]): Promise<CliRun & { out: string }> {
    const file = join(dir, `exp-${++n}.json`);
    writeFileSync(file, typeof experiment === 'string' ? experiment : JSON.stringify(experiment));
    const out = join(dir, `result-${n}.json`);
    const r = await runCli('simulate.ts', [file, '--out', out, ...extra]);
    return { ...r, out };
  }
  async function refused(experiment: unknown, code: 2 | 3, message: RegExp, ...extra: string[]): Promise<void> {
    const r = await simulate(experiment, ...extra);
    expectRefusal(r, code, message);
    expect(existsSync(r.out)).toBe(false);
  }
  return { simulate, refused };
}
