import { InputError } from '../core/input-error.ts';

/**
 * A bounded memory of experiences for replay (Roscow et al. 2021): a ring of `capacity` slots
 * whose storage is allocated once, in Float64Array blocks, so that pushing is O(1), allocates
 * nothing and memory does not grow with the number of pushes. When full, a push overwrites the
 * oldest experience.
 *
 * Slots are the stable addresses that samplers return and priorities are attached to. Writing
 * starts at slot 0 and `clear` rewinds to it, so the occupied slots are always 0 … size − 1.
 */
export interface ReplayBufferShape {
  /** Most experiences held; beyond it each push overwrites the oldest. */
  readonly capacity: number;
  /** Length of every input. */
  readonly inputSize: number;
  /** Length of a target; an experience has one of this length or none. 0 (default): never. */
  readonly targetSize?: number;
  /** Length of the state snapshot every experience carries; 0 (default): none. */
  readonly stateSize?: number;
}

/** One experience to record. Values are copied; the caller may reuse its arrays. */
export interface ExperienceRecord {
  readonly input: ArrayLike<number>;
  readonly target?: ArrayLike<number> | null;
  /** Required when the buffer's stateSize > 0, absent otherwise. */
  readonly state?: ArrayLike<number> | null;
  /** Replay priority p ≥ 0; when absent, the buffer's current maxPriority (Schaul et al. 2016). */
  readonly priority?: number;
}

/** Told about every change of a slot's priority, so that a sampler can keep its trees in step. */
export interface PriorityObserver {
  /** Slot `slot` now holds priority p: a push into it or a priority update. */
  priorityChanged(slot: number, priority: number): void;
  /** Every slot changed at once (clear or restore): re-read slots 0 … size − 1. */
  contentsReplaced(): void;
}

/** The complete contents as plain JSON-safe data: the occupied slots 0 … size − 1, slot-major. */
export interface ReplayBufferSnapshot {
  readonly capacity: number;
  readonly inputSize: number;
  readonly targetSize: number;
  readonly stateSize: number;
  /** The slot the next push writes. */
  readonly head: number;
  readonly size: number;
  /** Largest priority assigned so far (0 while none above 0 has been). */
  readonly largestPriority: number;
  /** size × inputSize. */
  readonly inputs: number[];
  /** size × targetSize; zeros where an experience has no target. */
  readonly targets: number[];
  /** size entries, 1 where the experience has a target, 0 where not. */
  readonly hasTarget: number[];
  /** size × stateSize. */
  readonly states: number[];
  /** size entries. */
  readonly priorities: number[];
}

export class ReplayBuffer {
  readonly capacity: number;
  readonly inputSize: number;
  readonly targetSize: number;
  readonly stateSize: number;
  private readonly inputs: Float64Array;
  private readonly targets: Float64Array;
  private readonly targetFlags: Uint8Array;
  private readonly states: Float64Array;
  private readonly priorities: Float64Array;
  private readonly observers: PriorityObserver[] = [];
  private head = 0;
  private count = 0;
  private largestPriority = 0;

  constructor(shape: ReplayBufferShape) {
    const { capacity, inputSize, targetSize = 0, stateSize = 0 } = shape;
    checkCount('capacity', capacity, 1);
    checkCount('inputSize', inputSize, 1);
    checkCount('targetSize', targetSize, 0);
    checkCount('stateSize', stateSize, 0);
    this.capacity = capacity;
    this.inputSize = inputSize;
    this.targetSize = targetSize;
    this.stateSize = stateSize;
    this.inputs = new Float64Array(capacity * inputSize);
    this.targets = new Float64Array(capacity * targetSize);
    this.targetFlags = new Uint8Array(capacity);
    this.states = new Float64Array(capacity * stateSize);
    this.priorities = new Float64Array(capacity);
  }

  /** A buffer of the snapshot's shape holding its contents. */
  static fromSnapshot(snapshot: ReplayBufferSnapshot): ReplayBuffer {
    const buffer = new ReplayBuffer(snapshot);
    buffer.restore(snapshot);
    return buffer;
  }

  /** Number of stored experiences, ≤ capacity. */
  get size(): number {
    return this.count;
  }

  /** The priority a push without one gets: the largest assigned so far, or 1 while none above 0 has been. */
  get maxPriority(): number {
    return this.largestPriority > 0 ? this.largestPriority : 1;
  }

