import { readFileSync, statSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';
import { unreadableFile } from './read-input-file.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/**
 * NumPy `.npy` files (format spec: numpy/lib/format.py). Reading accepts header versions 1.0, 2.0
 * and 3.0, C order, floats and integers of either byte order; the data come back in a native typed
 * array and `dtype` names what that array holds, little-endian ('<f8', '<f4', '<i4', '|u1', …).
 * int64/uint64 files (NumPy's default integer) are read into an Int32Array, reported as '<i4',
 * when every value fits in int32. Writing produces exactly the bytes of `numpy.save` for '<f8' and
 * '<f4' arrays: version 1.0, the header padded so the data start at a multiple of 64 bytes.
 */
export type NpyData = Float64Array | Float32Array | Int32Array | Uint8Array | Int8Array | Int16Array | Uint16Array | Uint32Array;

export interface NpyArray {
  /** The dtype of `data`, little-endian form, e.g. '<f8'. */
  dtype: string;
  /** The dtype as the file's header gives it, e.g. '<i8' for an int64 file read into '<i4'. */
  fileDtype: string;
  shape: number[];
  /** The elements in C (row-major) order. */
  data: NpyData;
}

export type NpyFloatDtype = '<f8' | '<f4';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const ALIGN = 64;
/** NumPy leaves room for the first dimension to grow to this many digits without moving the data. */
const GROWTH_AXIS_MAX_DIGITS = 21;

interface ElementType {
  /** The little-endian descr of the array handed back. */
  readonly dtype: string;
  readonly size: number;
  readonly make: (n: number) => NpyData;
  readonly get: (view: DataView, offset: number, littleEndian: boolean) => number;
}

const ELEMENT_TYPES: Record<string, ElementType> = {
  f8: { dtype: '<f8', size: 8, make: (n) => new Float64Array(n), get: (v, o, le) => v.getFloat64(o, le) },
  f4: { dtype: '<f4', size: 4, make: (n) => new Float32Array(n), get: (v, o, le) => v.getFloat32(o, le) },
  i4: { dtype: '<i4', size: 4, make: (n) => new Int32Array(n), get: (v, o, le) => v.getInt32(o, le) },
  u4: { dtype: '<u4', size: 4, make: (n) => new Uint32Array(n), get: (v, o, le) => v.getUint32(o, le) },
  i2: { dtype: '<i2', size: 2, make: (n) => new Int16Array(n), get: (v, o, le) => v.getInt16(o, le) },
  u2: { dtype: '<u2', size: 2, make: (n) => new Uint16Array(n), get: (v, o, le) => v.getUint16(o, le) },
  i1: { dtype: '|i1', size: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) },
  u1: { dtype: '|u1', size: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) },
  // 64-bit integers narrow to int32; parseNpy checks that every value fits.
  i8: { dtype: '<i4', size: 8, make: (n) => new Int32Array(n), get: (v, o, le) => Number(v.getBigInt64(o, le)) },
  u8: { dtype: '<i4', size: 8, make: (n) => new Int32Array(n), get: (v, o, le) => Number(v.getBigUint64(o, le)) },
};

/** Parses the bytes of a `.npy` file; `source` names the file in error messages. NaN and ±∞ are kept. */
export function parseNpy(bytes: Uint8Array, source: string): NpyArray {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new InputError(source, 'not a .npy file (the magic string \\x93NUMPY is missing)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const major = bytes[6];
  const minor = bytes[7];
  if (minor !== 0 || major < 1 || major > 3) throw new InputError(source, `unsupported .npy format version ${major}.${minor} (expected 1.0, 2.0 or 3.0)`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) throw new InputError(source, 'truncated .npy header');
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const dataStart = 8 + lengthBytes + headerLength;
  if (dataStart > bytes.length) throw new InputError(source, `truncated .npy header: needs ${dataStart} bytes, the file has ${bytes.length}`);
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(8 + lengthBytes, dataStart));
  const { descr, fortranOrder, shape } = parseHeader(header, source);

  if (fortranOrder) throw new InputError(source, 'fortran_order: True is not supported; save a C-ordered array (numpy.ascontiguousarray)');
  const match = /^([<>|=])([a-zA-Z])(\d+)$/.exec(descr);
  const type = match ? ELEMENT_TYPES[match[2] + match[3]] : undefined;
  if (!match || !type) {
    const what = descr.startsWith('[') ? 'structured dtype' : /^[|<>=]?O/.test(descr) ? 'object dtype' : `dtype '${descr}'`;
    throw new InputError(source, `${what} is not supported (expected float64/float32 or an integer type)`);
  }
  const littleEndian = match[1] !== '>';

  const count = shape.reduce((a, b) => a * b, 1);
  const needed = count * type.size;
  const available = bytes.length - dataStart;
  if (available < needed) throw new InputError(source, `truncated data: shape (${shape.join(', ')}) of ${descr} needs ${needed} bytes, the file has ${available}`);
  if (available > needed) throw new InputError(source, `${available - needed} unexpected bytes after the data of shape (${shape.join(', ')}) of ${descr}`);

  const data = type.make(count);
  for (let i = 0; i < count; i++) {
    const value = type.get(view, dataStart + i * type.size, littleEndian);
    if (type.size === 8 && data instanceof Int32Array && (value | 0) !== value) {
      throw new InputError(source, `${descr} value ${value} at index ${i} does not fit in int32`);
    }
    data[i] = value;
  }
  return { dtype: type.dtype, fileDtype: descr, shape, data };
}

