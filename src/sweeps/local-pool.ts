import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import type { PointRunner } from './point-runner.ts';
import { crashedOutcome, type PointJob, type PointOutcome } from './run-point.ts';

const BOOTSTRAP = fileURLToPath(new URL('./point-task-bootstrap.mjs', import.meta.url));

/**
 * Runs points on a piscina pool of `workers` threads (default: the machine's cores), each thread
 * kept alive between points so that tsx and the engine load once per thread, not once per point.
 * A thread that dies takes only its point with it: the pool starts another.
 */
export class LocalPool implements PointRunner {
  readonly concurrency: number;
  private readonly pool: Piscina<PointJob, PointOutcome>;

  constructor(workers: number = availableParallelism()) {
    if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`LocalPool: workers must be a positive integer, got ${workers}`);
    this.concurrency = workers;
    this.pool = new Piscina({ filename: BOOTSTRAP, minThreads: workers, maxThreads: workers, idleTimeout: 60_000 });
  }

  async run(job: PointJob): Promise<PointOutcome> {
    const start = performance.now();
    try {
      return await this.pool.run(job);
    } catch (e) {
      return crashedOutcome(job.hash, performance.now() - start, e);
    }
  }

  close(): Promise<void> {
    return this.pool.destroy();
  }
}
