import { resolve } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { noProgress, type ProgressFactory } from '../core/progress.ts';
import type { Sweep, SweepPoint } from './expand-sweep.ts';
import { extractMetrics } from './metrics.ts';
import type { PointRecord } from './point-record.ts';
import type { PointRunner } from './point-runner.ts';
import type { PointOutcome } from './run-point.ts';
import { writeSweepFigures } from './sweep-figures.ts';
import { SweepStore } from './sweep-store.ts';

export interface SweepRunOptions {
  /** Output folder (created); a folder of an earlier run of the same sweep is resumed. */
  readonly out: string;
  readonly runner: PointRunner;
  readonly progress?: ProgressFactory;
  /** Write the SVG figures (default true). */
  readonly figures?: boolean;
}

export interface SweepReport {
  /** One record per point, in point order (also in points.ndjson). */
  readonly records: readonly PointRecord[];
  /** Distinct experiments run now. */
  readonly ran: number;
  /** Points whose intact result was already in the folder. */
  readonly reused: number;
  readonly failed: number;
  readonly figures: readonly string[];
}

/**
 * Runs every point of a sweep on `runner` and records it in the output folder (SweepStore).
 * Points whose intact result is already there are not run again; points with equal experiments
 * (equal hashes) run once. A point that fails (bad input, a non-finite run, a crashed worker, a
 * metric that is missing or not finite) is recorded with its error and the others go on. When
 * the runner itself fails the sweep stops with that error; a rerun continues it.
 */
export async function runSweep(sweep: Sweep, options: SweepRunOptions): Promise<SweepReport> {
  const { out, runner, progress: makeProgress = noProgress, figures = true } = options;
  const store = new SweepStore(out);
  const metricNames = Object.keys(sweep.metrics);
  const earlier = store.readRecords();

  const byHash = new Map<string, SweepPoint[]>();
  for (const p of sweep.points) {
    if (!byHash.has(p.hash)) byHash.set(p.hash, []);
    byHash.get(p.hash)!.push(p);
  }
  const records = new Array<PointRecord>(sweep.points.length);
  const record = (hash: string, outcome: Omit<PointRecord, 'index' | 'hash' | 'params'>, append: boolean) => {
    for (const p of byHash.get(hash)!) {
      records[p.index] = { index: p.index, hash, params: p.params, ...outcome };
      if (append) store.appendRecord(records[p.index]);
    }
  };
  /** A finished run's record: its metrics, or a failure when one is missing or not finite. */
  const fromResult = (result: unknown, wallMs: number): Omit<PointRecord, 'index' | 'hash' | 'params'> => {
    try {
      const metrics = extractMetrics(result, sweep.metrics);
      const bad = Object.entries(metrics).find(([, v]) => !Number.isFinite(v));
      if (bad !== undefined) return { status: 'failed', metrics, wallMs, error: { kind: 'non-finite', message: `metrics.${bad[0]}: the run gave ${bad[1]}` } };
      return { status: 'done', metrics, wallMs, error: null };
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      return { status: 'failed', metrics: null, wallMs, error: { kind: 'input', message: e.message } };
    }
  };

  const todo: string[] = [];
  let reused = 0;
  for (const [hash, points] of byHash) {
    const result = store.readIntactResult(hash);
    if (result === null) {
      todo.push(hash);
      continue;
    }
    const wallMs = earlier.get(hash)?.wallMs ?? (result as { stats?: { wallMs?: number } }).stats?.wallMs ?? 0;
    record(hash, fromResult(result, wallMs), false);
    reused += points.length;
  }

  const progress = makeProgress({ label: 'sweep', total: sweep.points.length, unit: 'points' });
  let done = reused;
  let failedNow = 0;
  const extra = { failed: 0 };
  const finish = (hash: string, outcome: PointOutcome) => {
    let rec: Omit<PointRecord, 'index' | 'hash' | 'params'>;
    if (outcome.status === 'done') {
      store.writeResult(hash, outcome.result);
      rec = fromResult(JSON.parse(outcome.result), outcome.wallMs);
    } else {
      rec = { status: 'failed', metrics: null, wallMs: outcome.wallMs, error: outcome.error };
    }
    record(hash, rec, true);
    done += byHash.get(hash)!.length;
    if (rec.status === 'failed') failedNow += byHash.get(hash)!.length;
    extra.failed = failedNow;
    progress.update(done, extra);
  };

  let next = 0;
  let stopped = false;
  const lane = async () => {
    while (next < todo.length && !stopped) {
      const hash = todo[next++];
      const point = byHash.get(hash)![0];
      try {
        finish(hash, await runner.run({ hash, experiment: point.experiment, baseDir: sweep.baseDir, runDir: resolve(out, 'runs', hash) }));
      } catch (e) {
        // The runner itself failed (not a point): stop taking points; those done stay recorded.
        stopped = true;
        throw e;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(runner.concurrency, todo.length) }, lane));
  } finally {
    progress.finish();
  }

  store.writeFinal(records, sweep.axes, metricNames);
  const written = figures ? await writeSweepFigures(out, records, sweep.axes, sweep.logAxes, metricNames) : [];
  return { records, ran: todo.length, reused, failed: records.filter((r) => r.status === 'failed').length, figures: written };
}
