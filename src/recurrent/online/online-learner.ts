import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { RecurrentNetwork } from '../network.ts';

/**
 * A rule that trains a recurrent network from a batch of sequences, one step at a time: full or
 * truncated BPTT, BPTT with synthetic gradients (DNI), BP(λ). A new rule is one class that
 * implements this interface.
 *
 * Protocol, per batch of sequences (every row starts from the zero state):
 * ```ts
 * learner.beginSequence(batch);               // zeroes network.gradients
 * for (let t = 0; t < batch.steps; t++) learner.step(t);
 * const loss = learner.endOfSequence();       // Σ_t L_t (step-loss.ts); network.gradients = the update direction
 * clipGlobalNorm(net.gradients, 1); optimizer.step(net.parameters, net.gradients, 0);
 * ```
 * The learner never changes the network's parameters (the caller owns that optimizer, and may
 * leave the network frozen); a learner with a synthesiser updates the synthesiser itself at
 * `endOfSequence`, from the gradient it accumulated over the sequence (θ fixed during a sequence).
 * A windowed rule (truncated BPTT, DNI) does its work when a window's last step arrives.
 */
export interface OnlineLearner {
  /** Short label for tables and figures, e.g. "BP(0.5)", "BPTT n=3". */
  readonly name: string;
  readonly network: RecurrentNetwork;
  beginSequence(batch: TaskBatch): void;
  step(t: number): void;
  endOfSequence(): number;
}

/** Runs one batch through a learner; returns its loss Σ_t L_t. */
export function runSequence(learner: OnlineLearner, batch: TaskBatch): number {
  learner.beginSequence(batch);
  for (let t = 0; t < batch.steps; t++) learner.step(t);
  return learner.endOfSequence();
}