function parseHeader(header: string, source: string): { descr: string; fortranOrder: boolean; shape: number[] } {
  const descr = /['"]descr['"]\s*:\s*(?:'([^']*)'|"([^"]*)"|(\[))/.exec(header);
  const fortran = /['"]fortran_order['"]\s*:\s*(True|False)/.exec(header);
  const shapeText = /['"]shape['"]\s*:\s*\(([^)]*)\)/.exec(header);
  if (!descr || !fortran || !shapeText) throw new InputError(source, `malformed .npy header ${JSON.stringify(header.trim())}: expected the keys 'descr', 'fortran_order' and 'shape'`);
  const parts = shapeText[1].split(',').map((s) => s.trim());
  if (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
  const shape = parts.map((s) => {
    if (!/^\d+L?$/.test(s)) throw new InputError(source, `malformed shape (${shapeText[1]}) in the .npy header`);
    return Number.parseInt(s, 10);
  });
  return { descr: descr[3] ?? descr[1] ?? descr[2], fortranOrder: fortran[1] === 'True', shape };
}

/**
 * Reads a `.npy` file; errors name `path`. Only a regular file is opened: a named pipe or device
 * would block the run for ever waiting for a writer, or never end.
 */
export function readNpy(path: string): NpyArray {
  let bytes: Uint8Array;
  try {
    if (!statSync(path).isFile()) throw new InputError(path, 'not a regular file (a named pipe, device or folder); give a .npy file');
    bytes = readFileSync(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw unreadableFile(path, 'file', e);
  }
  return parseNpy(bytes, path);
}

/** The complete `.npy` header (magic, version 1.0, length, padded dict) for a C-ordered array. */
export function npyHeader(dtype: NpyFloatDtype, shape: readonly number[]): Uint8Array {
  for (const d of shape) {
    if (!Number.isSafeInteger(d) || d < 0) throw new InputError('shape', `dimensions must be non-negative integers, got (${shape.join(', ')})`);
  }
  const shapeRepr = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let dict = `{'descr': '${dtype}', 'fortran_order': False, 'shape': ${shapeRepr}, }`;
  if (shape.length > 0) dict += ' '.repeat(GROWTH_AXIS_MAX_DIGITS - String(shape[0]).length);
  // As numpy does: pad with spaces, end with '\n', so that the data start on a 64-byte boundary.
  const unpadded = MAGIC.length + 2 + 2 + dict.length + 1;
  const padding = ALIGN - (unpadded % ALIGN);
  const text = dict + ' '.repeat(padding) + '\n';
  if (text.length > 0xffff) throw new InputError('shape', `a .npy 1.0 header cannot hold shape ${shapeRepr}`);
  const out = new Uint8Array(10 + text.length);
  out.set(MAGIC, 0);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, text.length, true);
  for (let i = 0; i < text.length; i++) out[10 + i] = text.charCodeAt(i);
  return out;
}

/** The bytes `numpy.save` writes for this C-ordered array (dtype '<f8' or '<f4' after the array type). */
export function encodeNpy(data: Float64Array | Float32Array, shape: readonly number[]): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length) throw new InputError('shape', `shape (${shape.join(', ')}) holds ${count} values, the data have ${data.length}`);
  const dtype: NpyFloatDtype = data instanceof Float64Array ? '<f8' : '<f4';
  const header = npyHeader(dtype, shape);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  writeFloats(new DataView(out.buffer), header.length, data, dtype);
  return out;
}

/** Writes `values` at byte `offset` of `view` as little-endian float64 ('<f8') or float32 ('<f4'). */
export function writeFloats(view: DataView, offset: number, values: ArrayLike<number>, dtype: NpyFloatDtype): void {
  if (dtype === '<f8') {
    for (let i = 0; i < values.length; i++) view.setFloat64(offset + 8 * i, values[i], true);
  } else {
    for (let i = 0; i < values.length; i++) view.setFloat32(offset + 4 * i, values[i], true);
  }
}

/** Writes an array as `numpy.save` would; errors name `path`. */
export function writeNpy(path: string, data: Float64Array | Float32Array, shape: readonly number[]): void {
  writeFileAtomic(path, encodeNpy(data, shape));
}

/** The elements as float64: the same array when it already is one, a converted copy otherwise. */
export function npyToFloat64(a: NpyArray): Float64Array {
  return a.data instanceof Float64Array ? a.data : Float64Array.from(a.data);
}

/** Throws an InputError naming `field` and the first index that holds NaN or ±∞. */
export function assertFinite(data: ArrayLike<number>, field: string): void {
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i])) throw new InputError(field, `value ${data[i]} at index ${i} is not finite`);
  }
}
