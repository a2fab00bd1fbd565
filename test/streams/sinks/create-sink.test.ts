import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../../src/core/input-error.ts';
import { Probe } from '../../../src/streams/probe.ts';
import { createSink, SINK_FORMATS, type SinkFormat } from '../../../src/streams/sinks/create-sink.ts';
import { CsvSink } from '../../../src/streams/sinks/csv-sink.ts';
import { NdjsonSink } from '../../../src/streams/sinks/ndjson-sink.ts';
import { NpySink } from '../../../src/streams/sinks/npy-sink.ts';
import { setup, tempDir } from './fixture.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('createSink', () => {
  const { circuit } = setup();
  const probes = [new Probe({ population: 'input', variable: 'rate' }, circuit)];

  it('makes the sink of each format', () => {
    const kinds = SINK_FORMATS.map((f) => {
      const sink = createSink(f, join(dir, `a.${f}`), probes);
      sink.complete();
      return sink.constructor;
    });
    expect(kinds).toEqual([NpySink, CsvSink, NdjsonSink]);
  });

  it.each(SINK_FORMATS)('answers bad input to %s with an InputError naming the field or file', (format) => {
    expect(() => createSink(format, join(dir, `empty.${format}`), [])).toThrow(new InputError('probes', `nothing to record into ${join(dir, `empty.${format}`)}: expected at least one probe`));
    const missing = join(dir, 'no-such-dir', `x.${format}`);
    expect(() => createSink(format, missing, probes)).toThrow(new InputError(missing, 'cannot open the file (ENOENT)'));
    expect(existsSync(join(dir, 'no-such-dir'))).toBe(false);
  });

  it('rejects an unknown format', () => {
    expect(() => createSink('h5' as SinkFormat, join(dir, 'x.h5'), probes)).toThrow(new InputError('format', 'expected one of npy, csv, ndjson, got "h5"'));
  });
});
