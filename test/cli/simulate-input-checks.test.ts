import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../src/io/npy.ts';
import { SMALL_EXPERIMENT, simulateIn } from '../helpers/simulate-files.ts';
import { expectRefusal, runCli } from '../helpers/spawn-cli.ts';

/**
 * Issue #14's reproductions that `simulate` must refuse before any work (groups 4, 5 and 11):
 * exit 2 (3 for a solver that cannot advance), one stderr line without a stack trace, no result
 * file, within a time bound.
 */
const dir = mkdtempSync(join(tmpdir(), 'simulate-input-checks-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = SMALL_EXPERIMENT;
const { simulate, refused } = simulateIn(dir);

describe('simulate refuses malformed experiment files with one short line', () => {
  it('4. a 10,000-deep array as one weight, and a 10 MB string: one short line', async () => {
    const explicit = { ...small, weights: { up: [[[1, 2, 3], [1, 2, 3], [1, 2, 3], [1, 2, 3]], [[1, 2, 3, 4], [1, 2, 3, 4]]], down: [[[0, 0], [0, 0], [0, 0], [0, 0]]], selfPredicting: true } };
    const text = JSON.stringify(explicit);
    const deep = text.replace('[[1,2,3],', `[[1,${'['.repeat(10_000)}${']'.repeat(10_000)},3],`);
    await refused(deep, 2, /^error: weights\.up\[0\]\[0\]\[1\]: expected a finite number, got an array of 1$/);
    const long = text.replace('[[1,2,3],', `[[1,"${'x'.repeat(10_000_000)}",3],`);
    const r = await simulate(long);
    expectRefusal(r, 2, /^error: weights\.up\[0\]\[0\]\[1\]: expected a finite number, got "x{40}…"$/);
    expect(r.stderr.length).toBeLessThan(200);
  });

  it('5. a key given twice, named with its path', async () => {
    const text = JSON.stringify(small);
    await refused(`${text.slice(0, -1)},"seed":1,"seed":2}`, 2, /^error: .*exp-\d+\.json: the key seed appears twice in one object/);
    await refused(text.replace('"tPattern":20', '"tPattern":20,"tPattern":30'), 2, /the key protocol\.tPattern appears twice/);
  });

  it('11. 1e309 is "not a finite number"; an int64 .npy is named as such; usage errors exit 2', async () => {
    const text = JSON.stringify({ ...small, seed: 7 });
    await refused(text.replace('"tPattern":20', '"tPattern":1e309'), 2, /^error: protocol\.tPattern: not a finite number \(Infinity; a number beyond ±1\.8e308, such as 1e309, overflows float64\)$/);

    // an int64 .npy (NumPy's default integer) as a weight matrix: the message names <i8, not the int32 it was read into
    const npy = encodeNpy(new Float64Array(12), [4, 3]);
    const header = Buffer.from(npy.subarray(0, 128)).toString('latin1').replace("'<f8'", "'<i8'");
    writeFileSync(join(dir, 'int64.npy'), Buffer.concat([Buffer.from(header, 'latin1'), Buffer.alloc(96)]));
    const withNpy = { ...small, weights: { up: [{ npy: 'int64.npy' }, [[1, 2, 3, 4], [1, 2, 3, 4]]], down: [[[0, 0], [0, 0], [0, 0], [0, 0]]], selfPredicting: true } };
    await refused(withNpy, 2, /^error: weights\.up\[0\]\.npy: \S+int64\.npy holds <i8; expected float32 or float64 weights$/);

    const unknown = await runCli('simulate.ts', [join(dir, 'exp-1.json'), '--out', join(dir, 'u.json'), '--no-such-option']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^error: unknown option '--no-such-option'\n$/);
    const missing = await runCli('simulate.ts', [join(dir, 'exp-1.json')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("error: required option '--out <file>' not specified\n");
    expect(existsSync(join(dir, 'u.json'))).toBe(false);
  });
});
