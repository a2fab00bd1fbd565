import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CircuitShape, CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import type { IntegratorSpec } from '../integrators/create-integrator.ts';
import { refuseOdexWithNoise } from '../integrators/odex-noise-check.ts';
import { InputError } from '../core/input-error.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import type { Pattern, PatternTiming } from '../simulation/simulation.ts';
import type { ProbeSpec } from '../streams/probe.ts';
import { experimentSchema, explicitWeightsSchema, initWeightsSchema, type ExperimentFile } from './experiment-schema.ts';
import { resolveMatrix } from './matrix-source.ts';
import { parseOrThrow } from './zod-issues.ts';

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
}

/** Reads and checks an experiment file; every problem is an InputError naming its field. */
export function loadExperiment(path: string): Experiment {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(path, `cannot read the experiment file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `not valid JSON: ${(e as Error).message}`);
  }
  return parseExperiment(json, dirname(path));
}

/** Checks a parsed experiment document; `.npy` paths are relative to `baseDir`. */
export function parseExperiment(json: unknown, baseDir: string): Experiment {
  const file = parseOrThrow(experimentSchema, json, '');
  const shape = new CircuitShape(file.dims);
  const N = shape.depth;
  const p = file.protocol;

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
  const integrator = file.integrator as IntegratorSpec;
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
  };
}

function checkPlasticity(config: NonNullable<ExperimentFile['plasticity']>, shape: CircuitShape, tPattern: number): PlasticityConfig {
  const down = config.eta.down ?? new Array<number>(shape.hiddenLayers).fill(0);
  const eta = { up: config.eta.up, ip: config.eta.ip, pi: config.eta.pi, down };
  for (const c of CONNECTIONS) {
    const expected = shape.count(c);
    if (eta[c].length !== expected) {
      const what = c === 'up' ? `one per layer 1…${shape.depth}` : `one per hidden layer`;
      throw new InputError(`plasticity.eta.${c}`, `expected ${expected} learning rates (${what}), got ${eta[c].length}`);
    }
  }
  if (config.learningLag >= tPattern) {
    throw new InputError('plasticity.learningLag', `expected less than protocol.tPattern (${tPattern} ms), got ${config.learningLag}`);
  }
  return { tauW: config.tauW, learningLag: config.learningLag, eta };
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
