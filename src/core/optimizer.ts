/**
 * Gradient-descent optimizers of the feed-forward baselines (and of the steady-state microcircuit,
 * whose weight changes enter as pseudo-gradients). `step` changes `params` in place from `grads`;
 * `slot` names the parameter array, so a stateful optimizer (Adam) keeps one state per slot.
 *
 * The same step can be taken in pieces: `begin(slot, size)`, then `stepRange` over disjoint ranges
 * that together cover the array. Each element is updated by the same arithmetic as in `step`, so a
 * learner can hand over its gradient a few rows at a time while they are still in cache, never
 * writing the whole gradient to memory.
 */
export interface Optimizer {
  step(params: Float64Array, grads: Float64Array, slot: number): void;
  /** Starts one step of `slot` on an array of `size` parameters (Adam: t ← t + 1). */
  begin(slot: number, size: number): void;
  /** params[from + i] −= update(grads[gOff + i]) for i < n, in the step last begun for `slot`. */
  stepRange(params: Float64Array, from: number, grads: Float64Array, gOff: number, n: number, slot: number): void;
  /**
   * Keep the moments in `memory` from now on (copying those already kept), or in plain arrays
   * again with null. Results are the same bits either way; only optimizers with a kernel twin
   * (Adam) have it.
   */
  useMemory?(memory: OptimizerMemory | null): void;
}

/** Everything an optimizer remembers, so a checkpoint can continue a run bit for bit. */
export interface OptimizerState {
  readonly kind: 'sgd' | 'adam' | 'rmsprop';
  /**
   * Per slot: the step count and the moment estimates, in slot order; empty for SGD. Adam: m, v its
   * first and second moments; RMSProp (rmsprop.ts): m the momentum buffer, v the mean square.
   */
  readonly slots: readonly { readonly slot: number; readonly t: number; readonly m: Float64Array; readonly v: Float64Array }[];
}

/**
 * Memory a trainer offers an optimizer for its per-slot moments, so that a faster twin of the
 * element update (a WebAssembly SIMD kernel, src/kernels/minibatch-memory.ts) can run on them and
 * on the trainer's weights and gradients, which live in the same memory.
 */
export interface OptimizerMemory {
  /** The moment arrays (m, v) of `slot`, `size` numbers each, the same views on every call; null when this memory keeps none of that size for the slot. */
  moments(slot: number, size: number): readonly [Float64Array, Float64Array] | null;
  /** Seven numbers in this memory, the coefficients of the next adamRange. */
  readonly adamCoef: Float64Array;
  /**
   * Adam's element update of params[from + i], i < n, from grads[gOff + i] and the moments at
   * m[from + i], v[from + i], with coef = [c1, c2, β1, β2, ε, 1−β1, 1−β2]: the operations of
   * adam()'s loop in the same order (the same bits); every array a view of this memory.
   */
  adamRange(params: Float64Array, from: number, grads: Float64Array, gOff: number, n: number, m: Float64Array, v: Float64Array, coef: Float64Array): void;
}

/** An optimizer whose state can be saved and restored, and whose learning rate can be scheduled (both of ours). */
export interface CheckpointableOptimizer extends Optimizer {
  /** The learning rate of the next steps. */
  lr: number;
  saveState(): OptimizerState;
  loadState(state: OptimizerState): void;
}

/**
 * Learning-rate multiplier per slot (absent slots: 1), for parameter arrays whose scale differs from
 * the rest (Adam moves every weight by about lr per step, whatever the weight's size).
 */
export type SlotScale = ReadonlyMap<number, number>;

const NO_SCALE: SlotScale = new Map();

/** Plain gradient descent: θ ← θ − lr·scale(slot)·g. */
export function sgd(lr: number, slotScale: SlotScale = NO_SCALE): CheckpointableOptimizer {
  return {
    lr,
    step(params, grads, slot) {
      this.stepRange(params, 0, grads, 0, params.length, slot);
    },
    begin() {},
    stepRange(params, from, grads, gOff, n, slot) {
      const rate = this.lr * (slotScale.get(slot) ?? 1);
      for (let i = 0; i < n; i++) params[from + i] -= rate * grads[gOff + i];
    },
    saveState: () => ({ kind: 'sgd', slots: [] }),
    loadState(state) {
      if (state.kind !== 'sgd') throw new RangeError(`cannot load ${state.kind} state into sgd`);
    },
  };
}

