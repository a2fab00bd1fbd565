import { NO_LABEL_LIMIT } from './legend-style.ts';
import type { VegaLiteSpec } from './render-svg.ts';

export interface BoxPlotOptions {
  title: string;
  x: { label: string };
  y: { label: string };
  /** One box per group, in this order; each value is also drawn as a point. */
  groups: readonly { readonly name: string; readonly values: readonly number[] }[];
  /** Optional reference marks per group (e.g. a published median), drawn as red ticks. */
  references?: readonly { readonly group: string; readonly value: number }[];
  width?: number;
  height?: number;
}

/**
 * Box plots (box from the first to the third quartile, a median line, whiskers to the minimum and
 * maximum) of the values of each group, with the values themselves as points.
 * Non-finite values are dropped; a group without values keeps its slot.
 */
export function boxPlot(options: BoxPlotOptions): VegaLiteSpec {
  const { title, x, y, groups, references = [], width = 480, height = 300 } = options;
  const names = groups.map((g) => g.name);
  if (new Set(names).size !== names.length) throw new Error('boxPlot: group names must be distinct');
  const values = groups.flatMap((g) => g.values.filter((v) => Number.isFinite(v)).map((value) => ({ group: g.name, value })));
  const xEnc = { field: 'group', type: 'nominal', title: x.label, scale: { domain: names }, axis: { labelAngle: 0, labelLimit: NO_LABEL_LIMIT } } as const;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width,
    height,
    layer: [
      {
        data: { values },
        mark: { type: 'boxplot', extent: 'min-max', opacity: 0.6 },
        encoding: { x: xEnc, y: { field: 'value', type: 'quantitative', title: y.label } },
      },
      {
        data: { values },
        mark: { type: 'point', filled: true, size: 25, color: 'black', opacity: 0.7 },
        encoding: { x: xEnc, y: { field: 'value', type: 'quantitative' } },
      },
      ...(references.length === 0
        ? []
        : [
            {
              data: { values: references.map((r) => ({ group: r.group, value: r.value })) },
              mark: { type: 'tick', color: 'red', thickness: 2, size: 30 },
              encoding: { x: xEnc, y: { field: 'value', type: 'quantitative' } },
            } as const,
          ]),
    ],
  };
}
