import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputFile, checkOutputFolder, makeFolder, sameFile } from '../../src/io/output-path.ts';
import { sweepStaleTemporaries, writeFileAtomic } from '../../src/io/write-file-atomic.ts';

const dir = mkdtempSync(join(tmpdir(), 'output-path-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'file.txt');
writeFileSync(file, 'input');

describe('output path checks', () => {
  it('accept new files, existing files, new folders, pipes and links, and leave nothing behind', () => {
    checkOutputFile(join(dir, 'new', 'deeper', 'x.json'), '--out');
    checkOutputFile(file, '--out');
    checkOutputFolder(join(dir, 'new-folder'), '--out');
    checkOutputFile('/dev/null', '--out');
    expect(readdirSync(dir)).toEqual(['file.txt']);
  });

  it('refuse folders, files on the way, inputs (also through a link) and empty paths', () => {
    expect(() => checkOutputFile(dir, '--out')).toThrow(/^--out: \S+ is a folder; expected a file path$/);
    expect(() => checkOutputFile(join(file, 'x.json'), '--out')).toThrow(/^--out: cannot write under \S+file\.txt: it is a file, not a folder$/);
    expect(() => checkOutputFolder(file, '--weights-npy')).toThrow(/^--weights-npy: \S+file\.txt is a file; expected a folder$/);
    const link = join(dir, 'link-to-input');
    symlinkSync(file, link);
    expect(sameFile(link, file)).toBe(true);
    expect(() => checkOutputFile(link, '--out', [{ path: file, what: 'the experiment file' }])).toThrow(/is the experiment file, an input of this run/);
    expect(() => checkOutputFile('', '--out')).toThrow('--out: expected a file path, got an empty string');
    expect(() => checkOutputFile('/proc/nope/x.json', '--out')).toThrow(/^--out: cannot write in \/proc \(/);
    rmSync(link);
  });

  it('makeFolder creates missing levels one by one and stops at /proc instead of looping', () => {
    makeFolder(join(dir, 'a', 'b', 'c'), '--out');
    expect(lstatSync(join(dir, 'a', 'b', 'c')).isDirectory()).toBe(true);
    expect(() => makeFolder('/proc/nope/deeper', '--out')).toThrow(/^--out: cannot create the folder \/proc\/nope \(/);
    expect(() => makeFolder(join(file, 'sub'), '--out')).toThrow(/is a file, not a folder/);
    rmSync(join(dir, 'a'), { recursive: true });
  });
});

describe('writeFileAtomic', () => {
  it('writes through a symbolic link (the link stays) and into a named pipe (it stays a pipe)', () => {
    const target = join(dir, 'target');
    const link = join(dir, 'link');
    writeFileSync(target, 'old');
    symlinkSync(target, link);
    writeFileAtomic(link, 'new');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('new');

    const fifo = join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // a reader in another process, then the write
    const read = join(dir, 'fifo.read');
    execFileSync('sh', ['-c', `cat '${fifo}' > '${read}' & sleep 0.2; exit 0`], { stdio: 'ignore', timeout: 5000 });
    writeFileAtomic(fifo, 'through the pipe');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    for (const p of [target, link, fifo]) rmSync(p);
  });

  it('sweeps the temporary files of dead processes only', () => {
    const out = join(dir, 'out.json');
    const dead = Number(execFileSync('sh', ['-c', 'sh -c "echo \\$\\$"'], { encoding: 'utf8' }).trim());
    writeFileSync(`${out}.${dead}.tmp`, 'stale');
    writeFileSync(`${out}.1.tmp`, 'pid 1 runs');
    writeFileSync(`${out}.notapid.tmp`, 'not ours');
    sweepStaleTemporaries(out);
    expect(existsSync(`${out}.${dead}.tmp`)).toBe(false);
    expect(existsSync(`${out}.1.tmp`)).toBe(true);
    expect(existsSync(`${out}.notapid.tmp`)).toBe(true);
  });

  it('reports a file on the way as an InputError without a second error from the clean-up', () => {
    expect(() => writeFileAtomic(join(file, 'x.json'), 'x')).toThrow(/^\S+x\.json: cannot create \S+: \S+file\.txt is a file, not a folder$/);
  });
});
