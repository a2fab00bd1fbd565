import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatCsv, parseCsv, readCsv, writeCsv } from '../../src/io/csv.ts';

const dir = mkdtempSync(join(tmpdir(), 'csv-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CSV', () => {
  it('round-trips doubles exactly, with and without a header', () => {
    const data = new Float64Array([0.1, -2.5e-300, 1 / 3, 12345678901234567, NaN, -Infinity]);
    const path = join(dir, 'a.csv');
    writeCsv(path, data, 3, ['t', 'u_soma', 'v_basal']);
    const table = readCsv(path);
    expect(table.header).toEqual(['t', 'u_soma', 'v_basal']);
    expect([table.rows, table.columns]).toEqual([2, 3]);
    expect(Array.from(table.data)).toEqual(Array.from(data));

    const bare = parseCsv(formatCsv(data, 2), 'b.csv');
    expect(bare.header).toBeNull();
    expect([bare.rows, bare.columns]).toEqual([3, 2]);
    expect(Array.from(bare.data)).toEqual(Array.from(data));
  });

  it('reads what other tools write: CRLF, spaces, quoted names, comments, nan/inf, other delimiters', () => {
    const text = '# recorded by another simulator\r\n"time", "rate"\r\n0, 1.5\r\n\r\n.5 ,-inf\r\n1e-3,nan\r\n';
    const t = parseCsv(text, 'r.csv');
    expect(t.header).toEqual(['time', 'rate']);
    expect(Array.from(t.data)).toEqual([0, 1.5, 0.5, -Infinity, 0.001, NaN]);
    const tabs = parseCsv('1\t2\n3\t+inf\n', 't.tsv', { delimiter: '\t' });
    expect(Array.from(tabs.data)).toEqual([1, 2, 3, Infinity]);
    // header: true takes a numeric first row as names; header: false insists it is data.
    expect(parseCsv('1,2\n3,4\n', 'h.csv', { header: true }).header).toEqual(['1', '2']);
    expect(() => parseCsv('a,b\n3,4\n', 'h.csv', { header: false })).toThrow('h.csv: line 1, column 1: expected a number, got "a"');
    expect(parseCsv('x,y\n', 'only-header.csv')).toEqual({ header: ['x', 'y'], rows: 0, columns: 2, data: new Float64Array(0) });
  });

  it('errors name the file, line and column', () => {
    expect(() => parseCsv('a,b\n1,2\n3,x4\n', 'rec.csv')).toThrow('rec.csv: line 3, column 2 (b): expected a number, got "x4"');
    expect(() => parseCsv('1,2\n3\n', 'rec.csv')).toThrow('rec.csv: line 2: expected 2 values, got 1');
    expect(() => parseCsv('1,,2\n', 'rec.csv')).toThrow('rec.csv: line 1, column 2: expected a number, got ""');
    expect(() => parseCsv('1,0x10\n', 'rec.csv')).toThrow('rec.csv: line 1, column 2: expected a number, got "0x10"');
    expect(() => parseCsv('\n# nothing\n', 'empty.csv')).toThrow('empty.csv: no data: the file is empty');
    expect(() => readCsv(join(dir, 'missing.csv'))).toThrow(`${join(dir, 'missing.csv')}: cannot read the file (ENOENT)`);
    const path = join(dir, 'bad.csv');
    writeFileSync(path, 'u\n1\n2\n?\n');
    expect(() => readCsv(path)).toThrow(`${path}: line 4, column 1 (u): expected a number, got "?"`);
  });

  it('formatCsv rejects tables that are not whole rows and names it cannot write back', () => {
    expect(() => formatCsv([1, 2, 3], 2)).toThrow('columns: 3 values do not make whole rows of 2');
    expect(() => formatCsv([1, 2], 2, ['a'])).toThrow('header: expected 2 column names, got 1');
    expect(() => formatCsv([1, 2], 2, ['a', 'b,c'])).toThrow('header: column name "b,c" contains a comma, quote or line break');
  });
});
