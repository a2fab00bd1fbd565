import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { writeCheckpoint, type CheckpointContents } from './checkpoint-file.ts';
import { writeFileAtomic } from './write-file-atomic.ts';

/**
 * A training run's checkpoint in its output folder: one sealed file (checkpoint-file.ts) holding
 * everything a resume restores, and an index beside it naming the sealed file's position and
 * holding what the seal leaves out because it depends on the wall clock (the seconds of each
 * epoch). The sealed file is written first and the index last, each atomically, so an interrupted
 * write leaves the previous checkpoint whole; older sealed files are removed afterwards. The
 * feed-forward trainer (training/checkpoint.ts) and the recurrent ones
 * (recurrent/training/recurrent-checkpoint.ts) each keep their own sealed contents and checks.
 */

/** The index's file name. */
export const CHECKPOINT_INDEX = 'checkpoint.json';

/** Makes the InputError of a damaged checkpoint from a field name and the problem. */
export type Fail = (field: string, problem: string) => InputError;

/** The failures of the damaged checkpoint file `source`: each names the file and the field, and says what to do. */
export function checkpointFailure(source: string): Fail {
  return (field, problem) => new InputError(source, `${field}: ${problem}; restart without --resume`);
}

/**
 * Writes the sealed file `sealedName` into `dir`, then the index, then removes every other file
 * matching `sealedPattern` (the sealed files of earlier positions).
 */
export function writeCheckpointFolder(dir: string, sealedName: string, sealed: CheckpointContents, index: object, sealedPattern: RegExp): void {
  writeCheckpoint(join(dir, sealedName), sealed);
  writeFileAtomic(join(dir, CHECKPOINT_INDEX), JSON.stringify(index));
  for (const name of readdirSync(dir)) if (sealedPattern.test(name) && name !== sealedName) rmSync(join(dir, name), { force: true });
}

/** The index of the checkpoint in a folder: its fields, unchecked, and the failures naming it. */
export interface CheckpointIndex {
  readonly path: string;
  readonly fields: Record<string, unknown>;
  readonly fail: Fail;
}

/**
 * The index in `dir` as a JSON object, or null when there is none (nothing to resume). A file that
 * is not JSON, or not an object, is refused naming it.
 */
export function readCheckpointIndex(dir: string): CheckpointIndex | null {
  const path = join(dir, CHECKPOINT_INDEX);
  if (!existsSync(path)) return null;
  let index: unknown;
  try {
    index = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new InputError(path, `not a readable checkpoint index (${(e as Error).message}); restart without --resume`);
  }
  const fail = checkpointFailure(path);
  if (typeof index !== 'object' || index === null) throw fail('format', 'expected a JSON object');
  return { path, fields: index as Record<string, unknown>, fail };
}

/** Refuses a checkpoint in `dir` whose sealed identity is not this run's: it was written with other options. */
export function refuseOtherRun(dir: string, sealedIdentity: unknown, identity: string): void {
  if (sealedIdentity !== identity) throw new InputError('--resume', `the checkpoint in ${dir} belongs to a run with other options (${String(sealedIdentity)})`);
}

/** Splits epoch records into what is sealed (the records without their wall seconds) and what the index holds (the wall seconds). */
export function splitWallTimes<R extends { readonly trainSeconds: number }>(history: readonly R[]): { readonly timeless: Omit<R, 'trainSeconds'>[]; readonly trainSeconds: number[] } {
  return { timeless: history.map(({ trainSeconds: _, ...h }) => h), trainSeconds: history.map((h) => h.trainSeconds) };
}
