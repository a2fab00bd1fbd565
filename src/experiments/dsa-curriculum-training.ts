/**
 * Training and measuring one network of the curriculum test case of Guilhot, Wójcik, Achterberg
 * & Ponte Costa (2024; qglht/RepAL main/train.py, main/representation.py):
 *
 *   network   leaky rate RNN h ← α·h + (1−α)·φ(W_in·x + W_rec·h + b) (or the authors' leaky GRU,
 *             src/recurrent/cells/rate-gru.ts), α = e^(−dt/τ), dt 20 ms,
 *             τ 100 ms (main/train.py `decay`), 7 inputs, 3 outputs (src/data/perceptual-decision-tasks.ts)
 *   training  Adam on softmax cross-entropy at every step of 400-step windows cut from streams of
 *             training trials (the authors' layout); an epoch runs `batchesPerEpoch` batches of each
 *             task in turn, then scores each task on fresh trials; training stops as soon as every
 *             task's accuracy exceeds the target, or after `maxEpochs`
 *   mask      with `decisionMask`, each step's loss is weighted as the authors' data mask
 *             (main/generate_data.py `create_mask`, gyyang/multitask's c_mask): 1 outside the
 *             decision period, 2, 3, 4, 5, 5, … over its consecutive steps; the loss is
 *             Σ w·ℓ / Σ w. The authors compute this mask but their line applying it is commented
 *             out (plain mean); without it the decision steps are ~2.5 % of the loss
 *   freezing  `trainable: 'input-weights'` trains W_in alone (the authors' frozen runs give Adam
 *             only `rnncell.weight_ih`): every other gradient is zeroed before each step, so with
 *             a fresh Adam W_rec, b and the readout stay bit for bit what they were
 *   accuracy  the fraction of decision steps whose arg-max output is the correct choice (the
 *             authors' `accuracy`, steps with mask > 1, i.e. the decision period), on trials of
 *             the training timing (the authors score a held-out fifth of their training windows)
 *             or the test timing; `coherent` counts only trials with coherence > 0, whose side
 *             can be inferred (about a fifth have coherence 0, so all trials top out near 0.9)
 *
 * Streams: initial weights from the network seed; training and test trials from the `rng` given.
 */
import { adam } from '../core/optimizer.ts';
import { perceptualDecisionBatch, perceptualDecisionStreamBatch, PERCEPTUAL_CLASSES, PERCEPTUAL_INPUTS } from '../data/perceptual-decision-tasks.ts';
import type { PerceptualDecisionBatch, PerceptualTask } from '../data/perceptual-decision-tasks.ts';
import type { Random } from '../random/random.ts';
import type { RateActivation } from '../recurrent/cells/cell.ts';
import type { CurriculumCell } from './dsa-curriculum-settings.ts';
import { RecurrentNetwork } from '../recurrent/network.ts';

/** dt and τ in ms (the authors' hp `dt`, `tau`). */
export const CURRICULUM_DT = 20;
export const CURRICULUM_TAU = 100;

export interface CurriculumNetworkOptions {
  readonly cell: CurriculumCell;
  readonly hidden: number;
  readonly activation: RateActivation;
  readonly seed: number;
}

/** A fresh leaky rate RNN (or the authors' leaky GRU) for the perceptual decision tasks. */
export function curriculumNetwork(options: CurriculumNetworkOptions): RecurrentNetwork {
  return new RecurrentNetwork({
    cell: options.cell,
    leak: Math.exp(-CURRICULUM_DT / CURRICULUM_TAU),
    activation: options.activation,
    inputSize: PERCEPTUAL_INPUTS,
    hidden: [options.hidden],
    outputSize: PERCEPTUAL_CLASSES,
    seed: options.seed,
  });
}

/** Which parameters learn: all of them, or W_in alone (a frozen recurrent core). */
export type Trainable = 'all' | 'input-weights';

export interface TrainOptions {
  /** Tasks trained in turn within an epoch (an empty list trains nothing). */
  readonly tasks: readonly PerceptualTask[];
  readonly trainable: Trainable;
  readonly learningRate: number;
  readonly batchSize: number;
  /** Steps per training window (400 in the authors' generate_data.py). */
  readonly windowSteps: number;
  readonly batchesPerEpoch: number;
  readonly maxEpochs: number;
  /** Stop when every task's accuracy (`stopOn`, training timing) exceeds this. */
  readonly targetAccuracy: number;
  /** Which accuracy the stopping rule reads: over all trials (the authors') or coherent ones. */
  readonly stopOn: 'all' | 'coherent';
  /** Weight the loss by the authors' decision-period mask (see the file comment). */
  readonly decisionMask: boolean;
  /** Trials per task for the accuracy after each epoch. */
  readonly evalTrials: number;
}

export interface TrainLog {
  readonly epochs: number;
  /** Whether every task's accuracy exceeded the target before the epoch cap. */
  readonly reached: boolean;
  /** Accuracy per task after the last epoch (the `stopOn` measure, training timing). */
  readonly accuracy: Partial<Record<PerceptualTask, number>>;
  /** Mean training loss per epoch. */
  readonly losses: number[];
}

/** Forward pass of a batch of whole trials. */
export function forwardTrials(net: RecurrentNetwork, batch: PerceptualDecisionBatch): void {
  if (batch.inputs.kind !== 'dense') throw new Error('unreachable: perceptual trials are dense');
  net.forward({ inputs: batch.inputs.values, batchSize: batch.batch, steps: batch.steps, lengths: batch.lengths });
}

