import { ignoreStreamError } from '../streams/ignore-stream-error.ts';
import { CircuitShape, CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { initSteadyStateWeights } from './steady-state-settings.ts';
import { FrozenEvaluator } from '../simulation/frozen-evaluation.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { Simulation, type Pattern, type PatternTiming } from '../simulation/simulation.ts';
import { CheckedState } from './checked-state.ts';
import type { Learner, LearnerState } from './learner.ts';
import type { FullDynamicsSetup, TrainingSetup } from './training-setup.ts';

/** Simulated ms between progress reports within a sample (a tenth of the 100 ms pattern). */
const PROGRESS_EVERY_MS = 10;

/**
 * The continuous-time microcircuit (Microcircuit + Simulation, forward Euler) learning online:
 * each sample is shown for tPattern ms with its target, plasticity on after the learning lag. A
 * bias becomes a constant-1 extra input (the engine has no bias weights in higher layers).
 * Predictions come from a frozen, noiseless copy (FrozenEvaluator), so evaluating never changes
 * the learning circuit's state. Weights start self-predicting, as in the steady-state runs.
 */
export class FullDynamicsLearner implements Learner {
  readonly circuit: Microcircuit;
  private readonly sim: Simulation;
  private readonly evaluator: FrozenEvaluator;
  private readonly timing: PatternTiming;
  private readonly nIn: number;
  private readonly nOut: number;
  private readonly bias: number;
  /** The current sample as the circuit sees it (with the constant-1 input) and its target. */
  private readonly input: Float64Array;
  private readonly target: Float64Array;
  private readonly pattern: Pattern;
  private readonly eta: FullDynamicsSetup['eta'];
  /** watchSamples' listener, and the samples of the current trainBatch before the one being shown. */
  private listener: ((samplesDone: number) => void) | null = null;
  private samplesBefore = 0;
  private sampleStart = 0;

  constructor(setup: TrainingSetup, seed: number) {
    const full = setup.full as FullDynamicsSetup;
    this.eta = full.eta;
    this.bias = setup.bias ? 1 : 0;
    const dims = [setup.dims[0] + this.bias, ...setup.dims.slice(1)];
    this.nIn = setup.dims[0];
    this.nOut = dims[dims.length - 1];
    const weights = initSteadyStateWeights(dims, false, setup.init, setup.neuron, seed);
    this.circuit = new Microcircuit({
      dims,
      neuron: setup.neuron,
      weights,
      plasticity: { tauW: full.tauW, learningLag: full.learningLag, eta: full.eta },
      tau0: full.tau0,
      precision: full.precision,
    });
    const integrator = { method: 'euler', dt: full.dt } as const;
    this.sim = new Simulation(this.circuit, createIntegrator(integrator), { seed });
    this.timing = { tPattern: full.tPattern, outputLag: full.outputLag };
    this.evaluator = new FrozenEvaluator(new CircuitShape(dims), setup.neuron, this.timing, { tau0: full.tau0, integrator, initialWeights: weights });
    this.input = new Float64Array(dims[0]).fill(1);
    this.target = new Float64Array(this.nOut);
    this.pattern = { input: this.input, target: this.target, learn: true };
  }

  trainBatch(inputs: Float64Array, targets: Float64Array, n: number): number {
    let loss = 0;
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < this.nIn; i++) this.input[i] = inputs[s * this.nIn + i];
      for (let i = 0; i < this.nOut; i++) this.target[i] = targets[s * this.nOut + i];
      this.samplesBefore = s;
      this.sampleStart = this.sim.t;
      const { output } = this.sim.present(this.pattern, this.timing);
      for (let i = 0; i < this.nOut; i++) loss += 0.5 * (output[i] - this.target[i]) ** 2;
    }
    return loss / n;
  }

  predict(inputs: Float64Array, n: number, out: Float64Array): void {
    const width = this.nIn + this.bias;
    const withBias = new Float64Array(n * width).fill(1);
    for (let s = 0; s < n; s++) withBias.set(inputs.subarray(s * this.nIn, (s + 1) * this.nIn), s * width);
    out.set(this.evaluator.outputs(this.circuit.weights(), withBias, n, this.listener ?? undefined, PROGRESS_EVERY_MS));
  }

  /** Progress within a sample from frames every PROGRESS_EVERY_MS simulated ms (frames only read the state). */
  watchSamples(listener: (samplesDone: number) => void): void {
    if (this.listener === null) {
      this.sim.frames(PROGRESS_EVERY_MS).subscribe({
        next: (frame) => this.listener!(this.samplesBefore + (frame.t - this.sampleStart) / this.timing.tPattern),
        error: ignoreStreamError,
      });
    }
    this.listener = listener;
  }

  scaleLearningRate(factor: number): void {
    const p = this.circuit.plasticity!;
    for (const c of CONNECTIONS) {
      this.eta[c].forEach((eta, i) => {
        if (eta !== 0) p.setLearningRate(c, i, eta * factor);
      });
    }
  }

  saveState(): LearnerState {
    return { meta: { t: this.sim.t, patternCount: this.sim.patternCount, noise: this.sim.rng.getState() }, arrays: { state: this.circuit.state } };
  }

  /** Checks the state vector, time, pattern count (time = patterns × tPattern) and noise stream, then restores them. */
  loadState(state: LearnerState, source: string): void {
    const checked = new CheckedState(state, source);
    const vector = checked.array('state', this.circuit.state.length);
    checked.done();
    const patternCount = checked.integer(state.meta.patternCount, 'learner.patternCount', 0, Number.MAX_SAFE_INTEGER);
    const t = checked.finite(state.meta.t, 'learner.t', 0);
    const expected = patternCount * this.timing.tPattern;
    if (Math.abs(t - expected) > 1e-9 * Math.max(1, expected)) {
      throw checked.fail('learner.t', `${t} ms does not match ${patternCount} patterns of ${this.timing.tPattern} ms`);
    }
    const noise = checked.randomState(state.meta.noise, 'learner.noise');
    this.circuit.setState(vector);
    this.sim.t = t;
    this.sim.patternCount = patternCount;
    this.sim.rng.setState(noise);
  }
}
