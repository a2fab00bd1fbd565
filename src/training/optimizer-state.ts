import { adam, sgd, type CheckpointableOptimizer, type OptimizerState } from '../core/optimizer.ts';
import type { OptimizerName } from './train-options.ts';
import type { CheckedState } from './checked-state.ts';
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

/**
 * Reads back what optimizerToState wrote, from the meta object at `field` and the arrays
 * `<prefix>m<slot>`, `<prefix>v<slot>` of `checked`, and checks it against this run: the same kind of
 * optimizer, only slots the learner has (`slotSizes`: parameters per slot), each once, positive
 * integer step counts, moments of the slot's size (v ≥ 0). Returns the state for `opt.loadState`;
 * nothing is restored here.
 */
export function checkedOptimizerState(
  opt: CheckpointableOptimizer,
  checked: CheckedState,
  field: string,
  prefix: string,
  slotSizes: ReadonlyMap<number, number>,
): OptimizerState {
  const meta = checked.object(checked.state.meta.optimizer, field);
  const kind = opt.saveState().kind;
  if (meta.kind !== kind) throw checked.fail(`${field}.kind`, `expected ${kind} (this run's optimizer), got ${JSON.stringify(meta.kind)}`);
  const steps = meta.steps;
  if (!Array.isArray(steps)) throw checked.fail(`${field}.steps`, 'expected a list of [slot, step count] pairs');
  if (kind === 'sgd' && steps.length > 0) throw checked.fail(`${field}.steps`, 'sgd keeps no per-slot state, got step counts');
  const seen = new Set<number>();
  const slots = steps.map((pair: unknown, i) => {
    const at = `${field}.steps[${i}]`;
    if (!Array.isArray(pair) || pair.length !== 2) throw checked.fail(at, 'expected a [slot, step count] pair');
    const slot = checked.integer(pair[0], `${at}[0]`, 0, Number.MAX_SAFE_INTEGER);
    const size = slotSizes.get(slot);
    if (size === undefined) throw checked.fail(`${at}[0]`, `slot ${slot} is not a parameter array of this learner`);
    if (seen.has(slot)) throw checked.fail(`${at}[0]`, `slot ${slot} is listed twice`);
    seen.add(slot);
    const t = checked.integer(pair[1], `${at}[1]`, 1, Number.MAX_SAFE_INTEGER);
    const m = checked.array(`${prefix}m${slot}`, size);
    const v = checked.array(`${prefix}v${slot}`, size);
    for (let j = 0; j < size; j++) if (v[j] < 0) throw checked.fail(`${prefix}v${slot}`, `entry ${j} is ${v[j]}, a second moment is ≥ 0`);
    return { slot, t, m, v };
  });
  return { kind, slots };
}
