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

  constructor(url: string, options: QueueRunnerOptions = {}) {
    const name = options.queueName ?? DEFAULT_QUEUE_NAME;
    const connection = queueConnection(url, options.onRetry);
    this.queue = new Queue(name, { connection });
    this.events = new QueueEvents(name, { connection });
    // Every point in flight waits on the queue's 'closing' event; thousands may be in flight.
    this.queue.setMaxListeners(0);
    this.attempts = options.attempts ?? 3;
  }

  async run(job: PointJob): Promise<PointOutcome> {
    const existing = await this.queue.getJob(job.hash);
    // A job that failed in an earlier sweep (its worker crashed every try) is tried afresh.
    if (existing !== undefined && (await existing.isFailed())) await existing.remove();
    const added = await this.queue.add('point', job, {
      jobId: job.hash,
      attempts: this.attempts,
      backoff: { type: 'exponential', delay: 1000 },
      removeOnComplete: { age: 24 * 3600 },
      removeOnFail: { age: 24 * 3600 },
    });
    const start = performance.now();
    try {
      return (await added.waitUntilFinished(this.events)) as PointOutcome;
    } catch (e) {
      // Failed on every try (its worker threw or its payload was refused): a failed point.
      return crashedOutcome(job.hash, performance.now() - start, e);
    }
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
  }
}
