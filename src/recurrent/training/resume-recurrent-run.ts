import type { CheckpointableOptimizer } from '../../core/optimizer.ts';
import { readRecurrentCheckpoint, type EpochRecordBase, type EpochRecordCheck } from './recurrent-checkpoint.ts';
import type { RecurrentTrainOptions } from './recurrent-train-options.ts';

/** Where a recurrent run begins: at the start, or where the checkpoint it resumes stands. */
export interface RecurrentRunStart<R extends EpochRecordBase> {
  /** The records of the completed epochs (a fresh list the run may append to). */
  readonly history: R[];
  /** The first epoch to train (1-based). */
  readonly epoch: number;
  /** Batches of that epoch already trained. */
  readonly batches: number;
  /** The loss sum of those batches. */
  readonly lossSum: number;
  /** Wall seconds already spent on that epoch. */
  readonly partialSeconds: number;
  /** The checkpoint's further arrays by name ({} at the start). */
  readonly extra: Readonly<Record<string, Float64Array>>;
}

/** The run that a checkpoint must agree with, and the values a resume restores into. */
export interface RecurrentRunState {
  readonly identity: string;
  readonly batchCount: number;
  readonly parameters: Float64Array;
  readonly optimizer: CheckpointableOptimizer;
}

/**
 * With `options.resume`, reads the checkpoint in `options.out` (readRecurrentCheckpoint: sealed and
 * checked against `run`), restores the parameters and the optimizer's state, and returns where
 * training continues; without a checkpoint there, says so on stderr and starts at epoch 1. Without
 * `options.resume`, the start of a fresh run.
 */
export function resumeRecurrentRun<R extends EpochRecordBase>(options: RecurrentTrainOptions, run: RecurrentRunState, checkRecord: EpochRecordCheck<R>): RecurrentRunStart<R> {
  const checkpoint = options.resume
    ? readRecurrentCheckpoint(options.out, { identity: run.identity, epochs: options.epochs, batchCount: run.batchCount, parameterCount: run.parameters.length, optimizerKind: options.optimizer }, checkRecord)
    : null;
  if (options.resume && checkpoint === null) process.stderr.write(`train: no checkpoint in ${options.out}, starting from epoch 1\n`);
  if (checkpoint === null) return { history: [], epoch: 1, batches: 0, lossSum: 0, partialSeconds: 0, extra: {} };
  run.parameters.set(checkpoint.parameters);
  if (checkpoint.optimizer.slots.length > 0) run.optimizer.loadState(checkpoint.optimizer);
  return {
    history: [...checkpoint.history],
    epoch: checkpoint.epoch + 1,
    batches: checkpoint.batches,
    lossSum: checkpoint.lossSum,
    partialSeconds: checkpoint.partialSeconds,
    extra: checkpoint.extra ?? {},
  };
}