  /** Records an experience in O(inputSize + targetSize + stateSize) and returns its slot. */
  push(record: ExperienceRecord): number {
    const { input, target, state, priority } = record;
    // Validate everything before writing, so a rejected push leaves the oldest experience intact.
    checkVector('input', input, this.inputSize);
    const withTarget = target !== undefined && target !== null;
    if (withTarget) {
      if (this.targetSize === 0) throw new InputError('target', 'this buffer stores no targets (targetSize 0)');
      checkVector('target', target, this.targetSize);
    }
    const withState = state !== undefined && state !== null;
    if (this.stateSize > 0) {
      if (!withState) throw new InputError('state', `expected a state snapshot of length ${this.stateSize}`);
      checkVector('state', state, this.stateSize);
    } else if (withState) {
      throw new InputError('state', 'this buffer stores no state snapshots (stateSize 0)');
    }
    const p = priority === undefined ? this.maxPriority : priority;
    checkPriority('priority', p);

    const slot = this.head;
    copyIn(input, this.inputs, slot * this.inputSize);
    if (withTarget) copyIn(target, this.targets, slot * this.targetSize);
    else this.targets.fill(0, slot * this.targetSize, (slot + 1) * this.targetSize);
    this.targetFlags[slot] = withTarget ? 1 : 0;
    if (withState) copyIn(state, this.states, slot * this.stateSize);
    this.head = slot + 1 === this.capacity ? 0 : slot + 1; // head = (head + 1) mod capacity
    if (this.count < this.capacity) this.count++;
    this.assignPriority(slot, p);
    return slot;
  }

  /** The slot of the k-th oldest stored experience (k = 0: oldest, k = size − 1: newest). */
  slotAt(k: number): number {
    if (!Number.isInteger(k) || k < 0 || k >= this.count) {
      throw new InputError('k', `expected an integer in [0, ${this.count}), got ${k}`);
    }
    const slot = this.head - this.count + k; // (head − size + k) mod capacity
    return slot < 0 ? slot + this.capacity : slot;
  }

  /** Copies the input of `slot` into out[offset … offset + inputSize). */
  readInput(slot: number, out: Float64Array, offset = 0): void {
    this.checkSlot(slot);
    checkRoom(out, offset, this.inputSize);
    const start = slot * this.inputSize;
    for (let i = 0; i < this.inputSize; i++) out[offset + i] = this.inputs[start + i];
  }

  /** Copies the target of `slot` into out[offset …] and returns true, or returns false when it has none. */
  readTarget(slot: number, out: Float64Array, offset = 0): boolean {
    this.checkSlot(slot);
    if (this.targetFlags[slot] === 0) return false;
    checkRoom(out, offset, this.targetSize);
    const start = slot * this.targetSize;
    for (let i = 0; i < this.targetSize; i++) out[offset + i] = this.targets[start + i];
    return true;
  }

  /** Copies the state snapshot of `slot` into out[offset … offset + stateSize). */
  readState(slot: number, out: Float64Array, offset = 0): void {
    this.checkSlot(slot);
    checkRoom(out, offset, this.stateSize);
    const start = slot * this.stateSize;
    for (let i = 0; i < this.stateSize; i++) out[offset + i] = this.states[start + i];
  }

  /** A view (no copy) of the input of `slot`; it changes when the slot is overwritten. */
  inputView(slot: number): Float64Array {
    this.checkSlot(slot);
    return this.inputs.subarray(slot * this.inputSize, (slot + 1) * this.inputSize);
  }

  /** A view of the target of `slot`, or null when it has none. */
  targetView(slot: number): Float64Array | null {
    this.checkSlot(slot);
    if (this.targetFlags[slot] === 0) return null;
    return this.targets.subarray(slot * this.targetSize, (slot + 1) * this.targetSize);
  }

  /** A view of the state snapshot of `slot` (length stateSize). */
  stateView(slot: number): Float64Array {
    this.checkSlot(slot);
    return this.states.subarray(slot * this.stateSize, (slot + 1) * this.stateSize);
  }

  hasTarget(slot: number): boolean {
    this.checkSlot(slot);
    return this.targetFlags[slot] === 1;
  }

  priority(slot: number): number {
    this.checkSlot(slot);
    return this.priorities[slot];
  }

  /** Sets the replay priority p ≥ 0 of a stored experience, e.g. p = |δ| + ε after replaying it. */
  setPriority(slot: number, priority: number): void {
    this.checkSlot(slot);
    checkPriority('priority', priority);
    this.assignPriority(slot, priority);
  }

  /** Forgets every experience and the largest priority; storage is kept. */
  clear(): void {
    this.head = 0;
    this.count = 0;
    this.largestPriority = 0;
    for (const observer of this.observers) observer.contentsReplaced();
  }

  /** Starts telling `observer` about priority changes. */
  observePriorities(observer: PriorityObserver): void {
    this.observers.push(observer);
  }

  /** Stops telling `observer` about priority changes. */
  unobservePriorities(observer: PriorityObserver): void {
    const i = this.observers.indexOf(observer);
    if (i >= 0) this.observers.splice(i, 1);
  }

