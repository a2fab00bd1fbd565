import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment, parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment, type ExperimentResult } from '../../src/experiment-file/run-experiment.ts';
import { readCsv } from '../../src/io/csv.ts';
import { readNpy } from '../../src/io/npy.ts';

const dir = mkdtempSync(join(tmpdir(), 'experiment-sink-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A noisy 3-4-2 run of two patterns, recording two probes every 0.5 ms. */
function experiment(sink?: { format: string; path: string }, change: (e: Record<string, any>) => void = () => {}): Record<string, any> {
  const e: Record<string, any> = {
    dims: [3, 4, 2],
    neuron: { noise: 0.1 },
    protocol: { tPattern: 10, patterns: [{ input: [0.1, 0.5, 0.9], target: [0.2, -0.1] }, { input: [0.9, 0.5, 0.1] }] },
    record: {
      every: 0.5,
      probes: [
        { population: 'pyramidal', layer: 1, variable: 'apical', indices: [3, 1] },
        { population: 'pyramidal', layer: 2, variable: 'rate' },
      ],
      ...(sink === undefined ? {} : { sink }),
    },
  };
  change(e);
  return e;
}

/** Writes the experiment into a fresh folder under `dir`, loads it and runs it with sink paths relative to that folder. */
function run(doc: Record<string, any>): ExperimentResult {
  const folder = mkdtempSync(join(dir, 'exp-'));
  const file = join(folder, 'experiment.json');
  writeFileSync(file, JSON.stringify(doc));
  return runExperiment(loadExperiment(file), { baseDir: dirname(file) }).result;
}

/** The in-memory recordings as sink rows: t, then the probes' values. */
function rowsOf(result: ExperimentResult): number[][] {
  const recordings = result.recordings!;
  return recordings[0].times.map((t, i) => [t, ...recordings.flatMap((r) => r.values[i])]);
}

/** The rows of a recording file, read back with the project's readers (JSON.parse for NDJSON). */
function readRows(format: string, path: string): number[][] {
  if (format === 'npy') {
    const a = readNpy(path);
    return Array.from({ length: a.shape[0] }, (_, i) => Array.from(a.data.subarray(i * a.shape[1], (i + 1) * a.shape[1])));
  }
  if (format === 'csv') {
    const table = readCsv(path);
    expect(table.header).toEqual(['t', 'pyramidal 1 apical[3]', 'pyramidal 1 apical[1]', 'pyramidal 2 rate[0]', 'pyramidal 2 rate[1]']);
    return Array.from({ length: table.rows }, (_, i) => Array.from(table.data.subarray(i * table.columns, (i + 1) * table.columns)));
  }
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const o = JSON.parse(line);
      return [o.t, ...o['pyramidal 1 apical'], ...o['pyramidal 2 rate']];
    });
}

const inMemory = run(experiment());

describe('runExperiment with record.sink', () => {
  it.each(['npy', 'csv', 'ndjson'])('streams the recording to a %s file relative to the experiment, named in the result', (format) => {
    const result = run(experiment({ format, path: `recording.${format}` }));
    expect(result.recordings).toBeUndefined();
    const file = result.recordingFile!;
    expect(file.format).toBe(format);
    expect(file.path).toMatch(new RegExp(`experiment-sink-test-[^/]+/exp-[^/]+/recording\\.${format}$`));
    expect(file.frames).toBe(41);
    expect(result.outputs).toEqual(inMemory.outputs);
    expect(readRows(format, file.path)).toEqual(rowsOf(inMemory));
  });

  it('leaves a readable file of the frames before a run that becomes non-finite', () => {
    const doc = experiment({ format: 'npy', path: 'diverged.npy' }, (e) => {
      e.neuron = { phi: { kind: 'linear' } };
      e.weights = { init: { up: 30, down: 30, ip: 30, pi: 30 } };
      e.protocol = { tPattern: 1000, patterns: [{ input: [1, 1, 1] }] };
    });
    const folder = mkdtempSync(join(dir, 'exp-'));
    const file = join(folder, 'experiment.json');
    writeFileSync(file, JSON.stringify(doc));
    expect(() => runExperiment(loadExperiment(file), { baseDir: folder })).toThrow(/non-finite at t = /);
    const a = readNpy(join(folder, 'diverged.npy'));
    expect(a.shape[0]).toBeGreaterThan(2);
    expect(a.shape[1]).toBe(5);
    expect(a.data[(a.shape[0] - 1) * 5]).toBe((a.shape[0] - 1) * 0.5);
  });

  it('answers a bad sink with one InputError naming the field or file', () => {
    const problem = (sink: unknown) => () => parseExperiment(experiment(sink as { format: string; path: string }), dir);
    expect(problem({ format: 'h5', path: 'x.h5' })).toThrow(/^record\.sink\.format: expected one of "npy", "csv", "ndjson", got "h5"$/);
    expect(problem({ format: 'csv' })).toThrow(/^record\.sink\.path: missing/);
    expect(problem({ format: 'csv', path: 'x.csv', every: 2 })).toThrow(/^record\.sink\.every: unknown field/);
    expect(() => run(experiment({ format: 'csv', path: 'no-such-dir/x.csv' }))).toThrow(/exp-[^/]+\/no-such-dir\/x\.csv: cannot open the file \(ENOENT\)$/);
  });

  it('resolves the sink path against the experiment file from the command line, not the working directory', () => {
    const folder = mkdtempSync(join(dir, 'cli-'));
    mkdirSync(join(folder, 'out'));
    const file = join(folder, 'experiment.json');
    writeFileSync(file, JSON.stringify(experiment({ format: 'csv', path: 'out/recording.csv' })));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', file, '--out', join(folder, 'result.json')], {
      encoding: 'utf8',
      env: { ...process.env, NO_PROGRESS: '1' },
    });
    expect(r.stderr).toBe('');
    const result = JSON.parse(readFileSync(join(folder, 'result.json'), 'utf8'));
    expect(result.recordingFile).toEqual({ format: 'csv', path: join(folder, 'out', 'recording.csv'), frames: 41 });
    expect(readRows('csv', result.recordingFile.path)).toEqual(rowsOf(inMemory));
  });
});
