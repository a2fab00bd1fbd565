import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy, readNpy } from '../../../src/io/npy.ts';
import { NpySink } from '../../../src/streams/sinks/npy-sink.ts';
import { expectedRows, failingRun, recordRun, tempDir } from './fixture.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** The header dict of a .npy file, checking the standard layout: magic, version 1.0, data 64-byte aligned. */
function headerOf(path: string): string {
  const bytes = readFileSync(path);
  expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  const length = bytes.readUInt16LE(8);
  expect((10 + length) % 64).toBe(0);
  const text = bytes.subarray(10, 10 + length).toString('latin1');
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd();
}

interface NumpyView {
  version: number[];
  shape: number[];
  fortranOrder: boolean;
  dtype: string;
  /** numpy.save of what numpy.load read gives back the file's bytes. */
  sameBytes: boolean;
}

/** Each file's header as numpy.lib.format parses it, and whether numpy.load → numpy.save reproduces it (one python run). */
function readWithNumpy(paths: string[]): NumpyView[] {
  const script = [
    'import io, json, sys, numpy',
    'from numpy.lib import format',
    'for path in sys.argv[1:]:',
    "    with open(path, 'rb') as f:",
    '        version = format.read_magic(f)',
    '        shape, fortran_order, dtype = format.read_array_header_1_0(f)',
    '    a = numpy.load(path)',
    '    b = io.BytesIO()',
    '    numpy.save(b, a)',
    "    same = b.getvalue() == open(path, 'rb').read()",
    "    print(json.dumps({'version': list(version), 'shape': list(a.shape), 'fortranOrder': fortran_order, 'dtype': dtype.str, 'sameBytes': same}))",
  ].join('\n');
  const r = spawnSync('python3', ['-c', script, ...paths], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.trim().split('\n').map((line) => JSON.parse(line));
}

describe('NpySink', () => {
  const f8 = join(dir, 'run.npy');
  const f4 = join(dir, 'run-f4.npy');
  const failed = join(dir, 'failed.npy');

  it('writes frames × (1 + Σ widths) float64 that readNpy reads back exactly as the Recorder holds them', () => {
    const small = join(dir, 'small-buffer.npy');
    const { recorder, sinks } = recordRun((probes) => [new NpySink(f8, probes), new NpySink(small, probes, { bufferBytes: 300 }), new NpySink(f4, probes, { dtype: '<f4' })]);
    const rowLength = sinks[0].rowLength;
    expect(rowLength).toBe(1 + 5 + 2 + 2 + 1);
    expect(headerOf(f8)).toMatch(/^\{'descr': '<f8', 'fortran_order': False, 'shape': \(101, 11\), \}$/);
    const expected = expectedRows(recorder);
    const back = readNpy(f8);
    expect(back.shape).toEqual([101, rowLength]);
    expect(Array.from(back.data)).toEqual(Array.from(expected));
    // The bytes numpy.save writes, however the rows were chunked (300 bytes: 3 rows a block).
    expect(Buffer.compare(readFileSync(f8), encodeNpy(expected, [101, rowLength]))).toBe(0);
    expect(Buffer.compare(readFileSync(small), readFileSync(f8))).toBe(0);

    expect(headerOf(f4)).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(101, 11\), \}$/);
    const back4 = readNpy(f4);
    expect(back4.dtype).toBe('<f4');
    expect(Array.from(back4.data)).toEqual(Array.from(expected, Math.fround));
  });

  it('names the columns and probes in a sidecar <name>.columns.json', () => {
    const sidecar = JSON.parse(readFileSync(join(dir, 'run.columns.json'), 'utf8'));
    expect(sidecar.file).toBe('run.npy');
    expect(sidecar.dtype).toBe('<f8');
    expect(sidecar.columns).toHaveLength(11);
    expect(sidecar.columns.slice(0, 2)).toEqual(['t', 'pyramidal 1 soma[0]']);
    expect(sidecar.probes[1]).toEqual({ key: 'pyramidal 1 apical', spec: { population: 'pyramidal', layer: 1, variable: 'apical', indices: [4, 0] }, start: 6, width: 2 });
    expect(sidecar.probes[3].key).toBe('pyramidal 1 soma (2)');
    expect(JSON.parse(readFileSync(join(dir, 'run-f4.columns.json'), 'utf8')).dtype).toBe('<f4');
  });

  it('on a failed run closes the file with the header rewritten for every frame before the failure', () => {
    const { recorder, sinks } = failingRun((probes) => [new NpySink(failed, probes)]);
    expect(headerOf(failed)).toContain(`'shape': (${recorder.length}, 11)`);
    const back = readNpy(failed);
    expect(back.shape).toEqual([recorder.length, sinks[0].rowLength]);
    expect(Array.from(back.data)).toEqual(Array.from(expectedRows(recorder)));
  });

  it.skipIf(!hasNumpy)('is read by numpy.load, which saves it back to the same bytes (also the failed run)', () => {
    const failedRows = readNpy(failed).shape[0];
    expect(readWithNumpy([f8, f4, failed])).toEqual([
      { version: [1, 0], shape: [101, 11], fortranOrder: false, dtype: '<f8', sameBytes: true },
      { version: [1, 0], shape: [101, 11], fortranOrder: false, dtype: '<f4', sameBytes: true },
      { version: [1, 0], shape: [failedRows, 11], fortranOrder: false, dtype: '<f8', sameBytes: true },
    ]);
  });
});
