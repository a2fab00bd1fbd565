import type { ProgressFactory } from '../../core/progress.ts';
import type { EpochRecordBase } from './recurrent-checkpoint.ts';
import type { RecurrentRunStart } from './resume-recurrent-run.ts';

/** Hooks for tests: stop (as if killed) after the checkpoint that follows batch `batches` of epoch `epoch` (1-based). */
export interface RecurrentTrainingHooks {
  readonly progress?: ProgressFactory;
  readonly stopAfter?: { readonly epoch: number; readonly batches: number };
}

/** Thrown by the `stopAfter` hook, in place of a killed process. */
export class StoppedForTest extends Error {}

/** How many epochs of how many batches, and how often to checkpoint within an epoch. */
export interface RecurrentEpochPlan {
  readonly epochs: number;
  readonly batchCount: number;
  /** Batches between checkpoints within an epoch (0: only at epoch ends). */
  readonly checkpointEvery: number;
  /** What a batch is called in the stop hook's message ('batch', or 'window' for a language model). */
  readonly unit: string;
}

/** What a recurrent trainer does at each point of the loop. */
export interface RecurrentEpochSteps {
  /** Before an epoch's first batch: `first` is the first batch to train (> 0 only when resuming within the epoch). */
  beginEpoch(epoch: number, first: number): void;
  /** Trains batch `i` (0-based) of `epoch`. */
  trainBatch(epoch: number, i: number): void;
  /** After the epoch's last batch: evaluates and records it; `trainSeconds` counts its training, resumed segments included. */
  endEpoch(epoch: number, trainSeconds: number): void;
  /** Writes a checkpoint of `epoch` complete epochs and `done` batches of the next, with the wall seconds spent on those. */
  save(epoch: number, done: number, partialSeconds: number): void;
}

/**
 * The epoch loop of the recurrent trainers, from where `start` stands: every batch of every epoch
 * in order, a checkpoint every `checkpointEvery` batches within an epoch and one at each epoch's
 * end, and the wall time of each epoch carried across a resume. With `hooks.stopAfter`, throws
 * StoppedForTest right after the checkpoint it names.
 */
export function runRecurrentEpochs(start: RecurrentRunStart<EpochRecordBase>, plan: RecurrentEpochPlan, steps: RecurrentEpochSteps, hooks: RecurrentTrainingHooks = {}): void {
  const { batchCount, checkpointEvery } = plan;
  const stopAfter = hooks.stopAfter;
  for (let epoch = start.epoch; epoch <= plan.epochs; epoch++) {
    const first = epoch === start.epoch ? start.batches : 0;
    steps.beginEpoch(epoch, first);
    const began = performance.now();
    const before = epoch === start.epoch ? start.partialSeconds : 0;
    for (let i = first; i < batchCount; i++) {
      steps.trainBatch(epoch, i);
      const done = i + 1;
      if (checkpointEvery > 0 && done % checkpointEvery === 0 && done < batchCount) {
        steps.save(epoch - 1, done, before + (performance.now() - began) / 1000);
        if (stopAfter?.epoch === epoch && stopAfter.batches === done) throw new StoppedForTest(`stopped after ${plan.unit} ${done} of epoch ${epoch}`);
      }
    }
    steps.endEpoch(epoch, before + (performance.now() - began) / 1000);
    steps.save(epoch, 0, 0);
    if (stopAfter?.epoch === epoch && stopAfter.batches === batchCount) throw new StoppedForTest(`stopped after epoch ${epoch}`);
  }
}
