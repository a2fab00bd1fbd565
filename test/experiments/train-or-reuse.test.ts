import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { trainOrReuse } from '../../src/experiments/train-or-reuse.ts';
import type { RecurrentTrainOptions } from '../../src/recurrent/training/recurrent-train-options.ts';

const outDir = mkdtempSync(join(tmpdir(), 'train-or-reuse-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

const options: RecurrentTrainOptions = {
  data: 'row-mnist',
  model: 'sublstm',
  units: 4,
  epochs: 1,
  seed: 1,
  batch: 20,
  lr: 3e-3,
  optimizer: 'rmsprop',
  clip: 1,
  checkpointEvery: 0,
  layers: 1,
  bptt: 0,
  embedding: 0,
  limitTrain: 60,
  limitTest: 20,
  out: join(outDir, 'run'),
  resume: true,
};

describe('trainOrReuse', () => {
  it('returns a finished run of the same settings from its result.json, and refuses to pass off a run of another precision or learning rate', async () => {
    const trained = await trainOrReuse(options);
    expect(trained.precision).toBe('float64');
    // Mark the file: a reused result comes back with the mark, a retrained one would not have it.
    const path = join(options.out, 'result.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), reused: true }));
    const again = await trainOrReuse(options);
    expect((again as unknown as { reused?: boolean }).reused).toBe(true);
    expect(again.testAccuracy).toBe(trained.testAccuracy);
    // Another precision is another run: not reused, and its checkpoint folder belongs to the float64 one.
    await expect(trainOrReuse({ ...options, precision: 'float32' })).rejects.toThrow(InputError);
    // So is another learning rate (the pixel variants differ only in it).
    await expect(trainOrReuse({ ...options, lr: 1e-3 })).rejects.toThrow(/belongs to a run with other options/);
  });
});
