import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { assertFinite, encodeNpy, npyToFloat64, parseNpy, readNpy, writeNpy } from '../../src/io/npy.ts';
import { thrownBy } from '../helpers/thrown.ts';

const dir = mkdtempSync(join(tmpdir(), 'npy-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** A .npy file built by hand, independent of the encoder: any version, descr and raw data bytes. */
function handMade(descr: string, shape: string, data: Uint8Array, version = 1, fortran = 'False'): Uint8Array {
  const descrLiteral = descr.startsWith('[') ? descr : `'${descr}'`; // a structured descr is a list
  const dict = `{'descr': ${descrLiteral}, 'fortran_order': ${fortran}, 'shape': ${shape}, }\n`;
  const text = new TextEncoder().encode(dict);
  const lengthBytes = version === 1 ? 2 : 4;
  const out = new Uint8Array(8 + lengthBytes + text.length + data.length);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  const view = new DataView(out.buffer);
  if (version === 1) view.setUint16(8, text.length, true);
  else view.setUint32(8, text.length, true);
  out.set(text, 8 + lengthBytes);
  out.set(data, 8 + lengthBytes + text.length);
  return out;
}

function bytesOf(count: number, size: number, put: (v: DataView, offset: number, i: number) => void): Uint8Array {
  const out = new Uint8Array(count * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) put(view, i * size, i);
  return out;
}

const errorOf = (f: () => unknown): InputError => thrownBy(f);

describe('encodeNpy', () => {
  it('writes the header numpy.save writes: version 1.0, growth room, padded to 128 bytes', () => {
    const data = Float64Array.from({ length: 12 }, (_, i) => i / 8);
    const bytes = encodeNpy(data, [3, 4]);
    expect(bytes.length).toBe(128 + 96);
    expect(Array.from(bytes.subarray(0, 10))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 118, 0]);
    const text = new TextDecoder('latin1').decode(bytes.subarray(10, 128));
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
    // numpy ≥1.24: the dict, then 21 − len('3') = 20 spaces of growth room, then padding to 64, then '\n'.
    expect(text).toBe(dict + ' '.repeat(118 - dict.length - 1) + '\n');
    const view = new DataView(bytes.buffer, 128);
    expect(view.getFloat64(0, true)).toBe(0);
    expect(view.getFloat64(8 * 11, true)).toBe(11 / 8);
  });

  it('spells 1-d shapes (n,) and 0-d shapes () as Python does, and float32 as <f4', () => {
    const one = new TextDecoder('latin1').decode(encodeNpy(new Float32Array([1.5, -2, 3]), [3]).subarray(10, 128));
    expect(one.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }")).toBe(true);
    const scalar = encodeNpy(new Float64Array([2.5]), []);
    expect(new TextDecoder('latin1').decode(scalar.subarray(10, 128)).startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (), }")).toBe(true);
    expect(scalar.length).toBe(136);
  });

  it('rejects a shape that does not match the data', () => {
    expect(errorOf(() => encodeNpy(new Float64Array(5), [2, 3])).message).toBe('shape: shape (2, 3) holds 6 values, the data have 5');
  });

  it.skipIf(!hasNumpy)('is byte-identical to numpy.save for small arrays', () => {
    const script = [
      'import numpy as np, sys',
      'd = sys.argv[1]',
      "np.save(d + '/a.npy', (np.arange(12, dtype='<f8').reshape(3, 4) - 5) / 8)",
      "np.save(d + '/b.npy', np.array([1.5, -2.25, 3e-7], dtype='<f4'))",
      "np.save(d + '/c.npy', np.arange(24, dtype='<f8').reshape(2, 3, 4) * 1e300)",
      "np.save(d + '/e.npy', np.zeros((0, 5)))",
    ].join('\n');
    const run = spawnSync('python3', ['-c', script, dir], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const cases: [string, Float64Array | Float32Array, number[]][] = [
      ['a', Float64Array.from({ length: 12 }, (_, i) => (i - 5) / 8), [3, 4]],
      ['b', new Float32Array([1.5, -2.25, 3e-7]), [3]],
      ['c', Float64Array.from({ length: 24 }, (_, i) => i * 1e300), [2, 3, 4]],
      ['e', new Float64Array(0), [0, 5]],
    ];
    for (const [name, data, shape] of cases) {
      writeNpy(join(dir, `${name}-ours.npy`), data, shape);
      expect(Buffer.compare(readFileSync(join(dir, `${name}-ours.npy`)), readFileSync(join(dir, `${name}.npy`))), name).toBe(0);
    }
  });
});

describe('parseNpy / readNpy', () => {
  it('round-trips float64 and float32 arrays of several shapes, keeping NaN and ±∞', () => {
    const f64 = new Float64Array([0.1, -1e-308, Number.MAX_VALUE, NaN, Infinity, -Infinity]);
    const back = parseNpy(encodeNpy(f64, [2, 3]), 'x.npy');
    expect(back.dtype).toBe('<f8');
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(back.data)).toEqual(Array.from(f64));

    const f32 = new Float32Array([1 / 3, -7, 65504]);
    const back32 = parseNpy(encodeNpy(f32, [3, 1, 1]), 'y.npy');
    expect(back32.dtype).toBe('<f4');
    expect(back32.data).toBeInstanceOf(Float32Array);
    expect(back32.shape).toEqual([3, 1, 1]);
    expect(Array.from(back32.data)).toEqual(Array.from(f32));

    const path = join(dir, 'round.npy');
    writeNpy(path, new Float64Array([4.25]), []);
    expect(readNpy(path)).toEqual({ dtype: '<f8', fileDtype: '<f8', shape: [], data: new Float64Array([4.25]) });
  });

  it('reads header versions 2.0 and 3.0 (3.0 is UTF-8)', () => {
    const data = bytesOf(2, 8, (v, o, i) => v.setFloat64(o, i + 0.5, true));
    for (const version of [2, 3]) {
      const a = parseNpy(handMade('<f8', '(2,)', data, version), 'v.npy');
      expect(a.shape).toEqual([2]);
      expect(Array.from(a.data)).toEqual([0.5, 1.5]);
    }
  });

  it('converts big-endian floats and reads every integer type', () => {
    const be = parseNpy(handMade('>f8', '(3,)', bytesOf(3, 8, (v, o, i) => v.setFloat64(o, -i * 1.25, false))), 'be.npy');
    expect(be.dtype).toBe('<f8');
    expect(Array.from(be.data)).toEqual([-0, -1.25, -2.5]);
    const be32 = parseNpy(handMade('>f4', '(2,)', bytesOf(2, 4, (v, o, i) => v.setFloat32(o, i + 0.75, false))), 'be.npy');
    expect(be32.dtype).toBe('<f4');
    expect(Array.from(be32.data)).toEqual([0.75, 1.75]);

    const ints: [string, number, (v: DataView, o: number, x: number) => void, number[], string][] = [
      ['|u1', 1, (v, o, x) => v.setUint8(o, x), [0, 200, 255], '|u1'],
      ['|i1', 1, (v, o, x) => v.setInt8(o, x), [-128, 5, 127], '|i1'],
      ['<i2', 2, (v, o, x) => v.setInt16(o, x, true), [-30000, 0, 30000], '<i2'],
      ['<u2', 2, (v, o, x) => v.setUint16(o, x, true), [0, 1, 65535], '<u2'],
      ['<i4', 4, (v, o, x) => v.setInt32(o, x, true), [-(2 ** 31), 7, 2 ** 31 - 1], '<i4'],
      ['<u4', 4, (v, o, x) => v.setUint32(o, x, true), [0, 9, 2 ** 32 - 1], '<u4'],
      ['>i4', 4, (v, o, x) => v.setInt32(o, x, false), [-3, 1000000, 42], '<i4'],
      ['<i8', 8, (v, o, x) => v.setBigInt64(o, BigInt(x), true), [-5, 9, 2 ** 31 - 1], '<i4'],
      ['<u8', 8, (v, o, x) => v.setBigUint64(o, BigInt(x), true), [0, 3, 9], '<i4'],
    ];
    for (const [descr, size, put, values, dtype] of ints) {
      const a = parseNpy(handMade(descr, '(3,)', bytesOf(3, size, (v, o, i) => put(v, o, values[i]))), 'i.npy');
      expect(a.dtype, descr).toBe(dtype);
      expect(Array.from(a.data), descr).toEqual(values);
      expect(Array.from(npyToFloat64(a)), descr).toEqual(values);
    }
  });

  it('npyToFloat64 hands back a float64 array itself and converts float32 exactly', () => {
    const a = parseNpy(encodeNpy(new Float64Array([1, 2]), [2]), 'a.npy');
    expect(npyToFloat64(a)).toBe(a.data);
    const b = npyToFloat64(parseNpy(encodeNpy(new Float32Array([0.1]), [1]), 'b.npy'));
    expect(b[0]).toBe(Math.fround(0.1));
  });

  it('rejects bad files with one line naming the file and the problem', () => {
    const good = encodeNpy(new Float64Array([1, 2, 3, 4]), [2, 2]);
    const bad = good.slice();
    bad[1] = 0x58;
    expect(errorOf(() => parseNpy(bad, 'm.npy')).message).toBe('m.npy: not a .npy file (the magic string \\x93NUMPY is missing)');
    expect(errorOf(() => parseNpy(good.subarray(0, good.length - 3), 't.npy')).message).toBe(
      't.npy: truncated data: shape (2, 2) of <f8 needs 32 bytes, the file has 29',
    );
    expect(errorOf(() => parseNpy(good.subarray(0, 50), 'h.npy')).message).toBe('h.npy: truncated .npy header: needs 128 bytes, the file has 50');
    expect(errorOf(() => parseNpy(handMade('<f8', '(1,)', new Uint8Array(8), 1, 'True'), 'f.npy')).message).toMatch(/^f\.npy: fortran_order: True is not supported/);
    expect(errorOf(() => parseNpy(handMade('|O', '(1,)', new Uint8Array(8)), 'o.npy')).message).toMatch(/^o\.npy: object dtype is not supported/);
    expect(errorOf(() => parseNpy(handMade('<c16', '(1,)', new Uint8Array(16)), 'c.npy')).message).toMatch(/^c\.npy: dtype '<c16' is not supported/);
    const structured = handMade("[('x', '<f8')]", '(1,)', new Uint8Array(8));
    expect(errorOf(() => parseNpy(structured, 's.npy')).message).toMatch(/^s\.npy: structured dtype is not supported/);
    const wide = handMade('<i8', '(1,)', bytesOf(1, 8, (v, o) => v.setBigInt64(o, 2n ** 40n, true)));
    expect(errorOf(() => parseNpy(wide, 'w.npy')).message).toBe('w.npy: <i8 value 1099511627776 at index 0 does not fit in int32');
    expect(errorOf(() => readNpy(join(dir, 'missing.npy'))).message).toBe(`${join(dir, 'missing.npy')}: cannot read the file (ENOENT)`);
    const file = join(dir, 'cut.npy');
    writeFileSync(file, good.subarray(0, 130));
    expect(errorOf(() => readNpy(file)).field).toBe(file);
  });

  it('assertFinite names the field and the first non-finite index', () => {
    expect(() => assertFinite(new Float64Array([1, 2]), 'w')).not.toThrow();
    expect(errorOf(() => assertFinite(new Float64Array([1, NaN, Infinity]), 'weights.npy')).message).toBe('weights.npy: value NaN at index 1 is not finite');
  });
});
