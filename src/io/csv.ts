import { writeFileSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';
import { readInputText } from './read-input-file.ts';

/**
 * Numeric CSV tables, e.g. recordings brought from other simulators. One row per line, the same
 * number of values on each; blank lines and lines starting with '#' are skipped; '\r\n' is read
 * like '\n'. Values are decimal numbers (`1`, `-0.5`, `.5`, `2e-3`) or NaN/±Infinity spelled as
 * NumPy or JavaScript write them (`nan`, `inf`, `-inf`, `NaN`, `Infinity`), with spaces around
 * them allowed. An optional first row of column names may be double-quoted.
 */
export interface CsvTable {
  /** Column names, or null when the file has no header row. */
  header: string[] | null;
  rows: number;
  columns: number;
  /** rows × columns, row-major. */
  data: Float64Array;
}

export interface CsvReadOptions {
  /** true: the first row names the columns; false: it is data; 'auto' (default): a header if none of its fields is a number. */
  header?: boolean | 'auto';
  /** Field separator, one character; default ','. */
  delimiter?: string;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL: Record<string, number> = { nan: NaN, inf: Infinity, infinity: Infinity };

/** The number a field spells, or null when it spells none. */
function parseValue(field: string): number | null {
  const s = field.trim();
  if (DECIMAL.test(s)) return Number(s);
  const sign = s.startsWith('-') ? -1 : 1;
  const special = SPECIAL[s.replace(/^[+-]/, '').toLowerCase()];
  return special === undefined ? null : sign * special;
}

/** Parses CSV text; `source` names the file in errors, which also give line and column (1-based). */
export function parseCsv(text: string, source: string, options: CsvReadOptions = {}): CsvTable {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1) throw new InputError('delimiter', `expected one character, got ${JSON.stringify(delimiter)}`);
  const lines = text.split('\n');
  let header: string[] | null = null;
  let columns = -1;
  const values: number[] = [];

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const fields = line.split(delimiter);
    const where = `line ${i + 1}`;
    if (columns < 0) {
      columns = fields.length;
      const isHeader = options.header === 'auto' || options.header === undefined ? fields.every((f) => parseValue(f) === null) : options.header;
      if (isHeader) {
        header = fields.map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
        continue;
      }
    }
    if (fields.length !== columns) throw new InputError(source, `${where}: expected ${columns} values, got ${fields.length}`);
    for (let c = 0; c < fields.length; c++) {
      const value = parseValue(fields[c]);
      if (value === null) {
        const name = header ? ` (${header[c]})` : '';
        throw new InputError(source, `${where}, column ${c + 1}${name}: expected a number, got ${JSON.stringify(fields[c].trim())}`);
      }
      values.push(value);
    }
  }
  if (columns < 0) throw new InputError(source, 'no data: the file is empty');
  return { header, rows: values.length / columns, columns, data: Float64Array.from(values) };
}

/** Reads a CSV file; errors name `path`, and the line and column for a bad value. */
export function readCsv(path: string, options: CsvReadOptions = {}): CsvTable {
  const text = readInputText(path, 'file');
  return parseCsv(text, path, options);
}

/**
 * CSV text of a rows × columns row-major table, comma-separated, '\n' line ends, an optional
 * header row. Numbers are written in the shortest form that reads back to the same double.
 */
export function formatCsv(data: ArrayLike<number>, columns: number, header?: readonly string[]): string {
  if (!Number.isSafeInteger(columns) || columns < 1 || data.length % columns !== 0) {
    throw new InputError('columns', `${data.length} values do not make whole rows of ${columns}`);
  }
  if (header) {
    if (header.length !== columns) throw new InputError('header', `expected ${columns} column names, got ${header.length}`);
    const bad = header.find((h) => /[",\n\r]/.test(h));
    if (bad !== undefined) throw new InputError('header', `column name ${JSON.stringify(bad)} contains a comma, quote or line break`);
  }
  const out: string[] = header ? [header.join(',') + '\n'] : [];
  for (let r = 0; r < data.length; r += columns) {
    const row: string[] = new Array<string>(columns);
    for (let c = 0; c < columns; c++) row[c] = String(data[r + c]);
    out.push(row.join(',') + '\n');
  }
  return out.join('');
}

/** Writes a table as `formatCsv` spells it; errors name `path`. */
export function writeCsv(path: string, data: ArrayLike<number>, columns: number, header?: readonly string[]): void {
  const text = formatCsv(data, columns, header);
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(path, `cannot write the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}
