/**
 * Turns the array forms users hand to the analysis metrics into one row-major layout, checking
 * shape and finiteness on the way in so that the metrics themselves never see ragged rows or NaN.
 *
 * Accepted forms: nested arrays (`number[][]` for time × units, `number[][][]` for
 * trials × time × units) or a flat `Float64Array` with its shape (what the .npy / .csv loaders
 * return).
 */
import { InputError } from '../core/input-error.ts';
import type { DenseMatrix } from '../linalg/dense-matrix.ts';

/** A flat array and its shape, row-major (last index fastest), as loaded from .npy. */
export interface ShapedArray {
  readonly data: Float64Array;
  readonly shape: readonly number[];
}

/** time × units (one trial) or trials × time × units, nested or flat with a shape. */
export type ArrayInput = number[][] | number[][][] | ShapedArray;


/** A row-major trials × time × units array (units fastest). */
export interface TrialArray {
  readonly trials: number;
  readonly time: number;
  readonly units: number;
  readonly data: Float64Array;
}

/** Reads trials × time × units; a 2-D input is one trial. */
export function toTrialArray(input: ArrayInput, field: string): TrialArray {
  if (isShaped(input)) {
    const { data, shape } = input;
    if (shape.length !== 2 && shape.length !== 3) {
      throw new InputError(field, `expected a 2-D (time × units) or 3-D (trials × time × units) array, got shape [${shape.join(', ')}]`);
    }
    const [trials, time, units] = shape.length === 3 ? shape : [1, shape[0], shape[1]];
    checkDims(field, [trials, time, units]);
    if (data.length !== trials * time * units) {
      throw new InputError(field, `shape [${shape.join(', ')}] needs ${trials * time * units} values, got ${data.length}`);
    }
    checkFinite(field, data, time, units, shape.length === 3);
    return { trials, time, units, data };
  }
  if (!Array.isArray(input) || input.length === 0) throw new InputError(field, 'expected a non-empty array');
  const nested3 = Array.isArray(input[0]) && Array.isArray((input[0] as unknown[])[0]);
  const blocks = (nested3 ? input : [input]) as number[][][];
  const trials = blocks.length;
  const time = Array.isArray(blocks[0]) ? blocks[0].length : 0;
  const units = time > 0 && Array.isArray(blocks[0][0]) ? blocks[0][0].length : 0;
  checkDims(field, [trials, time, units]);
  const data = new Float64Array(trials * time * units);
  for (let k = 0; k < trials; k++) {
    const block = blocks[k];
    if (!Array.isArray(block) || block.length !== time) {
      throw new InputError(`${field}[${k}]`, `expected ${time} time steps like trial 0, got ${Array.isArray(block) ? block.length : typeof block}`);
    }
    for (let t = 0; t < time; t++) {
      const row = block[t];
      const at = nested3 ? `${field}[${k}][${t}]` : `${field}[${t}]`;
      if (!Array.isArray(row) || row.length !== units) {
        throw new InputError(at, `expected ${units} values like the first row, got ${Array.isArray(row) ? row.length : typeof row}`);
      }
      for (let i = 0; i < units; i++) {
        const v = row[i];
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new InputError(`${at}[${i}]`, `expected a finite number, got ${v}`);
        data[(k * time + t) * units + i] = v;
      }
    }
  }
  return { trials, time, units, data };
}

/** Reads samples × features; trials × time × units is flattened to (trials · time) × units. */
export function toMatrix(input: ArrayInput, field: string): DenseMatrix {
  const a = toTrialArray(input, field);
  return { rows: a.trials * a.time, cols: a.units, data: a.data };
}

/**
 * X and Y as sample matrices for a comparison of representations (CKA, Procrustes): the same
 * number of samples (rows) in each, and at least 2, so that their columns can be centred.
 */
export function pairedSamples(x: ArrayInput, y: ArrayInput): { readonly x: DenseMatrix; readonly y: DenseMatrix } {
  const xm = toMatrix(x, 'X');
  const ym = toMatrix(y, 'Y');
  if (xm.rows !== ym.rows) throw new InputError('Y', `expected ${xm.rows} samples (rows) like X, got ${ym.rows}`);
  if (xm.rows < 2) throw new InputError('X', 'needs at least 2 samples (rows) to centre');
  return { x: xm, y: ym };
}

function isShaped(input: ArrayInput): input is ShapedArray {
  return !Array.isArray(input) && typeof input === 'object' && input !== null && 'data' in input && 'shape' in input;
}

function checkDims(field: string, dims: number[]): void {
  if (dims.some((d) => !Number.isInteger(d) || d < 1)) {
    throw new InputError(field, `every dimension must be a positive integer, got [${dims.join(', ')}]`);
  }
}

function checkFinite(field: string, data: Float64Array, time: number, units: number, threeD: boolean): void {
  for (let j = 0; j < data.length; j++) {
    if (!Number.isFinite(data[j])) {
      const i = j % units;
      const t = Math.floor(j / units) % time;
      const k = Math.floor(j / (units * time));
      const at = threeD ? `[${k}][${t}][${i}]` : `[${t}][${i}]`;
      throw new InputError(`${field}${at}`, `expected a finite number, got ${data[j]}`);
    }
  }
}
