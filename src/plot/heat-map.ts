import type { VegaLiteSpec } from './render-svg.ts';

export interface HeatMapOptions {
  title: string;
  /** Names of the rows (top to bottom) and of the columns (left to right) when `columns` is absent. */
  rows: readonly string[];
  columns?: readonly string[];
  /** rows × columns values; non-finite cells are left blank. */
  values: readonly (readonly number[])[];
  /** Title of the colour legend. */
  colorLabel: string;
  /** Decimals of the number printed in each cell (default 2; negative: no numbers). */
  decimals?: number;
  width?: number;
  height?: number;
}

/**
 * A matrix as coloured cells (viridis, light = large) with its value printed in each cell, rows
 * and columns in the given order: e.g. a dissimilarity matrix between named systems.
 */
export function heatMap(options: HeatMapOptions): VegaLiteSpec {
  const { title, rows, values, colorLabel, decimals = 2, width = 360, height = 360 } = options;
  const columns = options.columns ?? rows;
  if (values.length !== rows.length) throw new Error(`heatMap: ${values.length} rows of values for ${rows.length} row names`);
  values.forEach((row, i) => {
    if (row.length !== columns.length) throw new Error(`heatMap: row ${i} has ${row.length} values for ${columns.length} columns`);
  });
  const cells = values.flatMap((row, i) =>
    row.flatMap((value, j) => (Number.isFinite(value) ? [{ row: rows[i], column: columns[j], value, label: decimals >= 0 ? value.toFixed(decimals) : '' }] : [])),
  );
  const finite = cells.map((c) => c.value);
  const mid = finite.length > 0 ? (Math.min(...finite) + Math.max(...finite)) / 2 : 0;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title,
    width,
    height,
    data: { values: cells.map((c) => ({ ...c, light: c.value > mid })) },
    encoding: {
      x: { field: 'column', type: 'nominal', title: null, sort: [...columns], axis: { labelAngle: -45 } },
      y: { field: 'row', type: 'nominal', title: null, sort: [...rows] },
    },
    layer: [
      { name: 'cell', mark: { type: 'rect' }, encoding: { color: { field: 'value', type: 'quantitative', title: colorLabel, scale: { scheme: 'viridis' } } } },
      {
        name: 'value',
        mark: { type: 'text', fontSize: 9 },
        encoding: { text: { field: 'label', type: 'nominal' }, color: { condition: { test: 'datum.light', value: 'black' }, value: 'white' } },
      },
    ],
  };
}
