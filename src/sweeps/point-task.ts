import { runPoint, type PointJob, type PointOutcome } from './run-point.ts';

/** The default export piscina calls in each worker thread (through point-task-bootstrap.mjs). */
export default function pointTask(job: PointJob): Promise<PointOutcome> {
  return runPoint(job);
}
