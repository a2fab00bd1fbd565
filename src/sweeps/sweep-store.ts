import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { pointHash } from './point-hash.ts';
import type { PointRecord } from './point-record.ts';

/**
 * The output folder of a sweep:
 * - `points/<hash>.json`: each finished point's full result, written whole or not at all;
 * - `points.ndjson`: one record per point, appended as points finish (so a killed coordinator
 *   loses only the points in flight) and rewritten in point order, one line per point, at the end;
 * - `summary.csv`: the same records as a table.
 */
export class SweepStore {
  readonly resultsDir: string;
  readonly ndjsonPath: string;

  constructor(readonly dir: string) {
    this.resultsDir = join(dir, 'points');
    this.ndjsonPath = join(dir, 'points.ndjson');
    mkdirSync(this.resultsDir, { recursive: true });
  }

  resultPath(hash: string): string {
    return join(this.resultsDir, `${hash}.json`);
  }

  /**
   * The stored result of a point, or null when there is none or it is not intact: unreadable,
   * not JSON, or its echoed experiment does not hash to `hash`.
   */
  readIntactResult(hash: string): unknown | null {
    const path = this.resultPath(hash);
    if (!existsSync(path)) return null;
    try {
      const result = JSON.parse(readFileSync(path, 'utf8')) as { experiment?: unknown };
      return pointHash(result.experiment) === hash ? result : null;
    } catch {
      return null;
    }
  }

  writeResult(hash: string, json: string): void {
    writeFileAtomic(this.resultPath(hash), json);
  }

  /** Records of earlier runs, by hash (the last line of each wins); torn lines are skipped. */
  readRecords(): Map<string, PointRecord> {
    const byHash = new Map<string, PointRecord>();
    if (!existsSync(this.ndjsonPath)) return byHash;
    for (const line of readFileSync(this.ndjsonPath, 'utf8').split('\n')) {
      try {
        const record = JSON.parse(line) as PointRecord;
        if (typeof record?.hash === 'string') byHash.set(record.hash, record);
      } catch {
        // A line cut short by a killed coordinator; its point is rerun or found by its result file.
      }
    }
    return byHash;
  }

  appendRecord(record: PointRecord): void {
    appendFileSync(this.ndjsonPath, `${JSON.stringify(record)}\n`);
  }

  /** Rewrites points.ndjson and summary.csv with exactly these records, in order. */
  writeFinal(records: readonly PointRecord[], axes: readonly string[], metrics: readonly string[]): void {
    writeFileAtomic(this.ndjsonPath, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    writeFileAtomic(join(this.dir, 'summary.csv'), summaryCsv(records, axes, metrics));
  }
}

/** A CSV field: numbers as JavaScript prints them, text quoted when it must be (RFC 4180). */
function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** index, hash, one column per axis (named by its pointer), status, one per metric, wall_ms, error. */
export function summaryCsv(records: readonly PointRecord[], axes: readonly string[], metrics: readonly string[]): string {
  const header = ['index', 'hash', ...axes, 'status', ...metrics, 'wall_ms', 'error'];
  const rows = records.map((r) => [
    r.index,
    r.hash,
    ...axes.map((a) => r.params[a]),
    r.status,
    ...metrics.map((m) => r.metrics?.[m] ?? null),
    Math.round(r.wallMs),
    r.error?.message ?? null,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
