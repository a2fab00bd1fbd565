/**
 * One (cell, seed) run of the sublstm comparison, in a worker thread of parallel-map.ts: trains it,
 * or returns its finished result.json when the comparison resumes, and reports the fraction done.
 */
import type { RecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import type { RecurrentTrainingResult } from '../recurrent/training/run-recurrent-training.ts';
import type { Task } from './parallel-map.ts';
import { trainOrReuse } from './train-or-reuse.ts';

const task: Task<RecurrentTrainOptions, RecurrentTrainingResult> = (options, report) =>
  trainOrReuse(options, ({ total }) => ({ update: (done) => report(done / total), finish: () => report(1) }));

export default task;
