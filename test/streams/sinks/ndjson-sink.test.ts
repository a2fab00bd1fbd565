import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Frame } from '../../../src/streams/frame.ts';
import { Probe } from '../../../src/streams/probe.ts';
import type { Recorder } from '../../../src/streams/recorder.ts';
import { NdjsonSink } from '../../../src/streams/sinks/ndjson-sink.ts';
import { failingRun, recordRun, setup, tempDir } from './fixture.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file parsed line by line with JSON.parse. */
function readLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n').map((line) => JSON.parse(line));
}

/** What the recorder holds, as the objects the lines should parse to (non-finite values as null). */
function expectedObjects(recorder: Recorder, keys: readonly string[]): Record<string, unknown>[] {
  return Array.from(recorder.times(), (t, i) => {
    const o: Record<string, unknown> = { t };
    recorder.probes.forEach((p, k) => (o[keys[k]] = Array.from(recorder.values(k).subarray(i * p.width, (i + 1) * p.width), (x) => (Number.isFinite(x) ? x : null))));
    return o;
  });
}

describe('NdjsonSink', () => {
  it('writes one JSON object per frame, keyed by unique probe names, equal to what the Recorder holds', () => {
    const path = join(dir, 'run.ndjson');
    const small = join(dir, 'small-buffer.ndjson');
    const { recorder, sinks } = recordRun((probes) => [new NdjsonSink(path, probes), new NdjsonSink(small, probes, { bufferBytes: 40 })]);
    expect(sinks[0].probeKeys).toEqual(['pyramidal 1 soma', 'pyramidal 1 apical', 'interneuron 1 rate', 'pyramidal 1 soma (2)']);
    const lines = readLines(path);
    expect(lines).toHaveLength(101);
    expect(Object.keys(lines[0])).toEqual(['t', ...sinks[0].probeKeys]);
    expect(lines).toEqual(expectedObjects(recorder, sinks[0].probeKeys));
    expect(readFileSync(small, 'utf8')).toBe(readFileSync(path, 'utf8'));
  });

  it('round-trips -0 and extremes exactly and writes NaN and ±Infinity as null, as JSON.stringify does', () => {
    const { circuit } = setup();
    const probe = new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, circuit);
    const path = join(dir, 'edge.ndjson');
    const sink = new NdjsonSink(path, [probe]);
    const frame = new Frame(circuit);
    const state = new Float64Array(circuit.state.length);
    state.set([-0, NaN, Infinity, 5e-324, Number.MAX_VALUE], circuit.layout.pyramidal[0].offset);
    frame.reset(0.1 + 0.2, 0, state);
    sink.next(frame);
    sink.complete();
    expect(readLines(path)).toEqual([{ t: 0.30000000000000004, 'pyramidal 1 soma': [-0, null, null, 5e-324, Number.MAX_VALUE] }]);
  });

  it('on a failed run keeps a readable file of every frame before the failure', () => {
    const path = join(dir, 'failed.ndjson');
    const { recorder, sinks } = failingRun((probes) => [new NdjsonSink(path, probes)]);
    const lines = readLines(path);
    expect(lines).toEqual(expectedObjects(recorder, sinks[0].probeKeys));
    expect(lines.at(-1)?.['pyramidal 1 apical']).toEqual([null, null]); // the run diverged there
  });
});