interface AdamSlot {
  t: number;
  m: Float64Array;
  v: Float64Array;
  /** Whether m and v are views of the OptimizerMemory in use (so its kernel may run). */
  inMemory: boolean;
  /** lr·scale(slot)/(1−β1^t) and 1/√(1−β2^t) of the current step. */
  c1: number;
  c2: number;
}

/**
 * Adam (Kingma & Ba 2015), in PyTorch's form: m ← β1·m + (1−β1)·g, v ← β2·v + (1−β2)·g²,
 * θ ← θ − lr·scale(slot)·(m/(1−β1^t)) / (√(v/(1−β2^t)) + ε). Moments are allocated once per slot, on its first step
 * (in the OptimizerMemory given to useMemory, when it has room for the slot).
 */
export function adam(lr: number, slotScale: SlotScale = NO_SCALE, beta1 = 0.9, beta2 = 0.999, eps = 1e-8): CheckpointableOptimizer {
  const slots = new Map<number, AdamSlot>();
  let memory: OptimizerMemory | null = null;
  /** Puts the slot's moments (values kept) into the memory's views for it, or into plain arrays. */
  const place = (slot: number, s: AdamSlot) => {
    const views = memory?.moments(slot, s.m.length) ?? null;
    if (views === null) {
      if (s.inMemory) {
        s.m = Float64Array.from(s.m);
        s.v = Float64Array.from(s.v);
      }
      s.inMemory = false;
    } else {
      if (views[0] !== s.m) views[0].set(s.m);
      if (views[1] !== s.v) views[1].set(s.v);
      s.m = views[0];
      s.v = views[1];
      s.inMemory = true;
    }
  };
  return {
    lr,
    step(params, grads, slot) {
      this.begin(slot, params.length);
      this.stepRange(params, 0, grads, 0, params.length, slot);
    },
    begin(slot, size) {
      let s = slots.get(slot);
      if (s === undefined) {
        s = { t: 0, m: new Float64Array(size), v: new Float64Array(size), inMemory: false, c1: 0, c2: 0 };
        place(slot, s);
        slots.set(slot, s);
      }
      const t = ++s.t;
      s.c1 = (this.lr * (slotScale.get(slot) ?? 1)) / (1 - beta1 ** t);
      s.c2 = 1 / Math.sqrt(1 - beta2 ** t);
    },
    stepRange(params, from, grads, gOff, n, slot) {
      const s = slots.get(slot);
      // c1 is NaN from a load until the next begin
      if (s === undefined || Number.isNaN(s.c1)) throw new RangeError(`adam: stepRange on slot ${slot} before begin`);
      const m = s.m;
      const v = s.v;
      const c1 = s.c1;
      const c2 = s.c2;
      // (1 − β) as locals: the loop is about a fifth faster than with them inside
      const o1 = 1 - beta1;
      const o2 = 1 - beta2;
      if (memory !== null && s.inMemory && params.buffer === m.buffer && grads.buffer === m.buffer) {
        const coef = memory.adamCoef;
        coef[0] = c1;
        coef[1] = c2;
        coef[2] = beta1;
        coef[3] = beta2;
        coef[4] = eps;
        coef[5] = o1;
        coef[6] = o2;
        memory.adamRange(params, from, grads, gOff, n, m, v, coef);
        return;
      }
      for (let i = 0; i < n; i++) {
        const g = grads[gOff + i];
        const k = from + i;
        const mi = beta1 * m[k] + o1 * g;
        const vi = beta2 * v[k] + o2 * g * g;
        m[k] = mi;
        v[k] = vi;
        params[k] -= (mi * c1) / (Math.sqrt(vi) * c2 + eps);
      }
    },
    saveState() {
      const list = [...slots.entries()].sort((a, b) => a[0] - b[0]);
      return { kind: 'adam', slots: list.map(([slot, s]) => ({ slot, t: s.t, m: Float64Array.from(s.m), v: Float64Array.from(s.v) })) };
    },
    loadState(state) {
      if (state.kind !== 'adam') throw new RangeError(`cannot load ${state.kind} state into adam`);
      slots.clear();
      for (const s of state.slots) {
        const slot: AdamSlot = { t: s.t, m: Float64Array.from(s.m), v: Float64Array.from(s.v), inMemory: false, c1: Number.NaN, c2: Number.NaN };
        place(s.slot, slot);
        slots.set(s.slot, slot);
      }
    },
    useMemory(next) {
      memory = next;
      for (const [slot, s] of slots) place(slot, s);
    },
  };
}
