import { z } from 'zod';
import { MAX_PLASTICITY_WINDOW } from '../circuits/microcircuit.ts';
import { neuronSchema } from '../neurons/neuron-schema.ts';
import { plasticitySchema } from '../plasticity/plasticity-schema.ts';
import { SINK_FORMATS } from '../streams/sinks/create-sink.ts';

/**
 * The experiment file, version 1 (docs/experiment-format.md), as a zod schema. This layer checks
 * types, ranges and unknown fields; checks that need the layer sizes (matrix shapes, pattern
 * lengths, one learning rate per layer) follow in experiment-checks.ts. Absent optional fields
 * take the documented defaults, and the run's result echoes the resolved experiment.
 */
const finite = z.number();
const positive = z.number().positive();
const nonNegative = z.number().nonnegative();

/**
 * A matrix: rows of numbers, or `{ "npy": "relative/path.npy" }` (float32/float64, C order);
 * its form and shape are checked by matrix-source.ts, which can name the expected shape.
 */
const matrix = z.unknown();

const neuron = neuronSchema;
const plasticity = plasticitySchema;

/** `weights` is either explicit matrices or an initialisation rule (told apart by `init`). */
export const explicitWeightsSchema = z.strictObject({
  up: z.array(matrix),
  down: z.array(matrix),
  ip: z.array(matrix).optional(),
  pi: z.array(matrix).optional(),
  selfPredicting: z.boolean().default(false),
});

export const initWeightsSchema = z.strictObject({
  init: z.strictObject({ up: nonNegative, down: nonNegative, ip: nonNegative, pi: nonNegative }),
  selfPredicting: z.boolean().default(false),
});

/** Kernel threads (src/kernels/thread-setting.ts); absent: 1, left out of the resolved file. */
const threads = z.literal([1, 2, 'auto']).optional();

const fixedStep = z.strictObject({
  method: z.enum(['euler', 'expEuler', 'rk4']),
  dt: positive,
  /** Absent: 1 (left out of the resolved file, so that runs without it echo what they always did). */
  plasticityWindow: z.number().int().min(1).max(MAX_PLASTICITY_WINDOW).optional(),
  threads,
});
const odex = z.strictObject({
  method: z.literal('odex'),
  rtol: positive.default(1e-6),
  atol: positive.default(1e-8),
  maxDt: nonNegative.default(0),
  threads,
});

const pattern = z.strictObject({
  input: z.array(finite),
  target: z.array(finite).nullable().default(null),
  learn: z.boolean().default(true),
});

/** One probe of `record.probes` (and of the live view's probe selector). */
export const probeSchema = z.strictObject({
  population: z.enum(['pyramidal', 'interneuron', 'input', 'target']),
  layer: z.number().int().positive().optional(),
  variable: z.enum(['soma', 'basal', 'apical', 'dendrite', 'rate', 'potential']),
  indices: z.array(z.number().int().nonnegative()).optional(),
});

export const experimentSchema = z.strictObject({
  dims: z.array(z.number().int().positive()).min(3),
  neuron: neuron.default(() => neuron.parse({})),
  plasticity: plasticity.optional(),
  weights: z.record(z.string(), z.unknown()).default({ init: { up: 1, down: 1, ip: 1, pi: 1 } }),
  integrator: z
    .discriminatedUnion('method', [fixedStep, odex])
    .default({ method: 'euler', dt: 0.1 }),
  protocol: z.strictObject({
    tPattern: positive,
    tau0: positive.default(3),
    outputLag: nonNegative.default(0),
    patterns: z.array(pattern).min(1),
  }),
  record: z
    .strictObject({
      every: positive,
      probes: z.array(probeSchema).min(1),
      /** Stream the recording to this file (path relative to the experiment file) instead of the result. */
      sink: z.strictObject({ format: z.enum(SINK_FORMATS), path: z.string().min(1) }).optional(),
    })
    .optional(),
  seed: z.number().int().default(1),
  /** Storage of weights and traces (src/kernels/float32-storage.ts); absent: float64 (left out of the resolved file). */
  precision: z.enum(['float64', 'float32']).optional(),
});

export type ExperimentFile = z.output<typeof experimentSchema>;
export type ExplicitWeights = z.output<typeof explicitWeightsSchema>;
export type InitWeights = z.output<typeof initWeightsSchema>;
export type ProbeEntry = z.output<typeof probeSchema>;
