import type { PointJob, PointOutcome } from './run-point.ts';

/**
 * Where a sweep's points run: the local worker-thread pool or a BullMQ queue. `run` resolves with
 * the point's outcome, failed points included (a crashed worker thread, a job that failed every
 * try); it rejects only when the runner itself fails (Redis unreachable), which ends the sweep.
 */
export interface PointRunner {
  /** How many points run at once (the sweep keeps this many in flight). */
  readonly concurrency: number;
  run(job: PointJob): Promise<PointOutcome>;
  /** Ends the workers or connections; later `run` calls are not allowed. */
  close(): Promise<void>;
}
