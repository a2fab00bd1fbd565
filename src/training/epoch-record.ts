/** Metrics after an epoch. Errors are fractions misclassified (classification only); MSE is per output entry. */
export interface EpochRecord {
  readonly epoch: number;
  /** Mean ½‖u_N − target‖² of the training samples, each taken just before it was learnt from. */
  readonly trainLoss: number;
  readonly trainError: number | null;
  readonly testError: number | null;
  readonly trainMse: number;
  readonly testMse: number;
  /** Wall seconds of this epoch's training (without evaluation). */
  readonly trainSeconds: number;
}
