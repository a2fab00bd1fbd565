import { join } from 'node:path';
import { InputError } from '../../core/input-error.ts';
import type { OptimizerState } from '../../core/optimizer.ts';
import { readCheckpoint } from '../../io/checkpoint-file.ts';
import { CHECKPOINT_INDEX, checkpointFailure, readCheckpointIndex, refuseOtherRun, splitWallTimes, writeCheckpointFolder, type CheckpointIndex, type Fail } from '../../io/checkpoint-folder.ts';

export type { Fail } from '../../io/checkpoint-folder.ts';

/** What every epoch record holds: its number (1-based) and the wall seconds of its training. */
export interface EpochRecordBase {
  readonly epoch: number;
  /** Wall seconds of the epoch's training (not of its evaluation). */
  readonly trainSeconds: number;
}

/** One epoch of a recurrent classification run: mean training loss, error fractions after the epoch, wall time. */
export interface RecurrentEpochRecord extends EpochRecordBase {
  /** Mean cross-entropy over the epoch's training digits (of the batches as they were trained). */
  readonly trainLoss: number;
  readonly trainError: number;
  readonly testError: number;
}

/**
 * Where a recurrent run stands: `epoch` epochs complete, and `batches` batches of epoch + 1 trained
 * (0 at an epoch's end), with the partial loss sum of those batches.
 */
export interface RecurrentCheckpoint<R extends EpochRecordBase = RecurrentEpochRecord> {
  readonly identity: string;
  readonly epoch: number;
  readonly batches: number;
  readonly lossSum: number;
  readonly history: readonly R[];
  readonly parameters: Float64Array;
  readonly optimizer: OptimizerState;
  /** Wall seconds already spent on the unfinished epoch (0 at an epoch's end). */
  readonly partialSeconds: number;
  /** Further sealed arrays a resume needs (a language model's carried states, its loss curve), by name. */
  readonly extra?: Readonly<Record<string, Float64Array>>;
}

/**
 * Checks one sealed history entry (wall time removed) of epoch i + 1; returns it without
 * `trainSeconds`, or throws `fail(field, problem)`.
 */
export type EpochRecordCheck<R extends EpochRecordBase> = (entry: Record<string, unknown>, i: number, fail: Fail) => Omit<R, 'trainSeconds'>;

/**
 * A recurrent training checkpoint in the run's folder (io/checkpoint-folder.ts), in the sealed
 * format of io/checkpoint-file.ts (JSON header and float64 blocks under one SHA-256):
 *
 *     checkpoint-<epoch>-<batches>.bin  sealed: identity, position, history without wall times,
 *                                       loss sum, optimizer step counts; blocks: parameters, loss
 *                                       sum, the optimizer's m and v per slot, the
 *                                       run's extra arrays (`extra.<name>`)
 *     checkpoint.json                   the position and the wall seconds of each epoch
 *
 * Everything a resume restores is sealed and independent of the wall clock, so two runs that
 * reached the same state write the same bytes. The sealed file is written first and the index
 * last, each atomically; older sealed files are removed afterwards.
 */
const FORMAT = 1;
const KIND = 'recurrent-training';

interface Index {
  format: number;
  epoch: number;
  batches: number;
  trainSeconds: number[];
  partialSeconds: number;
}

const sealedName = (epoch: number, batches: number) => `checkpoint-${epoch}-${batches}.bin`;

export function writeRecurrentCheckpoint<R extends EpochRecordBase>(dir: string, c: RecurrentCheckpoint<R>): void {
  const blocks: Record<string, Float64Array> = { parameters: c.parameters, lossSum: Float64Array.of(c.lossSum) };
  for (const s of c.optimizer.slots) {
    blocks[`optimizer.${s.slot}.m`] = s.m;
    blocks[`optimizer.${s.slot}.v`] = s.v;
  }
  for (const [name, values] of Object.entries(c.extra ?? {})) blocks[`extra.${name}`] = values;
  const { timeless: history, trainSeconds } = splitWallTimes(c.history);
  const optimizer = { kind: c.optimizer.kind, slots: c.optimizer.slots.map((s) => ({ slot: s.slot, t: s.t })) };
  const index: Index = { format: FORMAT, epoch: c.epoch, batches: c.batches, trainSeconds, partialSeconds: c.partialSeconds };
  const header = { kind: KIND, version: 1, identity: c.identity, epoch: c.epoch, batches: c.batches, history, optimizer };
  writeCheckpointFolder(dir, sealedName(c.epoch, c.batches), { header, blocks }, index, /^checkpoint-\d+-\d+\.bin$/);
}

