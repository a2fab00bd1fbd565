import { join } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { readCheckpoint } from '../io/checkpoint-file.ts';
import { CHECKPOINT_INDEX, readCheckpointIndex, refuseOtherRun, splitWallTimes, writeCheckpointFolder, type CheckpointIndex } from '../io/checkpoint-folder.ts';
import type { RandomState } from '../random/random.ts';
import { CheckedState } from './checked-state.ts';
import type { EpochRecord } from './epoch-record.ts';
import type { LearnerState } from './learner.ts';

/**
 * A training checkpoint in the run's output folder (io/checkpoint-folder.ts), in the sealed
 * checkpoint format that simulations use (io/checkpoint-file.ts: JSON header and little-endian
 * float64 blocks under one SHA-256), so a flipped bit or a cut-short file is refused as a whole:
 *
 *     checkpoint-<epoch>.bin   sealed: the run's identity, the epoch, the history without wall
 *                              times, the order stream and the learner's values; its arrays as blocks
 *     checkpoint.json          the current epoch and the wall seconds of each epoch
 *
 * Everything a resume restores is in the sealed file, and nothing that depends on the wall clock,
 * so two runs that reached the same state write the same bytes. The wall times only feed the
 * samples-per-second report. The sealed file is written first and the index last, each
 * atomically, so an interrupted write leaves the previous checkpoint intact; older sealed files
 * are removed afterwards.
 *
 * The seal catches accidents, not edits: a checkpoint edited and resealed is caught by checking
 * every value read back against the run it claims to continue (readTrainingCheckpoint and each
 * Learner's loadState).
 */
const FORMAT = 2;
const KIND = 'training';

/** What a resume continues from. */
export interface TrainingCheckpoint {
  /** runIdentity of the run that wrote it. */
  readonly identity: string;
  /** Epochs completed. */
  readonly epoch: number;
  /** One record per completed epoch. */
  readonly history: readonly EpochRecord[];
  /** State of the stream that shuffles each epoch. */
  readonly order: RandomState;
  readonly learner: LearnerState;
}

/** What a checkpoint must agree with to be continued. */
export interface ResumeExpectation {
  readonly identity: string;
  /** The epochs this run is to reach. */
  readonly epochs: number;
  /** Whether the task classifies (error fractions recorded) or regresses (errors null). */
  readonly classification: boolean;
}

interface Index {
  format: number;
  epoch: number;
  trainSeconds: number[];
}

const sealedName = (epoch: number) => `checkpoint-${epoch}.bin`;

export function writeTrainingCheckpoint(dir: string, checkpoint: TrainingCheckpoint): void {
  const { identity, epoch, history, order, learner } = checkpoint;
  const { timeless, trainSeconds } = splitWallTimes(history);
  const index: Index = { format: FORMAT, epoch, trainSeconds };
  writeCheckpointFolder(dir, sealedName(epoch), { header: { kind: KIND, version: 1, identity, epoch, history: timeless, order, learner: learner.meta }, blocks: learner.arrays }, index, /^checkpoint-\d+\.bin$/);
}

/**
 * The checkpoint in `dir`, or null when there is none: its seal verified, and its identity, epoch,
 * history and order stream checked against `run`. The learner's part is checked by the learner's
 * loadState (given the file as `source`). A checkpoint of the old, unsealed format is refused.
 */
export function readTrainingCheckpoint(dir: string, run: ResumeExpectation): (TrainingCheckpoint & { readonly source: string }) | null {
  const found = readCheckpointIndex(dir);
  if (found === null) return null;
  const index = checkedIndex(found);
  const source = join(dir, sealedName(index.epoch));
  const { header, blocks } = readCheckpoint(source);
  const checked = new CheckedState({ meta: header, arrays: blocks }, source);
  if (header.kind !== KIND || header.version !== 1) throw checked.fail('kind', `expected a ${KIND} checkpoint of version 1, got ${JSON.stringify(header.kind)} version ${JSON.stringify(header.version)}`);
  refuseOtherRun(dir, header.identity, run.identity);
  const epoch = checked.integer(header.epoch, 'epoch', 1, Number.MAX_SAFE_INTEGER);
  if (epoch !== index.epoch) throw checked.fail('epoch', `${epoch}, but ${CHECKPOINT_INDEX} names epoch ${index.epoch}`);
  if (epoch > run.epochs) throw new InputError('--epochs', `the checkpoint in ${dir} is already at epoch ${epoch}`);
  const history = checkedHistory(checked, header.history, epoch, index.trainSeconds, run.classification);
  const order = checked.randomState(header.order, 'order');
  const learner = { meta: checked.object(header.learner, 'learner'), arrays: blocks };
  return { identity: run.identity, epoch, history, order, learner, source };
}

/** checkpoint.json: the current epoch and the wall seconds of each epoch. */
function checkedIndex({ path, fields: o, fail }: CheckpointIndex): Index {
  if (o.format === 1 || ('meta' in o && 'arrays' in o)) {
    throw new InputError(path, 'a training checkpoint of the old, unsealed format, which cannot be checked for damage; restart without --resume');
  }
  if (o.format !== FORMAT) throw fail('format', `expected ${FORMAT}, got ${JSON.stringify(o.format)}`);
  const epoch = o.epoch;
  if (typeof epoch !== 'number' || !Number.isInteger(epoch) || epoch < 1) throw fail('epoch', `expected an integer ≥ 1, got ${JSON.stringify(epoch)}`);
  const seconds = o.trainSeconds;
  if (!Array.isArray(seconds) || seconds.length !== epoch || seconds.some((s) => typeof s !== 'number' || !(s >= 0) || !Number.isFinite(s))) {
    throw fail('trainSeconds', `expected ${epoch} finite wall times ≥ 0, one per epoch`);
  }
  return { format: FORMAT, epoch, trainSeconds: seconds as number[] };
}

/** One record per epoch 1…epoch, numbers in range, errors present exactly for classification; wall times from the index. */
function checkedHistory(checked: CheckedState, value: unknown, epoch: number, seconds: readonly number[], classification: boolean): EpochRecord[] {
  if (!Array.isArray(value) || value.length !== epoch) {
    throw checked.fail('history', `expected ${epoch} records (one per epoch), got ${Array.isArray(value) ? value.length : typeof value}`);
  }
  return value.map((entry: unknown, i) => {
    const at = `history[${i}]`;
    const r = checked.object(entry, at);
    checked.integer(r.epoch, `${at}.epoch`, i + 1, i + 1);
    const trainError = checked.fractionOrNull(r.trainError, `${at}.trainError`);
    const testError = checked.fractionOrNull(r.testError, `${at}.testError`);
    if (classification ? trainError === null || testError === null : trainError !== null || testError !== null) {
      throw checked.fail(`${at}.testError`, classification ? 'a classification run records error fractions' : 'a regression run records no error fractions');
    }
    return {
      epoch: i + 1,
      trainLoss: checked.finite(r.trainLoss, `${at}.trainLoss`, 0),
      trainError,
      testError,
      trainMse: checked.finite(r.trainMse, `${at}.trainMse`, 0),
      testMse: checked.finite(r.testMse, `${at}.testMse`, 0),
      trainSeconds: seconds[i],
    };
  });
}
