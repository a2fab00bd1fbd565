import { NonFiniteStateError } from '../circuits/non-finite-state-error.ts';
import { InputError } from '../core/input-error.ts';
import { parseExperiment } from '../experiment-file/load-experiment.ts';
import { runExperiment } from '../experiment-file/run-experiment.ts';
import { parseOrThrow } from '../core/zod-issues.ts';
import { runTraining } from '../training/run-training.ts';
import { isTrainDocument, trainBaseSchema, trainOptionsOf } from './train-config.ts';

/** What a worker needs to run one point: plain JSON, so it crosses threads and Redis alike. */
export interface PointJob {
  readonly hash: string;
  /** The point's experiment document. */
  readonly experiment: unknown;
  /** Folder the experiment's relative paths resolve from, on the machine that runs it. */
  readonly baseDir: string;
  /** Where a training point writes its files (result.json, checkpoints, learning curve). */
  readonly runDir: string;
}

/** Why a point failed: `input` (exit 2 of `simulate`), `non-finite` (exit 3), `internal` (a bug). */
export type FailureKind = 'input' | 'non-finite' | 'internal';

/** How one point ended. A failed run is an outcome, not an exception: the sweep goes on. */
export type PointOutcome =
  | { readonly status: 'done'; readonly hash: string; readonly wallMs: number; /** The result file's JSON text. */ readonly result: string }
  | { readonly status: 'failed'; readonly hash: string; readonly wallMs: number; readonly error: { readonly kind: FailureKind; readonly message: string } };

/**
 * Runs one point exactly as `npm run simulate` runs an experiment file (or, for a `{"train": …}`
 * point, as `npm run train` runs, writing its files to `job.runDir`), and returns its result as
 * JSON text: the result `simulate` writes, or train's result.json with the resolved `{"train": …}`
 * document added as `experiment`. Bad input and non-finite runs come back as failed outcomes with
 * the one-line message the command prints; anything else is a bug and is thrown.
 */
export async function runPoint(job: PointJob): Promise<PointOutcome> {
  const start = performance.now();
  try {
    let result: unknown;
    if (isTrainDocument(job.experiment)) {
      const base = parseOrThrow(trainBaseSchema, job.experiment, '');
      result = { ...(await runTraining(trainOptionsOf(base, job.runDir))), experiment: base };
    } else {
      const experiment = parseExperiment(job.experiment, job.baseDir);
      result = runExperiment(experiment, { baseDir: job.baseDir }).result;
    }
    return { status: 'done', hash: job.hash, wallMs: performance.now() - start, result: JSON.stringify(result) };
  } catch (err) {
    const kind: FailureKind | null = err instanceof InputError ? 'input' : err instanceof NonFiniteStateError ? 'non-finite' : null;
    if (kind === null) throw err;
    return { status: 'failed', hash: job.hash, wallMs: performance.now() - start, error: { kind, message: (err as Error).message } };
  }
}

/** The outcome of a point whose worker failed (threw or died) rather than the run itself. */
export function crashedOutcome(hash: string, wallMs: number, error: unknown): PointOutcome {
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return { status: 'failed', hash, wallMs, error: { kind: 'internal', message } };
}
