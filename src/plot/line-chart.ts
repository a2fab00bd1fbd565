import { decimate } from './decimate.ts';
import { DASHES, LINE_LEGEND } from './legend-style.ts';
import type { VegaLiteSpec } from './render-svg.ts';

/** Vega's default categorical palette (tableau10). */
const PALETTE = ['#4c78a8', '#f58518', '#e45756', '#72b7b2', '#54a24b', '#eeca3b', '#b279a2', '#ff9da6', '#9d755d', '#bab0ac'];

export type ScaleKind = 'linear' | 'log';

export interface LineAxis {
  label: string;
  /** Default `linear`. On a log axis, points with a value ≤ 0 are dropped. */
  scale?: ScaleKind;
}

export interface LineSeries {
  name: string;
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  /** Shaded spread around the line, e.g. min–max or mean ± sd over seeds; same length as `x`. */
  band?: { lo: ArrayLike<number>; hi: ArrayLike<number> };
}

export interface LineChartOptions {
  title: string;
  x: LineAxis;
  y: LineAxis;
  series: readonly LineSeries[];
  width?: number;
  height?: number;
}

/**
 * A line per series, each with its own colour and line style (`DASHES`) and a legend that shows
 * every name in full, and a shaded band where a series has one.
 * Points with a non-finite x or y (or ≤ 0 on a log axis) are dropped, then each series is thinned
 * to at most 2,000 points (`MAX_POINTS`) by `decimate`: the first point in each of 1,999 equal bins along
 * the x axis (in log x on a log axis), plus the last point. A band is drawn at the kept points
 * where both of its bounds are valid.
 */
export function lineChart(options: LineChartOptions): VegaLiteSpec {
  const { title, x, y, series, width = 480, height = 300 } = options;
  const names = series.map((s) => s.name);
  if (new Set(names).size !== names.length) throw new Error(`lineChart: series names must be unique, got ${names.join(', ')}`);

  const lines: { series: string; x: number; y: number }[] = [];
  const bands: { series: string; fill: string; x: number; lo: number; hi: number }[] = [];
  const validX = isValid(x.scale);
  const validY = isValid(y.scale);
  // Bands take their series' colour as a literal fill: a second colour scale would get its own
  // legend, or be merged with the lines' legend and hide it (vega-lite merges equal domains).
  const colors = names.map((_, k) => PALETTE[k % PALETTE.length]);
  const dashes = names.map((_, k) => [...DASHES[k % DASHES.length]]);
  for (const [k, s] of series.entries()) {
    checkLength(s.name, 'y', s.y, s.x.length);
    if (s.band) {
      checkLength(s.name, 'band.lo', s.band.lo, s.x.length);
      checkLength(s.name, 'band.hi', s.band.hi, s.x.length);
    }
    const valid: number[] = [];
    for (let i = 0; i < s.x.length; i++) if (validX(s.x[i]) && validY(s.y[i])) valid.push(i);
    const positions = valid.map((i) => (x.scale === 'log' ? Math.log10(s.x[i]) : s.x[i]));
    for (const j of decimate(positions)) {
      const i = valid[j];
      lines.push({ series: s.name, x: s.x[i], y: s.y[i] });
      if (s.band && validY(s.band.lo[i]) && validY(s.band.hi[i])) {
        bands.push({ series: s.name, fill: colors[k], x: s.x[i], lo: s.band.lo[i], hi: s.band.hi[i] });
      }
    }
  }

  const xEncoding = { field: 'x', type: 'quantitative', title: x.label, scale: scaleOf(x.scale) } as const;
  const yScale = scaleOf(y.scale);
  // Colour and dash on the same field, title and domain merge into one legend whose symbols show both.
  const legend = LINE_LEGEND;
  const color = { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: colors }, legend } as const;
  const strokeDash = { field: 'series', type: 'nominal', title: null, scale: { domain: names, range: dashes }, legend } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width,
    height,
    layer: [
      ...(bands.length > 0
        ? [
            {
              name: 'band',
              data: { values: bands },
              mark: { type: 'area', opacity: 0.2 },
              encoding: {
                x: xEncoding,
                y: { field: 'lo', type: 'quantitative', title: y.label, scale: yScale },
                y2: { field: 'hi' },
                fill: { field: 'fill', type: 'nominal', scale: null },
                detail: { field: 'series' },
              },
            } as const,
          ]
        : []),
      {
        name: 'line',
        data: { values: lines },
        mark: { type: 'line' },
        encoding: { x: xEncoding, y: { field: 'y', type: 'quantitative', title: y.label, scale: yScale }, color, strokeDash },
      },
    ],
  };
}

function isValid(scale: ScaleKind = 'linear'): (v: number) => boolean {
  return scale === 'log' ? (v) => Number.isFinite(v) && v > 0 : Number.isFinite;
}

function scaleOf(scale: ScaleKind = 'linear') {
  return scale === 'log' ? ({ type: 'log' } as const) : ({ type: 'linear', zero: false } as const);
}

function checkLength(series: string, field: string, values: ArrayLike<number>, expected: number): void {
  if (values.length !== expected) {
    throw new RangeError(`lineChart: series "${series}" ${field} has ${values.length} values, x has ${expected}`);
  }
}
