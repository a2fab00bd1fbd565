import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { readInputBytes, readInputText, unreadableFile } from '../../src/io/read-input-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'read-input-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('reading a file the user named', () => {
  it('returns its bytes or its UTF-8 text', () => {
    const path = join(dir, 'a.txt');
    writeFileSync(path, 'µ1');
    expect(Array.from(readInputBytes(path, 'file'))).toEqual([0xc2, 0xb5, 0x31]);
    expect(readInputText(path, 'file')).toBe('µ1');
  });

  it('refuses a missing file or a folder with one InputError naming the path, what it was meant to be, and the code', () => {
    const missing = join(dir, 'missing.json');
    expect(() => readInputText(missing, 'experiment file')).toThrow(new InputError(missing, 'cannot read the experiment file (ENOENT)'));
    expect(() => readInputBytes(dir, 'checkpoint')).toThrow(`${dir}: cannot read the checkpoint (EISDIR)`);
    expect(unreadableFile('x.csv', 'file', new Error('no code')).message).toBe('x.csv: cannot read the file (no code)');
  });
});
