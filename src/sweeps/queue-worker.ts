import { UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import { LocalPool } from './local-pool.ts';
import { DEFAULT_QUEUE_NAME, queueConnection } from './queue-connection.ts';
import type { PointJob, PointOutcome } from './run-point.ts';

/** A job's payload as the coordinator sends it; anything else is refused. */
const pointJobSchema = z.strictObject({
  hash: z.string().regex(/^[0-9a-f]{16}$/),
  experiment: z.record(z.string(), z.unknown()),
  baseDir: z.string(),
  runDir: z.string(),
});

export interface QueueWorkerOptions {
  readonly queueName?: string;
  /** Points run at once, each in its own thread of a local pool (default 1). */
  readonly concurrency?: number;
  /**
   * How long a job's lock lasts without renewal, ms (BullMQ's lockDuration, default 30 s). A
   * worker that dies holds its job this long at most before the stalled-job check of a live
   * worker (every `lockMs` too) hands the job to another.
   */
  readonly lockMs?: number;
  /** Told when a job starts and ends, and of failed reconnection attempts. */
  readonly onEvent?: (event: { kind: 'active' | 'completed' | 'failed' | 'retry'; hash?: string; message?: string }) => void;
}

/** A running queue worker; `close` lets the jobs in hand finish, then disconnects. */
export interface QueueWorker {
  close(): Promise<void>;
}

/**
 * Takes sweep points from a BullMQ queue and runs them on a local thread pool, the same code as
 * the local sweep (the Redis connection stays on this thread, so a long point never delays the
 * lock renewals that tell BullMQ this worker is alive). A job whose payload fails the schema is
 * refused without retries.
 */
export async function startQueueWorker(url: string, options: QueueWorkerOptions = {}): Promise<QueueWorker> {
  const { queueName = DEFAULT_QUEUE_NAME, concurrency = 1, lockMs = 30_000, onEvent = () => {} } = options;
  const pool = new LocalPool(concurrency);
  const connection = queueConnection(url, (attempt, delayMs) => onEvent({ kind: 'retry', message: `Redis connection lost; retry ${attempt} in ${delayMs} ms` }));
  const worker = new Worker<PointJob, PointOutcome>(
    queueName,
    async (job) => {
      const payload = pointJobSchema.safeParse(job.data);
      if (!payload.success) throw new UnrecoverableError(`refused job ${job.id}: its payload is not a sweep point (${payload.error.issues[0].message} at ${payload.error.issues[0].path.join('.')})`);
      onEvent({ kind: 'active', hash: payload.data.hash });
      return pool.run(payload.data);
    },
    { connection, concurrency, lockDuration: lockMs, stalledInterval: lockMs, maxStalledCount: 2 },
  );
  worker.on('completed', (job) => onEvent({ kind: 'completed', hash: job.data.hash }));
  worker.on('failed', (job, err) => onEvent({ kind: 'failed', hash: job?.data?.hash, message: err.message }));
  worker.on('error', (err) => onEvent({ kind: 'retry', message: err.message }));
  await worker.waitUntilReady();
  return {
    async close() {
      await worker.close();
      await pool.close();
    },
  };
}