/** What a checkpoint must agree with to be continued. */
export interface RecurrentResumeExpectation {
  readonly identity: string;
  readonly epochs: number;
  readonly batchCount: number;
  readonly parameterCount: number;
  readonly optimizerKind: OptimizerState['kind'];
}

/**
 * The checkpoint in `dir`, or null when there is none; its seal verified and every value checked
 * against the run it claims to continue, each history entry by `checkRecord` (an InputError naming
 * the file and field otherwise).
 */
export function readRecurrentCheckpoint<R extends EpochRecordBase>(dir: string, run: RecurrentResumeExpectation, checkRecord: EpochRecordCheck<R>): RecurrentCheckpoint<R> | null {
  const found = readCheckpointIndex(dir);
  if (found === null) return null;
  const index = checkedIndex(found);
  const source = join(dir, sealedName(index.epoch, index.batches));
  const { header, blocks } = readCheckpoint(source);
  const fail = checkpointFailure(source);
  if (header.kind !== KIND || header.version !== 1) throw fail('kind', `expected a ${KIND} checkpoint of version 1`);
  refuseOtherRun(dir, header.identity, run.identity);
  if (header.epoch !== index.epoch || header.batches !== index.batches) throw fail('epoch', `the sealed position differs from ${CHECKPOINT_INDEX}`);
  const epoch = index.epoch;
  if (epoch > run.epochs || (epoch === run.epochs && index.batches > 0)) throw new InputError('--epochs', `the checkpoint in ${dir} is already at epoch ${epoch}`);
  if (epoch === run.epochs) throw new InputError('--epochs', `the checkpoint in ${dir} has finished all ${epoch} epochs`);
  if (index.batches >= run.batchCount) throw fail('batches', `expected fewer than ${run.batchCount} batches of an epoch, got ${index.batches}`);
  const parameters = blocks.parameters;
  if (parameters === undefined || parameters.length !== run.parameterCount) throw fail('parameters', `expected ${run.parameterCount} values`);
  if (!parameters.every(Number.isFinite)) throw fail('parameters', 'not all finite');
  const lossSum = blocks.lossSum?.[0];
  if (lossSum === undefined || !(lossSum >= 0 && Number.isFinite(lossSum))) throw fail('lossSum', 'expected a finite number ≥ 0');
  const history = checkedHistory(header.history, epoch, index.trainSeconds, checkRecord, fail);
  const optimizer = checkedOptimizer(header.optimizer, blocks, run, fail);
  const extra: Record<string, Float64Array> = {};
  for (const [name, values] of Object.entries(blocks)) {
    if (!name.startsWith('extra.')) continue;
    if (!values.every(Number.isFinite)) throw fail(name, 'not all finite');
    extra[name.slice('extra.'.length)] = values;
  }
  return { identity: run.identity, epoch, batches: index.batches, lossSum, history, parameters, optimizer, partialSeconds: index.partialSeconds, extra };
}

function checkedHistory<R extends EpochRecordBase>(value: unknown, epoch: number, seconds: readonly number[], checkRecord: EpochRecordCheck<R>, fail: Fail): R[] {
  if (!Array.isArray(value) || value.length !== epoch) throw fail('history', `expected ${epoch} records, one per epoch`);
  return value.map((entry: unknown, i) => {
    const r = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (r.epoch !== i + 1) throw fail(`history[${i}].epoch`, `expected ${i + 1}`);
    return { ...checkRecord(r, i, fail), trainSeconds: seconds[i] } as R;
  });
}

