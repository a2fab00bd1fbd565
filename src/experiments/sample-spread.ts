/** A number measured once per seed, summarised: mean, sample standard deviation and range. */
export interface SampleSpread {
  readonly mean: number;
  /** √(Σ(x − mean)²/(n − 1)); 0 for a single value. */
  readonly sd: number;
  readonly min: number;
  readonly max: number;
}

export function sampleSpread(values: readonly number[]): SampleSpread {
  const n = values.length;
  if (n === 0) throw new RangeError('sampleSpread: expected at least one value');
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const squares = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  return { mean, sd: n > 1 ? Math.sqrt(squares / (n - 1)) : 0, min: Math.min(...values), max: Math.max(...values) };
}

/** Curves of one length, one per seed, summarised point by point: mean and min–max band. */
export function curveSpread(curves: readonly (readonly number[])[]): { mean: number[]; min: number[]; max: number[] } {
  if (curves.length === 0) throw new RangeError('curveSpread: expected at least one curve');
  const n = curves[0].length;
  curves.forEach((c, k) => {
    if (c.length !== n) throw new RangeError(`curveSpread: curve ${k} has ${c.length} points, curve 0 has ${n}`);
  });
  const points = Array.from({ length: n }, (_, i) => sampleSpread(curves.map((c) => c[i])));
  return { mean: points.map((p) => p.mean), min: points.map((p) => p.min), max: points.map((p) => p.max) };
}
