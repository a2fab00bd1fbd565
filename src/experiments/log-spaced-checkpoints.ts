/**
 * Pattern counts at which to take checkpoints: 0 (the initial state), then `count − 1` counts
 * spaced evenly in log from `first` to `total` (rounded, duplicates dropped), ending at `total`.
 */
export function logSpacedCheckpoints(total: number, count: number, first = 10): number[] {
  if (!Number.isInteger(total) || total < 1) throw new RangeError(`total must be a positive integer, got ${total}`);
  if (!Number.isInteger(count) || count < 2) throw new RangeError(`count must be an integer ≥ 2, got ${count}`);
  const start = Math.min(Math.max(first, 1), total);
  const steps = count - 2;
  const counts = [0];
  for (let i = 0; i <= steps; i++) {
    // start·(total/start)^(i/steps)
    const c = steps === 0 ? total : Math.round(start * (total / start) ** (i / steps));
    if (c > counts[counts.length - 1]) counts.push(c);
  }
  return counts;
}