/** A finite number ≥ 0 at history[i].field, or a failure naming it. */
export function nonNegativeField(r: Record<string, unknown>, i: number, field: string, fail: Fail): number {
  const x = r[field];
  if (typeof x !== 'number' || !(x >= 0 && Number.isFinite(x))) throw fail(`history[${i}].${field}`, 'expected a finite number ≥ 0');
  return x;
}

/** The classification runs' record: training loss and error fractions. */
export function checkClassificationRecord(r: Record<string, unknown>, i: number, fail: Fail): Omit<RecurrentEpochRecord, 'trainSeconds'> {
  const fraction = (f: string) => {
    const x = r[f];
    if (typeof x !== 'number' || !(x >= 0 && x <= 1)) throw fail(`history[${i}].${f}`, 'expected a fraction in [0, 1]');
    return x;
  };
  return { epoch: i + 1, trainLoss: nonNegativeField(r, i, 'trainLoss', fail), trainError: fraction('trainError'), testError: fraction('testError') };
}

function checkedOptimizer(value: unknown, blocks: Record<string, Float64Array>, run: RecurrentResumeExpectation, fail: Fail): OptimizerState {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (o.kind !== run.optimizerKind) throw fail('optimizer.kind', `expected ${run.optimizerKind}, got ${JSON.stringify(o.kind)}`);
  if (!Array.isArray(o.slots)) throw fail('optimizer.slots', 'expected a list');
  const slots = o.slots.map((entry: unknown, i) => {
    const s = (typeof entry === 'object' && entry !== null ? entry : {}) as Record<string, unknown>;
    if (typeof s.slot !== 'number' || !Number.isSafeInteger(s.slot) || typeof s.t !== 'number' || !Number.isSafeInteger(s.t) || s.t < 1) throw fail(`optimizer.slots[${i}]`, 'expected an integer slot and step count ≥ 1');
    const m = blocks[`optimizer.${s.slot}.m`];
    const v = blocks[`optimizer.${s.slot}.v`];
    if (m === undefined || v === undefined || m.length !== run.parameterCount || v.length !== run.parameterCount) throw fail(`optimizer.slots[${i}]`, `expected m and v blocks of ${run.parameterCount} values`);
    if (!m.every(Number.isFinite) || !v.every((x) => x >= 0 && Number.isFinite(x))) throw fail(`optimizer.slots[${i}]`, 'm must be finite and v finite and ≥ 0');
    return { slot: s.slot, t: s.t, m, v };
  });
  return { kind: run.optimizerKind, slots };
}

/** checkpoint.json: the position and the wall seconds of each epoch and of the unfinished one. */
function checkedIndex({ fields: o, fail }: CheckpointIndex): Index {
  if (o.format !== FORMAT) throw fail('format', `expected ${FORMAT}, got ${JSON.stringify(o.format)} (is this a feed-forward run's folder?)`);
  const { epoch, batches, trainSeconds, partialSeconds } = o;
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch < 0) throw fail('epoch', 'expected an integer ≥ 0');
  if (typeof batches !== 'number' || !Number.isSafeInteger(batches) || batches < 0) throw fail('batches', 'expected an integer ≥ 0');
  if (epoch === 0 && batches === 0) throw fail('batches', 'a checkpoint records at least one batch');
  if (!Array.isArray(trainSeconds) || trainSeconds.length !== epoch || trainSeconds.some((s) => typeof s !== 'number' || !(s >= 0 && Number.isFinite(s)))) throw fail('trainSeconds', `expected ${epoch} wall times ≥ 0`);
  if (typeof partialSeconds !== 'number' || !(partialSeconds >= 0 && Number.isFinite(partialSeconds))) throw fail('partialSeconds', 'expected a wall time ≥ 0');
  return { format: FORMAT, epoch, batches, trainSeconds: trainSeconds as number[], partialSeconds };
}
