import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/io/csv.ts';
import { Frame } from '../../../src/streams/frame.ts';
import { Probe } from '../../../src/streams/probe.ts';
import { CsvSink } from '../../../src/streams/sinks/csv-sink.ts';
import { expectedRows, failingRun, recordRun, setup, tempDir } from './fixture.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('CsvSink', () => {
  it('writes a header and one line per frame that readCsv reads back exactly as the Recorder holds them', () => {
    const path = join(dir, 'run.csv');
    const small = join(dir, 'small-buffer.csv');
    const { recorder, sinks } = recordRun((probes) => [new CsvSink(path, probes), new CsvSink(small, probes, { bufferBytes: 40 })]);
    expect(sinks[0].done).toBe(true);
    expect(sinks[0].failure).toBeNull();
    const table = readCsv(path);
    expect(table.header).toEqual(sinks[0].columns);
    expect(table.header?.slice(0, 3)).toEqual(['t', 'pyramidal 1 soma[0]', 'pyramidal 1 soma[1]']);
    expect(table.header?.slice(6, 8)).toEqual(['pyramidal 1 apical[4]', 'pyramidal 1 apical[0]']);
    expect(table.header?.at(-1)).toBe('pyramidal 1 soma (2)[2]');
    expect(table.rows).toBe(101);
    expect(Array.from(table.data)).toEqual(Array.from(expectedRows(recorder)));
    // A buffer smaller than a line flushes many times and changes nothing.
    expect(readFileSync(small, 'utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it('spells every double so that it reads back to itself: -0, NaN, ±Infinity, subnormals, extremes', () => {
    const { circuit } = setup();
    const probe = new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, circuit);
    const path = join(dir, 'edge.csv');
    const sink = new CsvSink(path, [probe]);
    const frame = new Frame(circuit);
    const state = new Float64Array(circuit.state.length);
    const at = circuit.layout.pyramidal[0].offset;
    const rows = [
      [0.1 + 0.2, -0, NaN, Infinity, -Infinity, 5e-324],
      [1e21, Number.MAX_VALUE, -Number.MIN_VALUE, 2.2250738585072014e-308, 1 / 3, -123.456],
    ];
    rows.forEach(([t, ...values], i) => {
      state.set(values, at);
      frame.reset(t, i, state);
      sink.next(frame);
    });
    sink.complete();
    expect(readFileSync(path, 'utf8').split('\n')[1]).toBe('0.30000000000000004,-0,NaN,Infinity,-Infinity,5e-324');
    expect(Array.from(readCsv(path).data)).toEqual(rows.flat());
  });

  it('on a failed run keeps a readable file of every frame before the failure', () => {
    const path = join(dir, 'failed.csv');
    const { recorder } = failingRun((probes) => [new CsvSink(path, probes)]);
    const table = readCsv(path);
    expect(table.rows).toBe(recorder.length);
    expect(Array.from(table.data)).toEqual(Array.from(expectedRows(recorder)));
  });
});
