import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../../src/experiment-file/load-experiment.ts';
import { runExperiment } from '../../src/experiment-file/run-experiment.ts';
import { decodeCheckpoint, encodeCheckpoint, type CheckpointContents } from '../../src/io/checkpoint-file.ts';
import { expectRefusal, runCli } from '../helpers/spawn-cli.ts';
import { messageThrownBy } from '../helpers/thrown.ts';

/**
 * Issue #14 group 8: a checkpoint edited and resealed (the SHA-256 seal is a checksum anyone can
 * recompute) is validated field by field against the experiment before anything is restored;
 * exit 2 naming the field, no result written.
 */
const dir = mkdtempSync(join(tmpdir(), 'simulate-ckpt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const experimentPath = join(dir, 'exp.json');
const patterns = [0.1, 0.5, 0.9].map((x) => ({ input: [x, 1 - x, 0.5], target: [0.2, -0.1] }));
writeFileSync(
  experimentPath,
  JSON.stringify({
    dims: [3, 4, 2],
    weights: { init: { up: 1, down: 1, ip: 1, pi: 1 }, selfPredicting: true },
    plasticity: { eta: { up: [0.01, 0.01], ip: [0.01], pi: [0.01] } },
    protocol: { tPattern: 10, outputLag: 5, patterns },
  }),
);
let genuine: CheckpointContents;

beforeAll(async () => {
  // A checkpoint after each pattern: the last one written (after pattern 2 of 3) stays beside the result.
  const r = await runCli('simulate.ts', [experimentPath, '--out', join(dir, 'first.json'), '--checkpoint-every', '1']);
  expect(r.status).toBe(0);
  genuine = decodeCheckpoint(readFileSync(join(dir, 'first.json.ckpt')), 'first.json.ckpt');
  expect(genuine.header.patternCount).toBe(2);
});

let n = 0;
/** Writes an edited, correctly resealed checkpoint beside a fresh result path; returns that path. */
function forge(edit: (header: Record<string, unknown>, blocks: Record<string, Float64Array>) => void): string {
  const header = structuredClone(genuine.header);
  const blocks = Object.fromEntries(Object.entries(genuine.blocks).map(([k, v]) => [k, Float64Array.from(v)]));
  edit(header, blocks);
  const folder = join(dir, `forged-${++n}`);
  mkdirSync(folder);
  writeFileSync(join(folder, 'result.json.ckpt'), encodeCheckpoint({ header, blocks }));
  return join(folder, 'result.json');
}

/** The same run, in process, resumed from a forged checkpoint: the InputError's message. */
const resumeInProcess = (out: string): string => messageThrownBy(() => runExperiment(loadExperiment(experimentPath), { checkpoint: { path: `${out}.ckpt`, every: 1, resume: true } }));

describe('a forged simulation checkpoint is refused naming the field', () => {
  it('through the CLI: a pattern count of 1e9, a cut outputs block, block offsets beyond the file', async () => {
    const huge = forge((h) => (h.patternCount = 1e9));
    expectRefusal(await runCli('simulate.ts', [experimentPath, '--out', huge, '--resume']), 2, /^error: \S+result\.json\.ckpt: patternCount: expected a whole number from 0 to 3, got 1000000000; the checkpoint is damaged or was edited$/);
    expect(existsSync(huge)).toBe(false);

    const cut = forge((_h, b) => (b.outputs = b.outputs.slice(0, 3)));
    expectRefusal(await runCli('simulate.ts', [experimentPath, '--out', cut, '--resume']), 2, /^error: \S+result\.json\.ckpt: block outputs: holds 3 values, expected 4 \(2 patterns × 2 outputs\)/);
    expect(existsSync(cut)).toBe(false);

    // offsets beyond the data, resealed by hand the way checkpoint-file.ts seals (sha256 of header JSON + data)
    const bytes = readFileSync(join(dir, 'first.json.ckpt'));
    const headerLength = bytes.readUInt32LE(8);
    const stored = JSON.parse(bytes.subarray(12, 12 + headerLength).toString('utf8'));
    const data = bytes.subarray(12 + headerLength);
    stored.blocks[0].offset = 1e9;
    stored.sha256 = createHash('sha256').update(JSON.stringify({ header: stored.header, blocks: stored.blocks })).update(data).digest('hex');
    const json = Buffer.from(JSON.stringify(stored));
    const length = Buffer.alloc(4);
    length.writeUInt32LE(json.length);
    const folder = join(dir, 'offsets');
    mkdirSync(folder);
    writeFileSync(join(folder, 'result.json.ckpt'), Buffer.concat([bytes.subarray(0, 8), length, json, data]));
    expectRefusal(await runCli('simulate.ts', [experimentPath, '--out', join(folder, 'result.json'), '--resume']), 2, /^error: \S+result\.json\.ckpt: not a usable checkpoint/);
    expect(existsSync(join(folder, 'result.json'))).toBe(false);
  });

  it('in process: negative or fractional counts, far times, bad random states, flags and non-finite blocks', () => {
    const cases: [(h: Record<string, unknown>, b: Record<string, Float64Array>) => void, RegExp][] = [
      [(h) => (h.patternCount = -5), /: patternCount: expected a whole number from 0 to 3, got -5/],
      [(h) => (h.patternCount = 10.5), /: patternCount: expected a whole number from 0 to 3, got 10\.5/],
      [(h) => (h.t = 1e308), /: t: 1e\+308 ms does not match 2 patterns of 10 ms/],
      [(h) => (h.t = -1), /: t: expected a finite time ≥ 0 ms, got -1/],
      [(h) => ((h.rng as { words: number[] }).words = [0, 0, 0, 0]), /: rng\.words: expected four 32-bit integer words/],
      [(h) => ((h.rng as { words: unknown }).words = 'x'), /: rng\.words: expected four 32-bit integer words/],
      [(h) => ((h.flags as Record<string, unknown>).nudged = 'yes'), /: flags\.nudged: expected true or false/],
      [(h) => (h.steps = -1), /: steps: expected a whole number ≥ 0/],
      [(h) => (h.dims = 'x'), /checkpoint is from another run: circuit string, this run 3-4-2/],
      [(_h, b) => (b.state[3] = NaN), /: block state: value NaN at index 3 is not finite/],
    ];
    for (const [edit, message] of cases) expect(resumeInProcess(forge(edit))).toMatch(message);
    // the genuine checkpoint resumes to the uninterrupted run's outputs, bit for bit
    const whole = runExperiment(loadExperiment(experimentPath)).result.outputs;
    const resumed = runExperiment(loadExperiment(experimentPath), { checkpoint: { path: join(dir, 'first.json.ckpt'), every: 1, resume: true } }).result.outputs;
    expect(resumed).toEqual(whole);
  });
});
