import { existsSync } from 'node:fs';
import { CircuitShape } from '../anatomy/circuit-shape.ts';
import { lateralMismatch, lateralMismatchByUnit } from '../circuits/lateral-mismatch.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { setSelfPredicting } from '../circuits/self-predicting.ts';
import { initUniformWeights } from '../circuits/weight-init.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../io/checkpoint-file.ts';
import { PAPER_NEURON_PARAMETERS, type NeuronParameters, type NoiseScaling } from '../neurons/neuron-parameters.ts';
import type { PlasticityConfig } from '../plasticity/plasticity-config.ts';
import { Random, type RandomState } from '../random/random.ts';
import { captureSimulation, restoreSimulation } from '../simulation/simulation-checkpoint.ts';
import { Simulation } from '../simulation/simulation.ts';
import { Probe } from '../streams/probe.ts';
import type { ProgressExtra } from '../core/progress.ts';

/**
 * One seed of the self-prediction experiment (docs/model.md, Fig. S1): a 30-20-10 circuit from
 * random weights U(−1, 1), no targets, noise σ = 0.1 (σ·√dt per step unless the input says
 * otherwise), only W^IP and W^PI plastic, against the noise floor of the same circuit set directly
 * into the self-predicting state.
 */
export const SELF_PREDICTION_DIMS = [30, 20, 10];
const dims = SELF_PREDICTION_DIMS;
export const SELF_PREDICTION_NEURON: NeuronParameters = { ...PAPER_NEURON_PARAMETERS, noise: 0.1 };
export const SELF_PREDICTION_TIMING = { tPattern: 100, outputLag: 0 };
const timing = SELF_PREDICTION_TIMING;
/** The paper's Fig. S1 rates (docs/model.md, "The paper's experiments and their settings"); W^up and W^down stay fixed. */
export const PAPER_RATES = { ip: 0.0002375, pi: 0.0005 };

export interface Trace {
  patterns: number[];
  piRatio: number[];
  ipRatio: number[];
  apicalRms: number[];
}

/** Frames on the grid k·1 ms from now on; a resumed run starts after the frame its checkpoint already counted. */
function everyMillisecond(sim: Simulation) {
  return sim.frames(1, { origin: 0, firstIndex: sim.patternCount === 0 ? 0 : Math.round(sim.t) + 1 });
}

/**
 * Mean square of each unit of `probe`, sampled every 1 ms from the time now on; `take()` returns the
 * means since the last take (or the start) and starts over.
 */
function trackMeanSquares(sim: Simulation, probe: Probe): { take(): number[] } {
  const row = new Float64Array(probe.width);
  const sums = new Float64Array(probe.width);
  let count = 0;
  everyMillisecond(sim).subscribe((frame) => {
    probe.read(frame, row, 0);
    for (let i = 0; i < row.length; i++) sums[i] += row[i] * row[i];
    count++;
  });
  return {
    take() {
      const means = Array.from(sums, (x) => x / Math.max(1, count));
      sums.fill(0);
      count = 0;
      return means;
    },
  };
}

/** Saves the run every `every` patterns (a multiple of the trace spacing) and resumes from it. */
export interface SeedCheckpoint {
  readonly path: string;
  readonly every: number;
  readonly resume: boolean;
}

/** From pattern `from` on (1-based, inclusive) the lateral rates are η_IP = `ip`, η_PI = `pi`. */
export interface RatePhase {
  readonly from: number;
  readonly ip: number;
  readonly pi: number;
}

/** Sets the rates of the phase holding pattern p (phases sorted by `from`; the last one at or before p wins). */
function applySchedule(circuit: Microcircuit, schedule: readonly RatePhase[], p: number): void {
  let phase: RatePhase | undefined;
  for (const ph of schedule) if (ph.from <= p) phase = ph;
  if (phase === undefined || circuit.plasticity === null) return;
  circuit.plasticity.setLearningRate('ip', 0, phase.ip);
  circuit.plasticity.setLearningRate('pi', 0, phase.pi);
}

/** A run's trace, its final weights and, when asked for, its units' mean square rates. */
interface RunResult {
  trace: Trace;
  weights: WeightSet;
  meanSquareRates: { interneuron: number[]; hidden: number[] } | null;
}

