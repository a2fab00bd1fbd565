import { z } from 'zod';

/**
 * The sweep file, as a zod schema (README, "Sweeps"). A base experiment, axes that each set one
 * field of it (addressed by JSON pointer) to a list of values, how the axes combine, and the
 * metrics to tabulate from each run's result.
 */
const finite = z.number();

/** `{"log": [a, b, n]}`: n values from a to b, equally spaced in log (numpy's geomspace). */
const logAxis = z.strictObject({ log: z.tuple([z.number().positive(), z.number().positive(), z.number().int().positive()]) });
/** `{"range": [a, b]}` or `{"range": [a, b, step]}`: a, a + step, … up to and including b; step 1 by default. */
const rangeAxis = z.strictObject({ range: z.union([z.tuple([finite, finite]), z.tuple([finite, finite, z.number().positive()])]) });
/** `{"uniform": [a, b]}`: random mode only, a value drawn uniformly from [a, b). */
const uniformAxis = z.strictObject({ uniform: z.tuple([finite, finite]) });
/** `{"logUniform": [a, b]}`: random mode only, a value whose logarithm is uniform in [log a, log b). */
const logUniformAxis = z.strictObject({ logUniform: z.tuple([z.number().positive(), z.number().positive()]) });

export const axisSchema = z.union([z.array(z.unknown()).min(1), logAxis, rangeAxis, uniformAxis, logUniformAxis]);

const reduction = z.enum(['mean', 'min', 'max', 'rms']);

/** A metric: a pointer to a number in the result, or a reduction of every number under a pointer. */
export const metricSchema = z.union([z.string(), z.strictObject({ pointer: z.string(), reduce: reduction })]);

export const sweepSchema = z.strictObject({
  /** An experiment file (path relative to the sweep file) or an inline experiment. */
  base: z.union([z.string().min(1), z.record(z.string(), z.unknown())]),
  /** JSON pointer into the experiment → values; the first axis varies slowest in a product. */
  axes: z.record(z.string(), axisSchema).refine((a) => Object.keys(a).length > 0, 'expected at least one axis'),
  /** `product` (every combination, the default) or `zip` (the i-th value of every axis together). */
  combine: z.enum(['product', 'zip']).default('product'),
  /** Instead of a grid: `samples` points, each axis drawn independently from a stream seeded by `seed`. */
  random: z.strictObject({ samples: z.number().int().positive(), seed: z.number().int() }).optional(),
  /** Column name → where its number is in each run's result (docs/experiment-format.md, "Result"). */
  metrics: z.record(z.string(), metricSchema).default({}),
});

export type SweepFile = z.output<typeof sweepSchema>;
export type AxisSpec = z.output<typeof axisSchema>;
export type MetricSpec = z.output<typeof metricSchema>;
