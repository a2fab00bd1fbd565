/**
 * What `npm run train` trains: a feed-forward baseline, the steady-state microcircuit or the
 * continuous-time one, behind one interface so the epoch loop, evaluation and checkpoints are shared.
 */
export interface LearnerState {
  /** Small JSON-able values (step counts, times, random states). */
  readonly meta: Record<string, unknown>;
  /** Large arrays (weights, optimizer moments, state vectors), stored in binary. */
  readonly arrays: Record<string, Float64Array>;
}

export interface Learner {
  /** Learn from n samples (rows of inputs and target potentials); returns their mean loss ½‖u_N − target‖² before learning. */
  trainBatch(inputs: Float64Array, targets: Float64Array, n: number): number;
  /** Output potentials (n × n_N, row-major) for n inputs, without learning. */
  predict(inputs: Float64Array, n: number, out: Float64Array): void;
  /** Scale the learning rate (or, in full dynamics, every η) by `factor` relative to the setup's. */
  scaleLearningRate(factor: number): void;
  saveState(): LearnerState;
  /**
   * Restores what saveState wrote, after checking every value and array against this learner
   * (names, lengths, ranges); a mismatch is an InputError naming `source` (the checkpoint file)
   * and the field, raised before anything is restored.
   */
  loadState(state: LearnerState, source: string): void;
  /**
   * Learners whose single sample takes seconds (the continuous-time circuit): `listener` hears the
   * samples done so far within the current trainBatch or predict call, fractions included, every
   * few simulated ms, so that progress moves within a sample.
   */
  watchSamples?(listener: (samplesDone: number) => void): void;
}
