import type { LiveChartLayout } from './live-series.ts';
import { RowRing } from './row-ring.ts';

/** A chart of one stream: its layout and the x-axis title (with its unit). */
export interface BoardChart extends LiveChartLayout {
  /** The stream whose rows [x, line values…] this chart draws. */
  readonly stream: string;
  readonly x: string;
}

/**
 * What a live server shows: named streams of rows (each a bounded RowRing of [x, values…]) and the
 * charts drawn from them. `version` changes whenever streams or charts are added or removed, so the
 * server knows to send its clients the new layout (and the streams' history again).
 */
export class LiveBoard {
  readonly streams = new Map<string, RowRing>();
  private chartList: BoardChart[] = [];
  version = 0;

  constructor(
    /** Rows kept per stream. */
    readonly history: number,
  ) {}

  get charts(): readonly BoardChart[] {
    return this.chartList;
  }

  /**
   * Adds (or replaces) stream `id` of rows `width` numbers wide and its charts (their `column`s
   * index into the row; 0 is x). Returns the stream's ring, to write rows into.
   */
  setStream(id: string, width: number, charts: readonly LiveChartLayout[], x: string): RowRing {
    this.chartList = this.chartList.filter((c) => c.stream !== id);
    const ring = new RowRing(width, this.history);
    this.streams.set(id, ring);
    this.chartList.push(...charts.map((c) => ({ ...c, stream: id, x })));
    this.version++;
    return ring;
  }

  /** Removes the streams whose id passes `test`, with their charts. */
  dropStreams(test: (id: string) => boolean): void {
    const ids = [...this.streams.keys()].filter(test);
    if (ids.length === 0) return;
    for (const id of ids) this.streams.delete(id);
    this.chartList = this.chartList.filter((c) => !ids.includes(c.stream));
    this.version++;
  }
}
