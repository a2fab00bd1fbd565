/**
 * One (cell, seed) run of the sublstm comparison, in a worker thread of parallel-map.ts: trains it,
 * or returns its finished result.json when the comparison resumes, and reports the fraction done;
 * a failure names the cell and seed.
 */
import type { RecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import type { RecurrentTrainingResult } from '../recurrent/training/run-recurrent-training.ts';
import type { Task } from './parallel-map.ts';
import { trainOrReuse } from './train-or-reuse.ts';

const task: Task<RecurrentTrainOptions, RecurrentTrainingResult> = async (options, report) => {
  try {
    return await trainOrReuse(options, ({ total }) => ({ update: (done) => report(done / total), finish: () => report(1) }));
  } catch (err) {
    // Six runs side by side: say which one failed (the error keeps its name, so its kind).
    if (err instanceof Error) err.message = `${options.model} seed ${options.seed}: ${err.message}`;
    throw err;
  }
};

export default task;
