import { dirname, isAbsolute, resolve } from 'node:path';
import { CircuitShape, CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import type { Precision } from '../circuits/microcircuit.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import type { IntegratorSpec } from '../integrators/create-integrator.ts';
import { refuseOdexWithNoise } from '../integrators/odex-noise-check.ts';
import { InputError } from '../core/input-error.ts';
import { parseJsonStrict } from '../core/parse-json.ts';
import { readInputText } from '../io/read-input-file.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import type { Pattern, PatternTiming } from '../simulation/simulation.ts';
import type { ProbeSpec } from '../streams/probe.ts';
import { experimentSchema, explicitWeightsSchema, initWeightsSchema, type ExperimentFile } from './experiment-schema.ts';
import { resolveMatrix } from './matrix-source.ts';
import { checkOdexTolerances, checkRunLimits, defaultRunLimits, type RunEstimate, type RunLimits } from './run-limits.ts';
import { checkStepStability, largestDecayRate, largestStepUsed } from './stability-check.ts';
import { parseOrThrow } from '../core/zod-issues.ts';
import { plasticityForShape } from '../plasticity/plasticity-schema.ts';

/** An experiment file checked against its layer sizes and turned into the engine's objects. */
export interface Experiment {
  /** The file with every default filled in (echoed in the result). */
  readonly resolved: ExperimentFile;
  readonly shape: CircuitShape;
  readonly neuron: NeuronParameters;
  readonly weights: WeightSet;
  readonly plasticity: PlasticityConfig | null;
  readonly integrator: IntegratorSpec;
  readonly tau0: number;
  readonly timing: PatternTiming;
  readonly patterns: Pattern[];
  readonly record: { readonly every: number; readonly probes: ProbeSpec[] } | null;
  readonly seed: number;
  /** Storage of weights and traces (`precision`, default float64). */
  readonly precision: Precision;
  /** The longest step a fixed-step method takes (dt, or less when events lie closer); null for odex. */
  readonly largestStep: number | null;
  /** Steps, frames and bytes the run was estimated to need (run-limits.ts). */
  readonly estimate: RunEstimate;
  /** The limits the run was checked against; odex's step budget comes from them. */
  readonly limits: RunLimits;
  /** Every `.npy` file the experiment reads (absolute paths): outputs must not be one of them. */
  readonly inputFiles: readonly string[];
}

/**
 * Reads and checks an experiment file; every problem is an InputError naming its field. The file
 * may be a pipe (`simulate <(make-experiment)`): reading it waits for its writer, as intended.
 */
export function loadExperiment(path: string, limits: RunLimits = defaultRunLimits()): Experiment {
  const text = readInputText(path, 'experiment file');
  return parseExperiment(parseJsonStrict(text, path), dirname(path), limits);
}

/**
 * Checks a parsed experiment document; `.npy` paths are relative to `baseDir`. Sizes, work and
 * step stability are checked before any array of the circuit is allocated.
 */
export function parseExperiment(json: unknown, baseDir: string, limits: RunLimits = defaultRunLimits()): Experiment {
  const file = parseOrThrow(experimentSchema, json, '');
  const shape = new CircuitShape(file.dims);
  const N = shape.depth;
  const p = file.protocol;
  const integrator = file.integrator as IntegratorSpec;
  const lags = [p.outputLag, file.plasticity?.learningLag ?? 0];
  const longestSpan = largestStepUsed(Infinity, p.tPattern, lags);
  const recordWidth = (file.record?.probes ?? []).reduce((w, probe) => w + (probe.indices?.length ?? file.dims.reduce((a, b) => Math.max(a, b), 0)), 0);
  const estimate = checkRunLimits(
    {
      dims: file.dims,
      patterns: p.patterns.length,
      tPattern: p.tPattern,
      longestSpan,
      integrator,
      heldRecord: file.record === undefined || file.record.sink !== undefined ? null : { every: file.record.every, width: recordWidth },
      streamedEvery: file.record?.sink === undefined ? null : file.record.every,
    },
    limits,
  );
  checkOdexTolerances(integrator);
  checkPrecision(file.precision ?? 'float64', integrator);
  if (integrator.method === 'rk4' && (integrator.plasticityWindow ?? 1) > 1) {
    throw new InputError('integrator.plasticityWindow', 'the deferred plasticity update needs a one-stage method: use "euler" or "expEuler", or leave plasticityWindow out');
  }
  const largestStep = integrator.method === 'odex' ? null : largestStepUsed(integrator.dt, p.tPattern, lags);
  if (largestStep !== null) checkStepStability(integrator, largestStep, largestDecayRate(file.neuron, p.tau0, file.plasticity?.tauW ?? null));

  p.patterns.forEach((pattern, i) => {
    if (pattern.input.length !== shape.inputSize) {
      throw new InputError(`protocol.patterns[${i}].input`, `expected ${shape.inputSize} rates (dims[0]), got ${pattern.input.length}`);
    }
    if (pattern.target !== null && pattern.target.length !== shape.outputSize) {
      throw new InputError(`protocol.patterns[${i}].target`, `expected ${shape.outputSize} potentials (dims[${N}]) or null, got ${pattern.target.length}`);
    }
  });
  if (p.outputLag >= p.tPattern) {
    throw new InputError('protocol.outputLag', `expected less than protocol.tPattern (${p.tPattern} ms), got ${p.outputLag}`);
  }

  const plasticity = file.plasticity === undefined ? null : checkPlasticity(file.plasticity, shape, p.tPattern);
  refuseOdexWithNoise(integrator.method, file.neuron.noise);

  const neuron: NeuronParameters = { ...file.neuron };
  const weights = buildWeights(file, shape, neuron, baseDir);
  const record =
    file.record === undefined
      ? null
      : {
          every: file.record.every,
          probes: file.record.probes.map((probe) => ({ ...probe }) as ProbeSpec),
        };
  return {
    resolved: file,
    shape,
    neuron,
    weights,
    plasticity,
    integrator,
    tau0: p.tau0,
    timing: { tPattern: p.tPattern, outputLag: p.outputLag },
    patterns: p.patterns,
    record,
    seed: file.seed,
    precision: file.precision ?? 'float64',
    largestStep,
    estimate,
    limits,
    inputFiles: npyPaths(file, baseDir),
  };
}

/**
 * The experiment with its `precision` replaced (the commands' `--precision`), checked as in a
 * file; the resolved experiment echoes it, so a checkpoint of one precision never resumes the other.
 */
export function withPrecision(exp: Experiment, precision: Precision): Experiment {
  checkPrecision(precision, exp.integrator);
  return { ...exp, precision, resolved: { ...exp.resolved, precision } };
}

/** float32 storage needs a one-stage explicit method and steps written one by one (microcircuit.ts). */
export function checkPrecision(precision: Precision, integrator: IntegratorSpec): void {
  if (precision === 'float64') return;
  if (integrator.method !== 'euler' && integrator.method !== 'expEuler') {
    throw new InputError('precision', `"float32" works with integrator.method "euler" or "expEuler", not "${integrator.method}": change the method or use "float64"`);
  }
  if ((integrator.plasticityWindow ?? 1) > 1) {
    throw new InputError('precision', '"float32" has no deferred plasticity update: leave integrator.plasticityWindow out (or 1), or use "float64"');
  }
}

/** The `.npy` files named by explicit weights, resolved against `baseDir`. */
function npyPaths(file: ExperimentFile, baseDir: string): string[] {
  const paths: string[] = [];
  if ('init' in file.weights) return paths;
  for (const c of CONNECTIONS) {
    const list = file.weights[c];
    if (!Array.isArray(list)) continue;
    for (const m of list) {
      const npy = typeof m === 'object' && m !== null && !Array.isArray(m) ? (m as { npy?: unknown }).npy : undefined;
      if (typeof npy === 'string' && npy !== '') paths.push(isAbsolute(npy) ? npy : resolve(baseDir, npy));
    }
  }
  return paths;
}

function checkPlasticity(config: NonNullable<ExperimentFile['plasticity']>, shape: CircuitShape, tPattern: number): PlasticityConfig {
  const checked = plasticityForShape(config, shape);
  if (config.learningLag >= tPattern) {
    throw new InputError('plasticity.learningLag', `expected less than protocol.tPattern (${tPattern} ms), got ${config.learningLag}`);
  }
  return checked;
}

function buildWeights(file: ExperimentFile, shape: CircuitShape, neuron: NeuronParameters, baseDir: string): WeightSet {
  const raw = file.weights;
  if ('init' in raw) {
    const rule = parseOrThrow(initWeightsSchema, raw, 'weights');
    const w = initUniformWeights(shape, rule.init, file.seed);
    if (rule.selfPredicting) setSelfPredicting(shape, w, neuron);
    return w;
  }
  const given = parseOrThrow(explicitWeightsSchema, raw, 'weights');
  const w: WeightSet = { up: [], down: [], ip: [], pi: [] };
  for (const c of CONNECTIONS) {
    const list = given[c];
    if (list === undefined) {
      if (given.selfPredicting && (c === 'ip' || c === 'pi')) {
        for (let i = 0; i < shape.count(c); i++) {
          const [rows, cols] = shape.matrixShape(c, i);
          w[c].push({ rows, cols, data: new Float64Array(rows * cols) });
        }
        continue;
      }
      throw new InputError(`weights.${c}`, `missing; give the ${c} matrices or set weights.selfPredicting to true`);
    }
    if (list.length !== shape.count(c)) {
      throw new InputError(`weights.${c}`, `expected ${shape.count(c)} matrices for dims ${shape}, got ${list.length}`);
    }
    list.forEach((m, i) => {
      const [rows, cols] = shape.matrixShape(c, i);
      w[c].push(resolveMatrix(m, `weights.${c}[${i}]`, rows, cols, baseDir));
    });
  }
  if (given.selfPredicting) setSelfPredicting(shape, w, neuron);
  return w;
}
