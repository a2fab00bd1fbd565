import { isAbsolute, resolve } from 'node:path';
import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { assertFinite, npyToFloat64, readNpy } from '../io/npy.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';

/**
 * A matrix given in an experiment file: rows of numbers, or `{ "npy": path }` with the path
 * relative to the experiment file. Checks the shape (rows × cols) and that every value is finite.
 */
export function resolveMatrix(value: unknown, field: string, rows: number, cols: number, baseDir: string): DenseMatrix {
  if (Array.isArray(value)) return fromRows(value, field, rows, cols);
  if (typeof value === 'object' && value !== null && 'npy' in value) {
    const keys = Object.keys(value);
    const extra = keys.find((k) => k !== 'npy');
    if (extra !== undefined) throw new InputError(`${field}.${extra}`, 'unknown field; a file matrix is { "npy": "path.npy" }');
    const path = (value as { npy: unknown }).npy;
    if (typeof path !== 'string' || path === '') throw new InputError(`${field}.npy`, 'expected the path of a .npy file');
    return fromNpy(isAbsolute(path) ? path : resolve(baseDir, path), field, rows, cols);
  }
  throw new InputError(field, `expected a ${rows}×${cols} matrix as rows of numbers or { "npy": "path.npy" }`);
}

function fromRows(value: unknown[], field: string, rows: number, cols: number): DenseMatrix {
  const widths = value.map((r) => (Array.isArray(r) ? r.length : -1));
  const bad = widths.findIndex((w) => w < 0);
  if (bad >= 0) throw new InputError(`${field}[${bad}]`, `expected a row of ${cols} numbers`);
  const uniform = widths.every((w) => w === widths[0]);
  if (value.length !== rows || (uniform && widths[0] !== cols)) {
    const got = uniform ? `${value.length}×${widths[0] ?? 0}` : `${value.length} rows of unequal length`;
    throw new InputError(field, `expected ${rows}×${cols} matrix, got ${got}`);
  }
  const data = new Float64Array(rows * cols);
  value.forEach((row, i) => {
    const r = row as unknown[];
    if (r.length !== cols) throw new InputError(`${field}[${i}]`, `expected a row of ${cols} numbers, got ${r.length}`);
    r.forEach((x, j) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) {
        throw new InputError(`${field}[${i}][${j}]`, typeof x === 'number' ? excerpt(x) : `expected a finite number, got ${excerpt(x)}`);
      }
      data[i * cols + j] = x;
    });
  });
  return { rows, cols, data };
}

function fromNpy(path: string, field: string, rows: number, cols: number): DenseMatrix {
  const a = readNpy(path);
  if (!a.dtype.startsWith('<f')) throw new InputError(`${field}.npy`, `${path} holds ${a.fileDtype}; expected float32 or float64 weights`);
  if (a.shape.length !== 2 || a.shape[0] !== rows || a.shape[1] !== cols) {
    throw new InputError(field, `expected ${rows}×${cols} matrix, got shape (${a.shape.join(', ')}) in ${path}`);
  }
  const data = npyToFloat64(a);
  assertFinite(data, `${field} (${path})`);
  return { rows, cols, data: data === a.data ? Float64Array.from(data) : data };
}
