import { adam, type CheckpointableOptimizer } from '../../core/optimizer.ts';
import { rmsprop } from '../../core/rmsprop.ts';
import { RECURRENT_DEFAULTS, type RecurrentTrainOptions } from './recurrent-train-options.ts';

/** The optimizer of a recurrent run at `options.lr`: RMSProp with momentum (RECURRENT_DEFAULTS' ρ, momentum and ε) or Adam (its own defaults). */
export function makeRecurrentOptimizer(options: Pick<RecurrentTrainOptions, 'optimizer' | 'lr'>): CheckpointableOptimizer {
  const { rho, momentum, eps } = RECURRENT_DEFAULTS;
  return options.optimizer === 'rmsprop' ? rmsprop(options.lr, { rho, momentum, eps }) : adam(options.lr);
}

/** The fixed constants of that optimizer, as a run's result records them: RMSProp's ρ, momentum and ε; none for Adam. */
export function recurrentOptimizerConstants(options: RecurrentTrainOptions): { readonly rho?: number; readonly momentum?: number; readonly eps?: number } {
  return options.optimizer === 'rmsprop' ? { rho: RECURRENT_DEFAULTS.rho, momentum: RECURRENT_DEFAULTS.momentum, eps: RECURRENT_DEFAULTS.eps } : {};
}