  /** The complete contents, for a checkpoint; `restore` or `fromSnapshot` bring them back. */
  snapshot(): ReplayBufferSnapshot {
    const n = this.count;
    return {
      capacity: this.capacity,
      inputSize: this.inputSize,
      targetSize: this.targetSize,
      stateSize: this.stateSize,
      head: this.head,
      size: n,
      largestPriority: this.largestPriority,
      inputs: Array.from(this.inputs.subarray(0, n * this.inputSize)),
      targets: Array.from(this.targets.subarray(0, n * this.targetSize)),
      hasTarget: Array.from(this.targetFlags.subarray(0, n)),
      states: Array.from(this.states.subarray(0, n * this.stateSize)),
      priorities: Array.from(this.priorities.subarray(0, n)),
    };
  }

  /** Replaces the contents with a snapshot of a buffer of the same shape (checked: InputError naming the field). */
  restore(snapshot: ReplayBufferSnapshot): void {
    for (const key of ['capacity', 'inputSize', 'targetSize', 'stateSize'] as const) {
      if (snapshot[key] !== this[key]) throw new InputError(`snapshot.${key}`, `expected ${this[key]}, got ${snapshot[key]}`);
    }
    const { size, head } = snapshot;
    if (!Number.isInteger(size) || size < 0 || size > this.capacity) {
      throw new InputError('snapshot.size', `expected an integer in [0, ${this.capacity}], got ${size}`);
    }
    // Occupied slots are 0 … size − 1, so until the ring is full the head is at slot size.
    const headOk = size < this.capacity ? head === size : Number.isInteger(head) && head >= 0 && head < this.capacity;
    if (!headOk) throw new InputError('snapshot.head', `expected ${size < this.capacity ? size : `an integer in [0, ${this.capacity})`}, got ${head}`);
    checkPriority('snapshot.largestPriority', snapshot.largestPriority);
    checkArray('snapshot.inputs', snapshot.inputs, size * this.inputSize, Number.isFinite, 'a finite number');
    checkArray('snapshot.targets', snapshot.targets, size * this.targetSize, Number.isFinite, 'a finite number');
    checkArray('snapshot.hasTarget', snapshot.hasTarget, size, (x) => x === 0 || x === 1, '0 or 1');
    checkArray('snapshot.states', snapshot.states, size * this.stateSize, Number.isFinite, 'a finite number');
    checkArray('snapshot.priorities', snapshot.priorities, size, (x) => Number.isFinite(x) && x >= 0, 'a finite number ≥ 0');

    this.inputs.set(snapshot.inputs);
    this.targets.set(snapshot.targets);
    this.targetFlags.set(snapshot.hasTarget);
    this.states.set(snapshot.states);
    this.priorities.set(snapshot.priorities);
    this.head = head;
    this.count = size;
    this.largestPriority = snapshot.largestPriority;
    for (const observer of this.observers) observer.contentsReplaced();
  }

  /** priority_slot = p; largest = max(largest, p); observers told. */
  private assignPriority(slot: number, p: number): void {
    this.priorities[slot] = p;
    if (p > this.largestPriority) this.largestPriority = p;
    for (let i = 0; i < this.observers.length; i++) this.observers[i].priorityChanged(slot, p);
  }

  private checkSlot(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.count) {
      throw new InputError('slot', `expected an occupied slot, an integer in [0, ${this.count}), got ${slot}`);
    }
  }
}

function checkCount(field: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) throw new InputError(field, `expected an integer ≥ ${min}, got ${value}`);
}

/** A priority is a finite number ≥ 0 (p = |δ| + ε in Schaul et al. 2016). */
function checkPriority(field: string, p: number): void {
  if (typeof p !== 'number' || !Number.isFinite(p) || p < 0) throw new InputError(field, `expected a finite number ≥ 0, got ${p}`);
}

/** Length n and every entry finite, so a snapshot survives JSON exactly. */
function checkVector(field: string, values: ArrayLike<number>, n: number): void {
  if (values.length !== n) throw new InputError(field, `expected length ${n}, got ${values.length}`);
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(values[i])) throw new InputError(`${field}[${i}]`, `expected a finite number, got ${values[i]}`);
  }
}

function checkArray(field: string, values: unknown, n: number, ok: (x: number) => boolean, expected: string): void {
  if (!Array.isArray(values)) throw new InputError(field, `expected an array of ${n} numbers`);
  if (values.length !== n) throw new InputError(field, `expected ${n} entries, got ${values.length}`);
  for (let i = 0; i < n; i++) {
    if (typeof values[i] !== 'number' || !ok(values[i])) throw new InputError(`${field}[${i}]`, `expected ${expected}, got ${values[i]}`);
  }
}

/** out[offset … offset + n) must exist. */
function checkRoom(out: Float64Array, offset: number, n: number): void {
  if (!Number.isInteger(offset) || offset < 0 || offset + n > out.length) {
    throw new InputError('out', `needs room for ${n} values from offset ${offset}, has length ${out.length}`);
  }
}

function copyIn(values: ArrayLike<number>, out: Float64Array, offset: number): void {
  for (let i = 0; i < values.length; i++) out[offset + i] = values[i];
}