interface RunSpec {
  readonly seed: number;
  readonly patterns: number;
  readonly neuron: NeuronParameters;
  readonly weights: WeightSet;
  readonly plasticity: PlasticityConfig | null;
  /** Trace spacing in patterns. */
  readonly every: number;
  readonly onPattern: () => void;
  /** Called with each trace point's weight ratios, before that pattern's onPattern. */
  readonly onTrace?: (piRatio: number, ipRatio: number) => void;
  readonly checkpoint?: SeedCheckpoint;
  readonly schedule?: readonly RatePhase[];
  readonly trackRates?: boolean;
}

function run({ seed, patterns, neuron, weights, plasticity, every, onPattern, onTrace, checkpoint, schedule = [], trackRates = false }: RunSpec): RunResult {
  const shape = new CircuitShape(dims);
  const circuit = new Microcircuit({ dims, neuron, weights, plasticity });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
  const rng = new Random(seed, 'inputs');
  let trace: Trace = { patterns: [], piRatio: [], ipRatio: [], apicalRms: [] };
  if (checkpoint?.resume && existsSync(checkpoint.path)) {
    const { extras } = restoreSimulation(sim, readCheckpoint(checkpoint.path), checkpoint.path);
    trace = extras.trace as Trace;
    rng.setState(extras.inputs as RandomState);
    for (let p = 0; p < sim.patternCount; p++) onPattern();
  }
  // RMS of the layer-1 apical potentials over each pattern; mean square rates of layer 1 over the run
  // (a column of W^PI or W^IP learns in proportion to its unit's rate).
  const apical = trackMeanSquares(sim, new Probe({ population: 'pyramidal', layer: 1, variable: 'apical' }, circuit));
  const rates = trackRates
    ? (['interneuron', 'pyramidal'] as const).map((population) => trackMeanSquares(sim, new Probe({ population, layer: 1, variable: 'rate' }, circuit)))
    : null;
  const input = new Float64Array(dims[0]);
  let rmsSum = 0;
  for (let p = sim.patternCount + 1; p <= patterns; p++) {
    for (let i = 0; i < input.length; i++) input[i] = rng.uniform();
    if (p === 1) circuit.setFilteredInput(input, null);
    applySchedule(circuit, schedule, p);
    sim.present({ input, target: null }, timing);
    const perCell = apical.take();
    rmsSum += Math.sqrt(perCell.reduce((a, b) => a + b, 0) / perCell.length);
    if (p % every === 0) {
      const m = lateralMismatch(shape, circuit.weights(), neuron);
      onTrace?.(m.pi[0], m.ip[0]);
      trace.patterns.push(p);
      trace.piRatio.push(m.pi[0]);
      trace.ipRatio.push(m.ip[0]);
      trace.apicalRms.push(rmsSum / every);
      rmsSum = 0;
      if (checkpoint !== undefined && checkpoint.every > 0 && p % checkpoint.every === 0 && p < patterns) {
        writeCheckpoint(checkpoint.path, captureSimulation(sim, { trace, inputs: rng.getState() }));
      }
    }
    onPattern();
  }
  const meanSquareRates = rates && { interneuron: rates[0].take(), hidden: rates[1].take() };
  return { trace, weights: circuit.weights(), meanSquareRates };
}

/** First pattern count at which `values` fall to `threshold` or below and stay there. */
function crossing(patterns: number[], values: number[], threshold: number): number | null {
  let at: number | null = null;
  values.forEach((v, i) => {
    if (v > threshold) at = null;
    else if (at === null) at = patterns[i];
  });
  return at;
}

export interface SelfPredictionSeedInput {
  readonly seed: number;
  readonly patterns: number;
  readonly floorPatterns: number;
  /** Trace spacing in patterns. */
  readonly every: number;
  readonly plasticity: PlasticityConfig;
  /** Optional rate schedule of W^IP and W^PI; before its first phase the rates of `plasticity` hold. */
  readonly schedule?: readonly RatePhase[];
  readonly checkpoint?: SeedCheckpoint;
  /** How σ enters a step (NoiseScaling); default 'sqrt-dt'. */
  readonly noiseScaling?: NoiseScaling;
}

/** The lateral weight ratios of a run against patterns seen. */
export interface RatioTrace {
  patterns: number[];
  piRatio: number[];
  ipRatio: number[];
}

