import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';
import { readCheckpoint } from '../../src/io/checkpoint-file.ts';
import { checkpointFailure, CHECKPOINT_INDEX, readCheckpointIndex, refuseOtherRun, splitWallTimes, writeCheckpointFolder } from '../../src/io/checkpoint-folder.ts';

const dir = mkdtempSync(join(tmpdir(), 'checkpoint-folder-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sealed = (epoch: number) => ({ header: { epoch }, blocks: { w: Float64Array.of(epoch, 0.5) } });

describe('a checkpoint folder', () => {
  it('keeps the newest sealed file and its index, and removes the older sealed files only', () => {
    const d = join(dir, 'rotate');
    writeCheckpointFolder(d, 'checkpoint-1.bin', sealed(1), { epoch: 1 }, /^checkpoint-\d+\.bin$/);
    writeFileSync(join(d, 'result.json'), '{}');
    writeCheckpointFolder(d, 'checkpoint-2.bin', sealed(2), { epoch: 2 }, /^checkpoint-\d+\.bin$/);
    expect(readdirSync(d).sort()).toEqual(['checkpoint-2.bin', CHECKPOINT_INDEX, 'result.json']);
    expect(JSON.parse(readFileSync(join(d, CHECKPOINT_INDEX), 'utf8'))).toEqual({ epoch: 2 });
    expect(Array.from(readCheckpoint(join(d, 'checkpoint-2.bin')).blocks.w)).toEqual([2, 0.5]);
    expect(readCheckpointIndex(d)?.fields).toEqual({ epoch: 2 });
  });

  it('has no index in a folder without a checkpoint', () => {
    expect(readCheckpointIndex(join(dir, 'nothing-here'))).toBeNull();
  });

  it('refuses an index that is not JSON, or not an object, naming the file', () => {
    const d = join(dir, 'damaged');
    writeCheckpointFolder(d, 'checkpoint-1.bin', sealed(1), { epoch: 1 }, /^checkpoint-\d+\.bin$/);
    const path = join(d, CHECKPOINT_INDEX);
    writeFileSync(path, '{');
    expect(() => readCheckpointIndex(d)).toThrow(new RegExp(`^${path}: not a readable checkpoint index \\(.+\\); restart without --resume$`));
    writeFileSync(path, '7');
    expect(() => readCheckpointIndex(d)).toThrow(`${path}: format: expected a JSON object; restart without --resume`);
  });

  it('names the file and field of a failure, and refuses another run by its identity', () => {
    const e = checkpointFailure('/x/checkpoint-3.bin')('history[2].epoch', 'expected 3');
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe('/x/checkpoint-3.bin: history[2].epoch: expected 3; restart without --resume');
    expect(() => refuseOtherRun('/x', '{"seed":1}', '{"seed":1}')).not.toThrow();
    expect(() => refuseOtherRun('/x', '{"seed":1}', '{"seed":2}')).toThrow('--resume: the checkpoint in /x belongs to a run with other options ({"seed":1})');
  });

  it('splits records into the sealed part and the wall seconds', () => {
    const { timeless, trainSeconds } = splitWallTimes([
      { epoch: 1, trainLoss: 0.5, trainSeconds: 3.25 },
      { epoch: 2, trainLoss: 0.25, trainSeconds: 4 },
    ]);
    expect(timeless).toEqual([
      { epoch: 1, trainLoss: 0.5 },
      { epoch: 2, trainLoss: 0.25 },
    ]);
    expect(trainSeconds).toEqual([3.25, 4]);
  });
});
