import type { CheckpointableOptimizer, SlotScale } from './optimizer.ts';

interface RmsPropSlot {
  t: number;
  /** Momentum buffer. */
  readonly m: Float64Array;
  /** Running mean square of the gradient. */
  readonly v: Float64Array;
}

const NO_SCALE: SlotScale = new Map();

/**
 * RMSProp with momentum (Tieleman & Hinton 2012; the optimiser of Costa et al. 2017), in the form
 * of TensorFlow's RMSPropOptimizer(momentum > 0, centered = false):
 *   ms  ← ρ·ms + (1 − ρ)·g²
 *   mom ← μ·mom + lr·scale(slot)·g / √(ms + ε)
 *   θ   ← θ − mom
 * The mean square starts at `initialMeanSquare`: 0 by default (Keras, PyTorch); TensorFlow 1's
 * RMSPropOptimizer starts it at 1, which damps the first steps. ε sits inside the square root as in
 * TensorFlow (PyTorch adds it outside). Buffers are allocated once per slot, on its first step.
 */
export function rmsprop(lr: number, options: { rho?: number; momentum?: number; eps?: number; initialMeanSquare?: number; slotScale?: SlotScale } = {}): CheckpointableOptimizer {
  const rho = options.rho ?? 0.9;
  const mu = options.momentum ?? 0.9;
  const eps = options.eps ?? 1e-10;
  const ms0 = options.initialMeanSquare ?? 0;
  const slotScale = options.slotScale ?? NO_SCALE;
  const slots = new Map<number, RmsPropSlot>();
  return {
    lr,
    step(params, grads, slot) {
      this.begin(slot, params.length);
      this.stepRange(params, 0, grads, 0, params.length, slot);
    },
    begin(slot, size) {
      let s = slots.get(slot);
      if (s === undefined) {
        s = { t: 0, m: new Float64Array(size), v: new Float64Array(size).fill(ms0) };
        slots.set(slot, s);
      }
      s.t++;
    },
    stepRange(params, from, grads, gOff, n, slot) {
      const s = slots.get(slot);
      if (s === undefined) throw new RangeError(`rmsprop: stepRange on slot ${slot} before begin`);
      const m = s.m;
      const v = s.v;
      const rate = this.lr * (slotScale.get(slot) ?? 1);
      const oneMinusRho = 1 - rho;
      for (let i = 0; i < n; i++) {
        const g = grads[gOff + i];
        const k = from + i;
        const ms = rho * v[k] + oneMinusRho * g * g;
        const mom = mu * m[k] + (rate * g) / Math.sqrt(ms + eps);
        v[k] = ms;
        m[k] = mom;
        params[k] -= mom;
      }
    },
    saveState() {
      const list = [...slots.entries()].sort((a, b) => a[0] - b[0]);
      return { kind: 'rmsprop', slots: list.map(([slot, s]) => ({ slot, t: s.t, m: Float64Array.from(s.m), v: Float64Array.from(s.v) })) };
    },
    loadState(state) {
      if (state.kind !== 'rmsprop') throw new RangeError(`cannot load ${state.kind} state into rmsprop`);
      slots.clear();
      for (const s of state.slots) slots.set(s.slot, { t: s.t, m: Float64Array.from(s.m), v: Float64Array.from(s.v) });
    },
  };
}
