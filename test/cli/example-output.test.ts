import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from '../helpers/spawn-cli.ts';

/** Issue #14 group 6 for `example`: a file as the output folder and an empty --checkpoint-every are refused before any work. */
const dir = mkdtempSync(join(tmpdir(), 'example-output-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('example output checks', () => {
  it('refuses a file as --out and an empty --checkpoint-every, leaving the file as it was', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, 'keep');
    expectRefusal(await runCli('example.ts', ['association', '--quick', '--quiet', '--out', file]), 2, /^error: --out: \S+a-file is a file; expected a folder$/);
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expectRefusal(await runCli('example.ts', ['association', '--quick', '--quiet', '--out', join(dir, 'run'), '--checkpoint-every', '']), 2, /^error: --checkpoint-every: expected a whole number, got ""$/);
  });
});