/** Accuracy over decision steps: of all trials, and of the coherent ones (coherence > 0; NaN if none). */
export interface Accuracy {
  readonly all: number;
  readonly coherent: number;
}

/** Accuracy over the decision steps of `trials` fresh trials of `task` (test timing unless told). */
export function taskAccuracy(net: RecurrentNetwork, task: PerceptualTask, trials: number, rng: Random, mode: 'train' | 'test' = 'test'): Accuracy {
  const batch = perceptualDecisionBatch(task, trials, rng, { mode, dt: CURRICULUM_DT });
  forwardTrials(net, batch);
  if (batch.targets.kind !== 'classes') throw new Error('unreachable: perceptual targets are classes');
  let hits = 0;
  let count = 0;
  let coherentHits = 0;
  let coherentCount = 0;
  for (let b = 0; b < batch.batch; b++) {
    const coherent = batch.coherence[b] > 0;
    for (let t = 0; t < batch.lengths[b]; t++) {
      if (batch.decision[b * batch.steps + t] === 0) continue;
      let best = 0;
      for (let k = 1; k < PERCEPTUAL_CLASSES; k++) if (net.output(b, t, k) > net.output(b, t, best)) best = k;
      const hit = best === batch.targets.labels[b * batch.steps + t] ? 1 : 0;
      hits += hit;
      count++;
      if (coherent) {
        coherentHits += hit;
        coherentCount++;
      }
    }
  }
  return { all: hits / count, coherent: coherentCount > 0 ? coherentHits / coherentCount : NaN };
}

/**
 * The authors' mask weights of a window (main/generate_data.py `create_mask`): 1 outside the
 * decision period, 2, 3, 4, 5, 5, … over consecutive decision steps, written into `weights`.
 */
export function decisionMaskWeights(decision: Uint8Array, batch: number, steps: number, weights: Float64Array): Float64Array {
  for (let b = 0; b < batch; b++) {
    let run = 0;
    for (let t = 0; t < steps; t++) {
      const k = b * steps + t;
      if (decision[k] === 1) {
        weights[k] = Math.min(2 + run, 5);
        run++;
      } else {
        weights[k] = 1;
        run = 0;
      }
    }
  }
  return weights;
}

/** Trains `net` in place on `options.tasks`; see the file comment. */
export function trainTasks(net: RecurrentNetwork, options: TrainOptions, rng: Random, onEpoch?: (epoch: number, accuracy: Partial<Record<PerceptualTask, number>>) => void): TrainLog {
  const losses: number[] = [];
  const accuracy: Partial<Record<PerceptualTask, number>> = {};
  if (options.tasks.length === 0) return { epochs: 0, reached: true, accuracy, losses };
  const optimizer = adam(options.learningRate);
  const grads = net.gradients;
  const inputGrads = net.view('layer0.Wx', grads);
  const kept = new Float64Array(inputGrads.length);
  const weights = options.decisionMask ? new Float64Array(options.batchSize * options.windowSteps) : undefined;
  let epoch = 0;
  let reached = false;
  while (epoch < options.maxEpochs && !reached) {
    let total = 0;
    for (const task of options.tasks) {
      for (let k = 0; k < options.batchesPerEpoch; k++) {
        const batch = perceptualDecisionStreamBatch(task, options.batchSize, options.windowSteps, rng, { dt: CURRICULUM_DT });
        if (batch.inputs.kind !== 'dense' || batch.targets.kind !== 'classes') throw new Error('unreachable: perceptual windows are dense with classes');
        net.forward({ inputs: batch.inputs.values, batchSize: batch.batch, steps: batch.steps });
        if (weights !== undefined) decisionMaskWeights(batch.decision, batch.batch, batch.steps, weights);
        total += net.loss({ kind: 'cross-entropy', at: 'every', targets: batch.targets.labels, weights });
        net.backward();
        if (options.trainable === 'input-weights') {
          kept.set(inputGrads);
          grads.fill(0);
          inputGrads.set(kept);
        }
        optimizer.step(net.parameters, grads, 0);
      }
    }
    epoch++;
    losses.push(total / (options.tasks.length * options.batchesPerEpoch));
    reached = true;
    for (const task of options.tasks) {
      accuracy[task] = taskAccuracy(net, task, options.evalTrials, rng, 'train')[options.stopOn];
      if (!(accuracy[task]! > options.targetAccuracy)) reached = false;
    }
    onEpoch?.(epoch, accuracy);
  }
  return { epochs: epoch, reached, accuracy, losses };
}

/** The hidden states h_t over steps [from, to) of each trial of the last forward pass: trials × time × units. */
export function hiddenWindow(net: RecurrentNetwork, trials: number, from: number, to: number): Float64Array {
  const layer = net.layers[0];
  const h = layer.hidden;
  const s = layer.stateSize;
  const time = to - from;
  const out = new Float64Array(trials * time * h);
  for (let b = 0; b < trials; b++) {
    for (let t = from; t < to; t++) {
      // states block t + 1 holds h after the input of step t (block 0 is the initial state)
      const src = ((t + 1) * trials + b) * s;
      out.set(layer.states.subarray(src, src + h), (b * time + t - from) * h);
    }
  }
  return out;
}
