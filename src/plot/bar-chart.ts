import { NO_LABEL_LIMIT } from './legend-style.ts';
import type { VegaLiteSpec } from './render-svg.ts';

export interface BarValue {
  /** Position on the x axis, e.g. a task or a network size. */
  group: string;
  /** Bar within the group, coloured and in the legend, e.g. a learning rule. */
  series: string;
  mean: number;
  /** Half-length of the error bar, e.g. the sd or sem over seeds; none when absent or non-finite. */
  spread?: number;
}

export interface BarChartOptions {
  title: string;
  x: { label: string };
  y: { label: string };
  /**
   * Groups and series appear in order of first occurrence. A bar with a non-finite mean is not
   * drawn but keeps its slot and legend entry, so a failed run shows as a gap.
   */
  bars: readonly BarValue[];
  width?: number;
  height?: number;
}

/** Grouped bars of a comparison table, with an error bar mean ± spread where a spread is given. */
export function barChart(options: BarChartOptions): VegaLiteSpec {
  const { title, x, y, bars, width = 480, height = 300 } = options;
  const seen = new Set<string>();
  for (const b of bars) {
    const key = JSON.stringify([b.group, b.series]);
    if (seen.has(key)) throw new Error(`barChart: more than one bar for group "${b.group}", series "${b.series}"`);
    seen.add(key);
  }
  const kept = bars.filter((b) => Number.isFinite(b.mean));
  const means = kept.map(({ group, series, mean }) => ({ group, series, mean }));
  const errors = kept
    .filter((b) => b.spread !== undefined && Number.isFinite(b.spread))
    .map(({ group, series, mean, spread = 0 }) => ({ group, series, lo: mean - spread, hi: mean + spread }));
  const groups = [...new Set(bars.map((b) => b.group))];
  const series = [...new Set(bars.map((b) => b.series))];

  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width,
    height,
    encoding: {
      x: { field: 'group', type: 'nominal', title: x.label, scale: { domain: groups }, axis: { labelAngle: 0, labelLimit: NO_LABEL_LIMIT } },
      xOffset: { field: 'series', type: 'nominal', scale: { domain: series } },
    },
    layer: [
      {
        name: 'bar',
        data: { values: means },
        mark: { type: 'bar' },
        encoding: {
          y: { field: 'mean', type: 'quantitative', title: y.label },
          color: { field: 'series', type: 'nominal', title: null, scale: { domain: series }, legend: { labelLimit: NO_LABEL_LIMIT } },
        },
      },
      // Without any spread the layer is left out: an empty errorbar layer makes vega warn of an infinite extent.
      ...(errors.length === 0
        ? []
        : [
            {
              name: 'error',
              data: { values: errors },
              mark: { type: 'errorbar', color: 'black', ticks: true, size: 6 },
              encoding: { y: { field: 'lo', type: 'quantitative', title: y.label }, y2: { field: 'hi' } },
            } as const,
          ]),
    ],
  };
}
