import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';
import { MinTree } from './min-tree.ts';
import type { PriorityObserver, ReplayBuffer } from './replay-buffer.ts';
import { checkSampleCount, checkSampleRequest } from './replay-sampler.ts';
import type { ReplaySampler } from './replay-sampler.ts';
import { SumTree } from './sum-tree.ts';

export interface PrioritisedSamplerOptions {
  /** Prioritisation exponent α ≥ 0 in P(i) ∝ p_i^α; 0 is uniform. */
  readonly alpha: number;
  /** Importance-sampling exponent β in [0, 1]; 1 fully corrects the bias of prioritisation. */
  readonly beta: number;
  /** ε > 0 in p = |δ| + ε, so that an experience with zero error can still be replayed. */
  readonly epsilon: number;
}

/**
 * Proportional prioritised replay (Schaul, Quan, Antonoglou & Silver 2016), with replacement:
 * P(i) = p_i^α / Σ_k p_k^α, drawn in O(log N) from a sum tree of p^α, and importance weights
 * w_i = (N·P(i))^−β / max_j w_j. The maximum runs over the experiences that can be drawn
 * (P > 0), found in O(1) from a min tree, so a weight does not depend on the rest of its batch.
 *
 * Priorities live in the buffer (new experiences get its maxPriority); the sampler observes them
 * and keeps its trees in step, so several samplers with different α can share one buffer.
 * While attached, each push and priority update costs O(log capacity) more for the two trees.
 */
export class PrioritisedSampler implements ReplaySampler, PriorityObserver {
  readonly alpha: number;
  readonly epsilon: number;
  private betaValue: number;
  private readonly sums: SumTree;
  private readonly mins: MinTree;

  constructor(
    private readonly buffer: ReplayBuffer,
    private readonly random: Random,
    options: PrioritisedSamplerOptions,
  ) {
    const { alpha, beta, epsilon } = options;
    if (!(Number.isFinite(alpha) && alpha >= 0)) throw new InputError('alpha', `expected a finite number ≥ 0, got ${alpha}`);
    if (!(Number.isFinite(epsilon) && epsilon > 0)) throw new InputError('epsilon', `expected a finite number > 0, got ${epsilon}`);
    checkBeta(beta);
    this.alpha = alpha;
    this.epsilon = epsilon;
    this.betaValue = beta;
    this.sums = new SumTree(buffer.capacity);
    this.mins = new MinTree(buffer.capacity);
    this.contentsReplaced();
    buffer.observePriorities(this);
  }

  get beta(): number {
    return this.betaValue;
  }

  /** β is usually annealed towards 1 over training (Schaul et al. 2016, section 3.4). */
  set beta(beta: number) {
    checkBeta(beta);
    this.betaValue = beta;
  }

  /** P(i) = p_i^α / Σ_k p_k^α of the experience in `slot`. */
  probability(slot: number): number {
    this.buffer.priority(slot); // checks that the slot is occupied
    return this.sums.get(slot) / this.sums.total;
  }

  sample(count: number, indices: Int32Array, weights?: Float64Array): void {
    checkSampleRequest(this.buffer, count, indices, weights);
    const total = this.sums.total; // Σ_k p_k^α
    if (!(total > 0)) throw new InputError('priority', 'every stored experience has priority 0, so none can be drawn');
    const smallest = this.mins.min; // min over P > 0 of p^α, which gives max_j w_j
    const minusBeta = -this.betaValue;
    for (let i = 0; i < count; i++) {
      const slot = this.sums.find(this.random.uniform() * total); // P(slot) = p^α / Σ p^α
      indices[i] = slot;
      // w_i / max_j w_j = (N·P(i))^−β / (N·P_min)^−β = (p_i^α / p_min^α)^−β
      if (weights !== undefined) weights[i] = Math.pow(this.sums.get(slot) / smallest, minusBeta);
    }
  }

  /** After replaying indices[0 … count) with TD errors δ: p = |δ| + ε for each. */
  updatePriorities(indices: Int32Array, tdErrors: Float64Array, count: number): void {
    checkSampleCount(count);
    if (indices.length < count) throw new InputError('indices', `expected at least ${count} entries, got ${indices.length}`);
    if (tdErrors.length < count) throw new InputError('tdErrors', `expected at least ${count} entries, got ${tdErrors.length}`);
    // Check all before changing any, so a rejected update changes nothing.
    for (let i = 0; i < count; i++) {
      if (!Number.isFinite(tdErrors[i])) throw new InputError(`tdErrors[${i}]`, `expected a finite number, got ${tdErrors[i]}`);
      if (!(indices[i] >= 0 && indices[i] < this.buffer.size)) {
        throw new InputError(`indices[${i}]`, `expected an occupied slot in [0, ${this.buffer.size}), got ${indices[i]}`);
      }
    }
    for (let i = 0; i < count; i++) this.buffer.setPriority(indices[i], Math.abs(tdErrors[i]) + this.epsilon); // p = |δ| + ε
  }

  /** Stops following the buffer; the sampler must not be used afterwards. */
  detach(): void {
    this.buffer.unobservePriorities(this);
  }

  priorityChanged(slot: number, priority: number): void {
    const leaf = Math.pow(priority, this.alpha); // p^α (0^0 = 1: α = 0 is uniform)
    this.sums.set(slot, leaf);
    this.mins.set(slot, leaf > 0 ? leaf : Infinity); // experiences that cannot be drawn do not set max_j w_j
  }

  contentsReplaced(): void {
    this.sums.clear();
    this.mins.clear();
    for (let slot = 0; slot < this.buffer.size; slot++) this.priorityChanged(slot, this.buffer.priority(slot));
  }
}

function checkBeta(beta: number): void {
  if (!(beta >= 0 && beta <= 1)) throw new InputError('beta', `expected a number in [0, 1], got ${beta}`);
}
