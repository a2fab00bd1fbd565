import { steadyStateAttenuation } from '../neurons/attenuation.ts';
import { FeedforwardNetwork, type LearningRule } from '../baselines/feedforward-network.ts';
import type { CheckpointableOptimizer } from '../core/optimizer.ts';
import { initSteadyStateWeights } from './steady-state-settings.ts';
import type { Learner, LearnerState } from './learner.ts';
import { CheckedState } from './checked-state.ts';
import { checkedOptimizerState, createOptimizer, optimizerToState } from './optimizer-state.ts';
import type { TrainingSetup } from './training-setup.ts';

/**
 * A feed-forward baseline on the microcircuit's forward map. Its initial weights are the
 * microcircuit's W^up for the same seed, and feedback alignment's B_k its fixed W^down, so the
 * learners start from the same network and differ only in how they learn.
 */
export class FeedforwardLearner implements Learner {
  readonly net: FeedforwardNetwork;
  private readonly optimizer: CheckpointableOptimizer;
  private readonly baseLr: number;

  constructor(setup: TrainingSetup, rule: LearningRule, seed: number) {
    const w = initSteadyStateWeights(setup.dims, setup.bias, setup.init, setup.neuron, seed);
    const depth = setup.dims.length - 1;
    this.net = new FeedforwardNetwork(
      { dims: setup.dims, phi: setup.neuron.phi, attenuation: steadyStateAttenuation(setup.neuron, depth), rule, feedback: w.down, bias: setup.bias },
      w.up,
    );
    this.optimizer = createOptimizer(setup.optimizer, setup.lr, setup.upLrScale);
    this.baseLr = setup.lr;
  }

  trainBatch(inputs: Float64Array, targets: Float64Array, n: number): number {
    return this.net.trainBatch(inputs, targets, n, this.optimizer);
  }

  predict(inputs: Float64Array, n: number, out: Float64Array): void {
    this.net.forwardBatch(inputs, n, out);
  }

  scaleLearningRate(factor: number): void {
    this.optimizer.lr = this.baseLr * factor;
  }

  saveState(): LearnerState {
    const opt = optimizerToState(this.optimizer);
    const arrays: Record<string, Float64Array> = {};
    this.net.weights.forEach((w, k) => (arrays[`W${k + 1}`] = w.data));
    for (const [name, a] of Object.entries(opt.arrays)) arrays[`optimizer.${name}`] = a;
    return { meta: { optimizer: opt.meta }, arrays };
  }

  loadState(state: LearnerState, source: string): void {
    const checked = new CheckedState(state, source);
    const weights = this.net.weights.map((w, k) => checked.array(`W${k + 1}`, w.data.length));
    const slotSizes = new Map(this.net.weights.map((w, k) => [k, w.data.length]));
    const optimizer = checkedOptimizerState(this.optimizer, checked, 'learner.optimizer', 'optimizer.', slotSizes);
    checked.done();
    this.net.weights.forEach((w, k) => w.data.set(weights[k]));
    this.optimizer.loadState(optimizer);
  }
}
