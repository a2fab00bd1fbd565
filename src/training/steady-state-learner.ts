import type { CheckpointableOptimizer } from '../core/optimizer.ts';
import { CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { initSteadyStateWeights } from './steady-state-settings.ts';
import { SteadyStateTwoPass, steadyStateSlot } from './steady-state-two-pass.ts';
import { CheckedState } from './checked-state.ts';
import type { Learner, LearnerState } from './learner.ts';
import { checkedOptimizerState, createOptimizer, optimizerToState } from './optimizer-state.ts';
import type { TrainingSetup } from './training-setup.ts';

/** The two-pass steady-state microcircuit, self-predicting from the start. */
export class SteadyStateLearner implements Learner {
  readonly circuit: SteadyStateTwoPass;
  private readonly optimizer: CheckpointableOptimizer;
  private readonly baseLr: number;

  constructor(setup: TrainingSetup, seed: number) {
    const w = initSteadyStateWeights(setup.dims, setup.bias, setup.init, setup.neuron, seed);
    this.circuit = new SteadyStateTwoPass({ dims: setup.dims, neuron: setup.neuron, bias: setup.bias, rateScale: setup.rateScale }, w);
    this.optimizer = createOptimizer(setup.optimizer, setup.lr, setup.upLrScale);
    this.baseLr = setup.lr;
  }

  trainBatch(inputs: Float64Array, targets: Float64Array, n: number): number {
    return this.circuit.trainBatch(inputs, targets, n, this.optimizer);
  }

  predict(inputs: Float64Array, n: number, out: Float64Array): void {
    this.circuit.inferBatch(inputs, n, out);
  }

  scaleLearningRate(factor: number): void {
    this.optimizer.lr = this.baseLr * factor;
  }

  saveState(): LearnerState {
    const opt = optimizerToState(this.optimizer);
    const arrays: Record<string, Float64Array> = {};
    for (const c of CONNECTIONS) this.circuit.weights[c].forEach((w, i) => (arrays[`${c}${i + 1}`] = w.data));
    for (const [name, a] of Object.entries(opt.arrays)) arrays[`optimizer.${name}`] = a;
    return { meta: { optimizer: opt.meta }, arrays };
  }

  loadState(state: LearnerState, source: string): void {
    const checked = new CheckedState(state, source);
    const w = this.circuit.weights;
    const weights = CONNECTIONS.map((c) => w[c].map((m, i) => checked.array(`${c}${i + 1}`, m.data.length)));
    const slotSizes = new Map(CONNECTIONS.flatMap((c) => w[c].map((m, i) => [steadyStateSlot(this.circuit.depth, c, i), m.data.length] as const)));
    const optimizer = checkedOptimizerState(this.optimizer, checked, 'learner.optimizer', 'optimizer.', slotSizes);
    checked.done();
    CONNECTIONS.forEach((c, j) => w[c].forEach((m, i) => m.data.set(weights[j][i])));
    this.optimizer.loadState(optimizer);
  }
}
