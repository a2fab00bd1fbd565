import { z } from 'zod';

/**
 * The neuron parameters as a zod schema: the experiment file's `neuron` block and the
 * `Microcircuit` constructor check them with the same rules and messages. Absent fields take the
 * paper's common settings (docs/model.md, "The paper's experiments and their settings").
 */
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

export const rateFunctionSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('softplus'), gamma: positive.default(1), beta: positive.default(1), theta: z.number().default(0) }),
  z.strictObject({ kind: z.literal('logistic') }),
  z.strictObject({ kind: z.literal('tanh') }),
  z.strictObject({ kind: z.literal('relu') }),
  z.strictObject({ kind: z.literal('linear') }),
]);

export const neuronSchema = z.strictObject({
  gl: positive.default(0.1),
  gb: positive.default(1.0),
  ga: nonNegative.default(0.8),
  gd: positive.default(1.0),
  gsom: nonNegative.default(0.8),
  noise: nonNegative.default(0),
  noiseScaling: z.enum(['sqrt-dt', 'dt']).default('sqrt-dt'),
  phi: rateFunctionSchema.default({ kind: 'softplus', gamma: 1, beta: 1, theta: 0 }),
});
