import { InputError } from '../core/input-error.ts';

/**
 * The one shape in which every sequence task hands a mini-batch to a recurrent trainer.
 *
 * Layout: batch-first and row-major, like PyTorch's `batch_first=True`. Sequence b's input at
 * step t starts at `((b · steps) + t) · inputSize`; per-step arrays (labels, masks) index
 * `b · steps + t`.
 *
 * - Inputs are either dense values or token ids (the one-hot vector of `inputSize` entries that
 *   the id stands for is never built; a trainer looks up an embedding or a weight column).
 * - `lengths[b]` steps of sequence b are real; steps from `lengths[b]` to `steps − 1` are padding:
 *   their inputs (values or ids) are 0 and they carry no loss (labels −1, mask 0), so a trainer may stop each
 *   sequence at its length or run the padding harmlessly.
 * - Targets are either one class per step (`labels`, −1 = no loss at that step) for
 *   cross-entropy, or real values per step and output with a per-step loss weight (`mask`, 0 = no
 *   loss) for mean-square error or binary cross-entropy on logits.
 * - `continuesPrevious`: row b continues row b of the previous batch from the same generator
 *   (language-model streams), so the trainer should carry the recurrent state across (truncated
 *   BPTT); otherwise every row starts a new sequence from the initial state.
 */
export interface SequenceBatch {
  /** Sequences in the batch. */
  batch: number;
  /** Steps per sequence, the longest length in the batch. */
  steps: number;
  /** Input values per step (for token inputs: the vocabulary size). */
  inputSize: number;
  inputs: SequenceInputs;
  /** Real steps of each sequence (≤ steps). */
  lengths: Int32Array;
  targets: SequenceTargets;
  /** True when each row continues the same row of the previous batch (carry the state over). */
  continuesPrevious: boolean;
}

/** Dense inputs [batch][steps][inputSize], or token ids [batch][steps] in 0…inputSize−1. */
export type SequenceInputs = { kind: 'dense'; values: Float64Array } | { kind: 'tokens'; ids: Int32Array };

/** One class per step (cross-entropy), or real values per step with a loss weight per step. */
export type SequenceTargets = ClassTargets | ValueTargets;

export interface ClassTargets {
  kind: 'classes';
  /** Number of classes (output units). */
  classes: number;
  /** [batch][steps]: the class at each step, or −1 where there is no loss. */
  labels: Int32Array;
}

export interface ValueTargets {
  kind: 'values';
  /** Output values per step. */
  outputSize: number;
  /** [batch][steps][outputSize]; 0 where the mask is 0. */
  values: Float64Array;
  /** [batch][steps]: loss weight of the step, 0 = no loss. */
  mask: Float64Array;
  /** Which loss the task is defined with: mean-square error or binary cross-entropy on logits. */
  loss: 'mse' | 'bce-logits';
}

/** Number of (sequence, step) pairs that carry a loss. */
export function lossStepCount(batch: SequenceBatch): number {
  let n = 0;
  if (batch.targets.kind === 'classes') {
    for (const label of batch.targets.labels) if (label >= 0) n++;
  } else {
    for (const w of batch.targets.mask) if (w !== 0) n++;
  }
  return n;
}

/**
 * Checks that a batch is consistent: array sizes match the dimensions, lengths lie in 1…steps,
 * token ids and labels are in range, and padding steps carry no input and no loss. Throws an
 * InputError naming the field otherwise. Meant for tests and for the entry of a trainer (it
 * reads every element once).
 */
export function checkSequenceBatch(b: SequenceBatch, name = 'batch'): void {
  const { batch, steps, inputSize } = b;
  for (const [field, v] of [['batch', batch], ['steps', steps], ['inputSize', inputSize]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(`${name}.${field}`, `expected a positive integer, got ${v}`);
  }
  if (b.lengths.length !== batch) throw new InputError(`${name}.lengths`, `expected ${batch} lengths, got ${b.lengths.length}`);
  for (let s = 0; s < batch; s++) {
    const len = b.lengths[s];
    if (len < 1 || len > steps) throw new InputError(`${name}.lengths[${s}]`, `expected 1…${steps}, got ${len}`);
  }
  const isPadding = (s: number, t: number): boolean => t >= b.lengths[s];
  if (b.inputs.kind === 'dense') {
    const v = b.inputs.values;
    if (v.length !== batch * steps * inputSize) throw new InputError(`${name}.inputs.values`, `expected ${batch}×${steps}×${inputSize} values, got ${v.length}`);
    for (let s = 0; s < batch; s++) {
      for (let t = 0; t < steps; t++) {
        for (let i = 0; i < inputSize; i++) {
          const x = v[(s * steps + t) * inputSize + i];
          if (!Number.isFinite(x)) throw new InputError(`${name}.inputs.values`, `non-finite input at [${s}][${t}][${i}]`);
          if (isPadding(s, t) && x !== 0) throw new InputError(`${name}.inputs.values`, `padding step [${s}][${t}] has input ${x}`);
        }
      }
    }
  } else {
    const ids = b.inputs.ids;
    if (ids.length !== batch * steps) throw new InputError(`${name}.inputs.ids`, `expected ${batch}×${steps} ids, got ${ids.length}`);
    for (let k = 0; k < ids.length; k++) {
      const padding = isPadding(Math.floor(k / steps), k % steps);
      if (padding ? ids[k] !== 0 : ids[k] < 0 || ids[k] >= inputSize) {
        throw new InputError(`${name}.inputs.ids`, `id ${ids[k]} at [${Math.floor(k / steps)}][${k % steps}] out of range 0…${inputSize - 1}`);
      }
    }
  }
  const t = b.targets;
  if (t.kind === 'classes') {
    if (t.labels.length !== batch * steps) throw new InputError(`${name}.targets.labels`, `expected ${batch}×${steps} labels, got ${t.labels.length}`);
    for (let k = 0; k < t.labels.length; k++) {
      const label = t.labels[k];
      if (label < -1 || label >= t.classes) throw new InputError(`${name}.targets.labels`, `label ${label} at step ${k} outside −1…${t.classes - 1}`);
      if (isPadding(Math.floor(k / steps), k % steps) && label !== -1) throw new InputError(`${name}.targets.labels`, `padding step ${k} has label ${label}`);
    }
  } else {
    if (t.values.length !== batch * steps * t.outputSize) throw new InputError(`${name}.targets.values`, `expected ${batch}×${steps}×${t.outputSize} values, got ${t.values.length}`);
    if (t.mask.length !== batch * steps) throw new InputError(`${name}.targets.mask`, `expected ${batch}×${steps} weights, got ${t.mask.length}`);
    for (let k = 0; k < t.mask.length; k++) {
      const w = t.mask[k];
      if (!(w >= 0 && Number.isFinite(w))) throw new InputError(`${name}.targets.mask`, `weight ${w} at step ${k}`);
      if (isPadding(Math.floor(k / steps), k % steps) && w !== 0) throw new InputError(`${name}.targets.mask`, `padding step ${k} has weight ${w}`);
    }
    for (const v of t.values) if (!Number.isFinite(v)) throw new InputError(`${name}.targets.values`, 'non-finite target');
  }
}