export interface SelfPredictionSeedResult extends Trace {
  seed: number;
  apicalNoiseFloor: number;
  patternsToPiBelow01: number | null;
  patternsToIpBelow01: number | null;
  patternsToApicalWithin15xFloor: number | null;
  /**
   * The same schedule started in the self-predicting state: under noise the rules' fixed point is
   * not that state, and the ratios drift up toward it, so the two runs bracket where they settle.
   */
  fromSelfPredicting: RatioTrace;
  /** Squared PI ratio at the end split by interneuron, squared IP ratio by hidden cell (each sums to the ratio²). */
  piMismatchByInterneuron: number[];
  ipMismatchByHiddenCell: number[];
  /** Mean square rates in the self-predicting state (the noise-floor run), by unit. */
  interneuronMeanSquareRate: number[];
  hiddenMeanSquareRate: number[];
}

/** Patterns one seed simulates: the run from random weights, the run from the self-predicting state, the floor. */
export function patternsPerSeed(input: Pick<SelfPredictionSeedInput, 'patterns' | 'floorPatterns'>): number {
  return 2 * input.patterns + input.floorPatterns;
}

/**
 * Runs one seed; `report` gets the patterns done and the latest weight ratios of the run from random
 * weights (`piRatio`, `ipRatio`) and of the run from the self-predicting state (`…FromSelfPredicting`).
 */
export default function runSelfPredictionSeed(input: SelfPredictionSeedInput, report: (patternsDone: number, ratios: ProgressExtra) => void): SelfPredictionSeedResult {
  const { seed, patterns, floorPatterns, every, plasticity, checkpoint, schedule } = input;
  const neuron: NeuronParameters = { ...SELF_PREDICTION_NEURON, noiseScaling: input.noiseScaling ?? SELF_PREDICTION_NEURON.noiseScaling };
  const shape = new CircuitShape(dims);
  let done = 0;
  const ratios: Record<string, number> = {};
  const tick = () => {
    done++;
    if (done % every === 0) report(done, ratios);
  };
  const fromRandomTrace = (pi: number, ip: number) => ((ratios.piRatio = pi), (ratios.ipRatio = ip));
  const fromSpTrace = (pi: number, ip: number) => ((ratios.piRatioFromSelfPredicting = pi), (ratios.ipRatioFromSelfPredicting = ip));
  const weights = initUniformWeights(shape, { up: 1, down: 1, ip: 1, pi: 1 }, seed);
  const fromRandom = run({ seed, patterns, neuron, weights, plasticity, every, onPattern: tick, onTrace: fromRandomTrace, checkpoint, schedule });
  const learning = fromRandom.trace;
  const mismatchByUnit = lateralMismatchByUnit(shape, fromRandom.weights, neuron);
  setSelfPredicting(shape, weights, neuron);
  const spCheckpoint = checkpoint && { ...checkpoint, path: `${checkpoint.path}.from-self-predicting` };
  const fromSp = run({ seed, patterns, neuron, weights, plasticity, every, onPattern: tick, onTrace: fromSpTrace, checkpoint: spCheckpoint, schedule }).trace;
  const selfPredicting = run({ seed, patterns: floorPatterns, neuron, weights, plasticity: null, every: floorPatterns, onPattern: tick, trackRates: true });
  const rates = selfPredicting.meanSquareRates!;
  const floor = selfPredicting.trace.apicalRms[0];
  report(done, ratios);
  return {
    seed,
    ...learning,
    apicalNoiseFloor: floor,
    patternsToPiBelow01: crossing(learning.patterns, learning.piRatio, 0.1),
    patternsToIpBelow01: crossing(learning.patterns, learning.ipRatio, 0.1),
    patternsToApicalWithin15xFloor: crossing(learning.patterns, learning.apicalRms, 1.5 * floor),
    fromSelfPredicting: { patterns: fromSp.patterns, piRatio: fromSp.piRatio, ipRatio: fromSp.ipRatio },
    piMismatchByInterneuron: mismatchByUnit.pi[0],
    ipMismatchByHiddenCell: mismatchByUnit.ip[0],
    interneuronMeanSquareRate: rates.interneuron,
    hiddenMeanSquareRate: rates.hidden,
  };
}
