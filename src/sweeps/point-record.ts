import type { FailureKind } from './run-point.ts';

/** One line of `points.ndjson`: what became of one point of the sweep. */
export interface PointRecord {
  readonly index: number;
  readonly hash: string;
  /** Axis pointer → value. */
  readonly params: Readonly<Record<string, unknown>>;
  readonly status: 'done' | 'failed';
  /** Metric name → value; null when the point failed. */
  readonly metrics: Readonly<Record<string, number>> | null;
  /** Wall-clock time of the run in the worker, ms. */
  readonly wallMs: number;
  /** The one-line error of a failed point. */
  readonly error: { readonly kind: FailureKind; readonly message: string } | null;
}
