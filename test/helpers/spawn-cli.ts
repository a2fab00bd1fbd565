import { spawn } from 'node:child_process';
import { expect } from 'vitest';

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Wall milliseconds from spawn to exit. */
  ms: number;
}

/**
 * Runs `src/cli/<script>` with the given arguments as a user would (tsx, no progress output);
 * kills it after `killAfterMs` so that a hang fails the test instead of stalling the suite.
 */
export function runCli(script: string, args: readonly string[], killAfterMs = 45_000): Promise<CliRun> {
  const start = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `src/cli/${script}`, ...args], { env: { ...process.env, NO_PROGRESS: '1', DEBUG: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr, ms: performance.now() - start });
    });
  });
}

/**
 * The refusal contract (README "Reliability"): exit `code`, stderr one line starting `error: `
 * and matching `message`, no stack trace, nothing on stdout, within `withinMs`.
 */
export function expectRefusal(r: CliRun, code: 2 | 3, message: RegExp, withinMs = 30_000): void {
  expect(r.stderr.trimEnd()).toMatch(message);
  expect(r.status).toBe(code);
  expect(r.stderr.endsWith('\n')).toBe(true);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.stderr).toMatch(/^error: /);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.stdout).toBe('');
  expect(r.ms).toBeLessThan(withinMs);
}
