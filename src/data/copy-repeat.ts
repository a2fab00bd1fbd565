import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';
import type { SequenceBatch } from './sequence-batch.ts';

/**
 * The copy-repeat task (Graves, Wayne & Danihelka 2014, "Neural Turing Machines") as the BP(λ)
 * paper builds it (Pemberton & Ponte Costa 2024; code neuralml/bp_lambda,
 * src/dataset/copy_repeat.py and scripts/copy-repeat.py): see a pattern of N steps of 8 random
 * bits, then output it R times and raise an end flag.
 *
 * Layout of one sequence, (R + 1)·N + 3 steps, 10 inputs and 9 outputs (bits = 8):
 * - step 0: start flag (input channel 8 = 1);
 * - steps 1…N: the pattern on input channels 0…7, bits uniform in {0, 1};
 * - step N + 1: the repeat count R/10 on input channel 9 (`norm_repeat_val` 10);
 * - steps N + 2 … N + 1 + R·N: the pattern R times on output channels 0…7;
 * - the last step, (R + 1)·N + 2: the end flag (output channel 8 = 1).
 * Loss: binary cross-entropy with logits on all 9 outputs at steps N + 2 … (R + 1)·N + 2 (the
 * authors' `teacher_inds`), none before. Their curriculum threshold compares the batch's mean BCE
 * (over those steps and the 9 outputs) in bits with 0.15.
 *
 * Curriculum (the authors' `increment`): start at N = R = 1; each time a training batch's loss
 * falls below 0.15 bits, R grows by one if R < N, else N grows by one — (1,1) → (2,1) → (2,2) →
 * (3,2) → (3,3) → … in (N, R). Issue #16 words it as "R first, then N"; the code raises N first
 * and lets R catch up, and we follow the code.
 */
export const COPY_REPEAT_BITS = 8;
export const COPY_REPEAT_REPEAT_SCALE = 10;
export const COPY_REPEAT_THRESHOLD_BITS = 0.15;

export interface CopyRepeatOptions {
  /** Bits per pattern step; default 8. */
  bits?: number;
  /** The repeat input is R / repeatScale; default 10. */
  repeatScale?: number;
}

/** Steps of one sequence: (R + 1)·N + 3. */
export function copyRepeatSteps(n: number, r: number): number {
  return (r + 1) * n + 3;
}

/** The batch and its level. */
export interface CopyRepeatBatch extends SequenceBatch {
  patternLength: number;
  repeats: number;
}

/** `batchSize` sequences at level (N, R); bits drawn from `rng` row by row, step by step. */
export function copyRepeatBatch(n: number, r: number, batchSize: number, rng: Random, options: CopyRepeatOptions = {}): CopyRepeatBatch {
  const bits = options.bits ?? COPY_REPEAT_BITS;
  const scale = options.repeatScale ?? COPY_REPEAT_REPEAT_SCALE;
  for (const [field, v] of [['N', n], ['R', r], ['batchSize', batchSize], ['bits', bits]] as const) {
    if (!Number.isSafeInteger(v) || v < 1) throw new InputError(field, `expected a positive integer, got ${v}`);
  }
  const T = copyRepeatSteps(n, r);
  const inSize = bits + 2;
  const outSize = bits + 1;
  const inputs = new Float64Array(batchSize * T * inSize);
  const values = new Float64Array(batchSize * T * outSize);
  const mask = new Float64Array(batchSize * T);
  for (let b = 0; b < batchSize; b++) {
    inputs[b * T * inSize + bits] = 1;
    for (let t = 0; t < n; t++) {
      for (let i = 0; i < bits; i++) {
        const bit = rng.nextUint32() >>> 31;
        inputs[(b * T + 1 + t) * inSize + i] = bit;
        for (let rep = 0; rep < r; rep++) values[(b * T + n + 2 + rep * n + t) * outSize + i] = bit;
      }
    }
    inputs[(b * T + n + 1) * inSize + bits + 1] = r / scale;
    values[(b * T + T - 1) * outSize + bits] = 1;
    mask.fill(1, b * T + n + 2, b * T + T);
  }
  return {
    batch: batchSize,
    steps: T,
    inputSize: inSize,
    inputs: { kind: 'dense', values: inputs },
    lengths: new Int32Array(batchSize).fill(T),
    targets: { kind: 'values', outputSize: outSize, values, mask, loss: 'bce-logits' },
    continuesPrevious: false,
    patternLength: n,
    repeats: r,
  };
}

/** The curriculum level and its advance rule (see above). */
export class CopyRepeatCurriculum {
  patternLength = 1;
  repeats = 1;

  constructor(readonly thresholdBits = COPY_REPEAT_THRESHOLD_BITS) {}

  /** Next level: R + 1 while R < N, else N + 1. */
  advance(): void {
    if (this.repeats < this.patternLength) this.repeats++;
    else this.patternLength++;
  }

  /** Advance when a batch's mean BCE in bits is below the threshold; returns whether it did. */
  update(batchLossBits: number): boolean {
    if (!(batchLossBits < this.thresholdBits)) return false;
    this.advance();
    return true;
  }
}
