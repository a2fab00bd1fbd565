/** Most points per series that a figure keeps: enough for a smooth curve, small enough for a light SVG. */
export const MAX_POINTS = 2000;

/**
 * Thins a series to at most `max` points and returns the indices kept, in order. The span of
 * `positions` (where each point sits along the x axis: x, or log x on a log axis) is cut into
 * `max - 1` equal bins and the first point of each bin is kept, plus the last point. For evenly
 * spaced x this is every k-th point; on a log axis each decade gets its share. Like any
 * subsampling it can step over a narrow spike; it is meant for smooth curves and traces.
 */
export function decimate(positions: readonly number[], max: number = MAX_POINTS): number[] {
  if (!Number.isInteger(max) || max < 2) throw new RangeError(`decimate: max must be an integer ≥ 2, got ${max}`);
  const n = positions.length;
  if (n <= max) return positions.map((_, i) => i);
  let lo = Infinity;
  let hi = -Infinity;
  for (const p of positions) {
    lo = Math.min(lo, p);
    hi = Math.max(hi, p);
  }
  const bins = max - 1;
  const scale = hi > lo ? bins / (hi - lo) : 0;
  const taken = new Uint8Array(bins);
  const kept: number[] = [];
  for (let i = 0; i < n - 1; i++) {
    const bin = Math.min(bins - 1, Math.floor((positions[i] - lo) * scale));
    if (taken[bin] === 0) {
      taken[bin] = 1;
      kept.push(i);
    }
  }
  kept.push(n - 1);
  return kept;
}
