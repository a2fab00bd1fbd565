import { Queue, QueueEvents } from 'bullmq';
import type { PointRunner } from './point-runner.ts';
import { DEFAULT_QUEUE_NAME, queueConnection } from './queue-connection.ts';
import { crashedOutcome, type PointJob, type PointOutcome } from './run-point.ts';

export interface QueueRunnerOptions {
  readonly queueName?: string;
  /** Tries of a point whose worker threw (not of failed runs, which are outcomes); default 3. */
  readonly attempts?: number;
  /** Told of each failed reconnection attempt to Redis. */
  readonly onRetry?: (attempt: number, delayMs: number) => void;
  /** Give up (the sweep stops with an error; a rerun resumes it) after Redis has been unreachable this long; default 120 s. */
  readonly giveUpAfterMs?: number;
}

/**
 * Runs points through a BullMQ queue on Redis: each point becomes a job whose id is its hash,
 * so a point enqueued twice (a rerun of an interrupted sweep) is one job, and a result already
 * in Redis is collected without running again. Workers anywhere (startQueueWorker) take the
 * jobs; retries with exponential backoff and stalled-job recovery are BullMQ's.
 */
export class QueueRunner implements PointRunner {
  /** Every point is enqueued at once; the workers set the real parallelism. */
  readonly concurrency = Number.MAX_SAFE_INTEGER;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly attempts: number;
  private readonly url: string;
  /** Rejects when the connection to Redis is given up: every point in flight stops waiting. */
  private readonly lost: Promise<never>;

  constructor(url: string, options: QueueRunnerOptions = {}) {
    const name = options.queueName ?? DEFAULT_QUEUE_NAME;
    const giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
    let giveUp: (e: Error) => void = () => {};
    this.lost = new Promise<never>((_, reject) => (giveUp = reject));
    this.lost.catch(() => {});
    const connection = queueConnection(url, options.onRetry, giveUpAfterMs, () => giveUp(new Error(`Redis at ${url} unreachable for ${giveUpAfterMs / 1000} s; rerun the sweep to continue`)));
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    // Every point in flight waits on the queue's 'closing' event; thousands may be in flight.
    this.queue.setMaxListeners(0);
    this.attempts = options.attempts ?? 3;
    this.url = url;
    // Connection errors are reported through onRetry and end in a rejected run; no unhandled 'error' events.
    this.queue.on('error', () => {});
    this.events.on('error', () => {});
  }

  async run(job: PointJob): Promise<PointOutcome> {
    let added;
    try {
      const existing = await this.queue.getJob(job.hash);
      // A job that failed in an earlier sweep (its worker crashed every try) is tried afresh.
      if (existing !== undefined && (await existing.isFailed())) await existing.remove();
      added = await this.queue.add('point', job, {
        jobId: job.hash,
        attempts: this.attempts,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { age: 24 * 3600 },
        removeOnFail: { age: 24 * 3600 },
      });
    } catch (e) {
      throw new Error(`cannot enqueue on Redis at ${this.url}: ${(e as Error).message}`);
    }
    const start = performance.now();
    const finished = added.waitUntilFinished(this.events).then(
      (outcome) => outcome as PointOutcome,
      // Failed on every try (its worker threw or its payload was refused): a failed point.
      (e) => crashedOutcome(job.hash, performance.now() - start, e),
    );
    return Promise.race([finished, this.lost]);
  }

  async close(): Promise<void> {
    // Closing a connection that already gave up rejects with its last error; there is nothing left to close.
    await this.events.close().catch(() => {});
    await this.queue.close().catch(() => {});
  }
}
