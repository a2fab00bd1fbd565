/**
 * What every figure's legend and labels share: labels are never cut, and lines are told apart by
 * their style as well as their colour (for greyscale print and for readers who do not tell the
 * colours apart).
 */

/**
 * `labelLimit` for legends, axes and headers: 0 turns vega's limit off. Its default (160 px for
 * legends) truncates long series names with "…" (`microcircuit (stea…`).
 */
export const NO_LABEL_LIMIT = 0;

/** Line styles as SVG dash arrays (px), in the order series get them: solid first, then distinct dashes. */
export const DASHES: readonly (readonly number[])[] = [[1, 0], [6, 3], [2, 2], [10, 3, 2, 3], [12, 6], [4, 2, 1, 2, 1, 2], [1, 4], [8, 2]];

/** Legend of a line figure: full labels, and symbols long and thick enough to show each dash pattern. */
export const LINE_LEGEND = { labelLimit: NO_LABEL_LIMIT, symbolStrokeWidth: 2, symbolSize: 400 } as const;
