import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecurrentTrainOptions } from '../recurrent/training/recurrent-train-options.ts';
import { runRecurrentTraining, type RecurrentTrainingResult } from '../recurrent/training/run-recurrent-training.ts';
import type { ProgressFactory } from '../core/progress.ts';

/**
 * One recurrent MNIST run of an experiment, or its finished result.json when resuming a
 * comparison whose run has already ended (same data, cell, units, seed, epochs, precision, batch,
 * learning rate, optimizer and clipping).
 */
export async function trainOrReuse(options: RecurrentTrainOptions, progress?: ProgressFactory): Promise<RecurrentTrainingResult> {
  const resultPath = join(options.out, 'result.json');
  if (options.resume && existsSync(resultPath)) {
    const done = JSON.parse(readFileSync(resultPath, 'utf8')) as RecurrentTrainingResult;
    const sameRun = done.epochs === options.epochs && done.model === options.model && done.seed === options.seed && done.units === options.units && done.data === options.data && done.precision === (options.precision ?? 'float64');
    const sameTraining = done.settings.batch === options.batch && done.settings.lr === options.lr && done.settings.optimizer === options.optimizer && done.settings.clip === options.clip;
    if (sameRun && sameTraining) return done;
  }
  return runRecurrentTraining(options, { progress });
}
