import { adam, sgd, type CheckpointableOptimizer, type OptimizerState } from '../core/optimizer.ts';
import type { OptimizerName } from './train-options.ts';
import type { LearnerState } from './learner.ts';

/**
 * The optimizer of a run; `upLrScale[k−1]` multiplies the learning rate of W^up_k, which every
 * learner keeps in optimizer slot k−1.
 */
export function createOptimizer(name: OptimizerName, lr: number, upLrScale: readonly number[]): CheckpointableOptimizer {
  const slotScale = new Map(upLrScale.map((scale, k) => [k, scale] as const).filter(([, scale]) => scale !== 1));
  return name === 'adam' ? adam(lr, slotScale) : sgd(lr, slotScale);
}

/** An optimizer's state as checkpoint parts: step counts in meta, moments as arrays `m<slot>`, `v<slot>`. */
export function optimizerToState(opt: CheckpointableOptimizer): LearnerState {
  const s = opt.saveState();
  const arrays: Record<string, Float64Array> = {};
  for (const slot of s.slots) {
    arrays[`m${slot.slot}`] = slot.m;
    arrays[`v${slot.slot}`] = slot.v;
  }
  return { meta: { kind: s.kind, steps: s.slots.map((x) => [x.slot, x.t]) }, arrays };
}

export function optimizerFromState(opt: CheckpointableOptimizer, state: LearnerState): void {
  const steps = state.meta.steps as [number, number][];
  const slots = steps.map(([slot, t]) => ({ slot, t, m: state.arrays[`m${slot}`], v: state.arrays[`v${slot}`] }));
  opt.loadState({ kind: state.meta.kind as OptimizerState['kind'], slots });
}
