import { decimate } from './decimate.ts';
import { LINE_LEGEND, NO_LABEL_LIMIT } from './legend-style.ts';
import type { VegaLiteSpec } from './render-svg.ts';

export interface TraceLine {
  /** Lines of the same name share colour and dash across panels, and one legend entry. */
  name: string;
  /** One value per time point; non-finite values are dropped. */
  values: ArrayLike<number>;
  dashed?: boolean;
}

export interface TracePanel {
  /** Shown above the panel; unique within the chart. */
  title: string;
  lines: readonly TraceLine[];
}

export interface TracesChartOptions {
  title: string;
  time: ArrayLike<number>;
  /** Default `time`. */
  timeLabel?: string;
  panels: readonly TracePanel[];
  /** Size of one panel. */
  width?: number;
  height?: number;
}

/**
 * Small multiples of time traces: one row per panel, a shared time axis and an own y scale per
 * panel, e.g. the output potentials of a few neurons against their targets (dashed). Each line is
 * thinned to at most 2,000 points like `lineChart` (`decimate`).
 */
export function tracesChart(options: TracesChartOptions): VegaLiteSpec {
  const { title, time, timeLabel = 'time', panels, width = 480, height = 120 } = options;
  const titles = panels.map((p) => p.title);
  if (new Set(titles).size !== titles.length) throw new Error(`tracesChart: panel titles must be unique, got ${titles.join(', ')}`);

  const dashedByName = new Map<string, boolean>();
  const rows: { panel: string; line: string; t: number; v: number }[] = [];
  for (const panel of panels) {
    for (const line of panel.lines) {
      const where = `tracesChart: panel "${panel.title}" line "${line.name}"`;
      if (line.values.length !== time.length) throw new RangeError(`${where} has ${line.values.length} values, time has ${time.length}`);
      const dashed = line.dashed ?? false;
      if ((dashedByName.get(line.name) ?? dashed) !== dashed) throw new Error(`${where} is dashed in one panel and solid in another`);
      dashedByName.set(line.name, dashed);

      const valid: number[] = [];
      for (let i = 0; i < time.length; i++) if (Number.isFinite(time[i]) && Number.isFinite(line.values[i])) valid.push(i);
      for (const j of decimate(valid.map((i) => time[i]))) {
        const i = valid[j];
        rows.push({ panel: panel.title, line: line.name, t: time[i], v: line.values[i] });
      }
    }
  }

  const names = [...dashedByName.keys()];
  const legend = LINE_LEGEND;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    data: { values: rows },
    facet: {
      row: {
        field: 'panel',
        type: 'nominal',
        sort: titles,
        header: { title: null, labelAngle: 0, labelOrient: 'top', labelAnchor: 'start', labelFontWeight: 'bold', labelLimit: NO_LABEL_LIMIT },
      },
    },
    spec: {
      name: 'trace',
      width,
      height,
      mark: { type: 'line' },
      encoding: {
        x: { field: 't', type: 'quantitative', title: timeLabel },
        y: { field: 'v', type: 'quantitative', title: null, scale: { zero: false } },
        // Colour and dash on the same field and domain merge into one legend with dashed symbols.
        color: { field: 'line', type: 'nominal', title: null, scale: { domain: names }, legend },
        strokeDash: {
          field: 'line',
          type: 'nominal',
          title: null,
          scale: { domain: names, range: names.map((n) => (dashedByName.get(n) ? [4, 3] : [1, 0])) },
          legend,
        },
      },
    },
    resolve: { scale: { y: 'independent' } },
  };
}
