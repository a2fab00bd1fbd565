import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { expectRefusal, runCli } from '../helpers/spawn-cli.ts';

/**
 * Issue #14 groups 6 and 7 through the simulate CLI: every output path is checked before the run
 * (nothing written, nothing replaced), pipes and links are written through, stale temporary
 * files of dead processes are swept, and a named pipe as a .npy input is refused at once.
 */
const dir = mkdtempSync(join(tmpdir(), 'simulate-paths-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = {
  dims: [3, 4, 2],
  weights: { init: { up: 1, down: 1, ip: 1, pi: 1 }, selfPredicting: true },
  protocol: { tPattern: 20, outputLag: 5, patterns: [{ input: [0.1, 0.5, 0.9], target: [0.2, -0.1] }, { input: [0.9, 0.5, 0.1] }] },
};
const experimentPath = join(dir, 'exp.json');
const experimentText = JSON.stringify(small);
writeFileSync(experimentPath, experimentText);
const aFile = join(dir, 'a-file');
writeFileSync(aFile, 'keep me');

/** Every file of the folder with its content: what "nothing written or replaced" compares. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, lstatSync(join(dir, name)).isFile() ? readFileSync(join(dir, name), 'latin1') : 'special']));
}

describe('simulate output paths', () => {
  it('refuses, before any work and without writing anything, outputs that cannot be written or are inputs', async () => {
    const before = snapshot();
    const cases: [string[], RegExp][] = [
      [['--out', join(aFile, 'x.json')], /^error: --out: cannot write under \S+a-file: it is a file, not a folder$/],
      [['--out', '/proc/nope/x.json'], /^error: --out: cannot write in \/proc \(/],
      [['--out', join(dir, 'r.json'), '--weights-npy', '/proc/nope'], /^error: --weights-npy: cannot write in \/proc \(/],
      [['--out', experimentPath], /^error: --out: \S+exp\.json is the experiment file, an input of this run; choose another output path$/],
      [['--out', join(dir, 'r.json'), '--checkpoint-every', ''], /^error: --checkpoint-every: expected a whole number, got ""$/],
    ];
    for (const [args, message] of cases) expectRefusal(await runCli('simulate.ts', [experimentPath, ...args]), 2, message);
    // a recording sink that points at the experiment file
    const sinkAtInput = join(dir, 'sink-at-input.json');
    const sinkText = JSON.stringify({ ...small, record: { every: 1, probes: [{ population: 'pyramidal', layer: 2, variable: 'soma' }], sink: { format: 'csv', path: 'sink-at-input.json' } } });
    writeFileSync(sinkAtInput, sinkText);
    expectRefusal(await runCli('simulate.ts', [sinkAtInput, '--out', join(dir, 'r.json')]), 2, /^error: record\.sink\.path: \S+sink-at-input\.json is the experiment file, an input of this run/);
    expect(readFileSync(sinkAtInput, 'utf8')).toBe(sinkText);
    expect(snapshot()).toEqual({ ...before, 'sink-at-input.json': sinkText });
  });

  it('writes through a symbolic link, a named pipe and /dev/null instead of replacing them', async () => {
    const target = join(dir, 'target.json');
    writeFileSync(target, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(target, link);
    const viaLink = await runCli('simulate.ts', [experimentPath, '--out', link]);
    expect(viaLink.status).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(target, 'utf8')).outputs).toHaveLength(2);

    const fifo = join(dir, 'out.fifo');
    execFileSync('mkfifo', [fifo]);
    // a reader on the pipe, as `simulate … --out >(jq …)` would have
    const reader = spawn('sh', ['-c', `cat '${fifo}' > '${fifo}.read'`], { stdio: 'ignore' });
    const readerDone = new Promise((resolve) => reader.on('close', resolve));
    const viaFifo = await runCli('simulate.ts', [experimentPath, '--out', fifo]);
    if (viaFifo.status !== 0) reader.kill();
    expect(viaFifo.status).toBe(0);
    await readerDone;
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(JSON.parse(readFileSync(`${fifo}.read`, 'utf8')).outputs).toHaveLength(2);

    const devNull = await runCli('simulate.ts', [experimentPath, '--out', '/dev/null']);
    expect(devNull.status).toBe(0);
    expect(lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  it('removes the temporary files of a killed writer (a dead process id) and keeps a live one', async () => {
    const out = join(dir, 'swept.json');
    // a process that has exited: its id is free
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
    writeFileSync(`${out}.${dead}.tmp`, 'half a result');
    writeFileSync(`${out}.${process.pid}.tmp`, 'a live writer');
    const r = await runCli('simulate.ts', [experimentPath, '--out', out]);
    expect(r.status).toBe(0);
    expect(existsSync(`${out}.${dead}.tmp`)).toBe(false);
    expect(existsSync(`${out}.${process.pid}.tmp`)).toBe(true);
    expect(JSON.parse(readFileSync(out, 'utf8')).outputs).toHaveLength(2);
  });

  it('7. refuses a named pipe given as a .npy weight file at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'weights.npy');
    execFileSync('mkfifo', [fifo]);
    const exp = join(dir, 'fifo-exp.json');
    writeFileSync(exp, JSON.stringify({ ...small, weights: { up: [{ npy: 'weights.npy' }, [[1, 2, 3, 4], [1, 2, 3, 4]]], down: [[[0, 0], [0, 0], [0, 0], [0, 0]]], selfPredicting: true } }));
    const out = join(dir, 'fifo-result.json');
    const r = await runCli('simulate.ts', [exp, '--out', out]);
    expectRefusal(r, 2, /^error: \S+weights\.npy: not a regular file \(a named pipe, device or folder\); give a \.npy file$/);
    expect(existsSync(out)).toBe(false);
  });
});
