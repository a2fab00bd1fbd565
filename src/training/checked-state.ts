import type { InputError } from '../core/input-error.ts';
import { checkpointFailure } from '../io/checkpoint-folder.ts';
import type { RandomState } from '../random/random.ts';
import type { LearnerState } from './learner.ts';

/**
 * Reads values back from a training checkpoint, checking each as it is taken: a sealed file can
 * still be edited and resealed, so nothing read from it is trusted. Every problem is an
 * InputError naming the checkpoint file and the field, raised before the caller restores anything
 * (callers read and check everything first, then assign).
 */
export class CheckedState {
  private readonly taken = new Set<string>();

  constructor(
    readonly state: LearnerState,
    /** The checkpoint file, named in every error. */
    readonly source: string,
  ) {}

  /** An InputError naming the file and `field`. */
  fail(field: string, problem: string): InputError {
    return checkpointFailure(this.source)(field, problem);
  }

  /** The array `name`: present, `length` long, every entry finite. */
  array(name: string, length: number): Float64Array {
    const a = this.state.arrays[name];
    if (a === undefined) throw this.fail(name, `missing, expected ${length} values`);
    if (a.length !== length) throw this.fail(name, `holds ${a.length} values, this run expects ${length}`);
    for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i])) throw this.fail(name, `entry ${i} is ${a[i]}, expected a finite number`);
    this.taken.add(name);
    return a;
  }

  /** Refuses arrays that no `array` call took: the checkpoint holds parts this learner does not have. */
  done(): void {
    const extra = Object.keys(this.state.arrays).filter((n) => !this.taken.has(n));
    if (extra.length > 0) throw this.fail(extra[0], 'this run has no such array');
  }

  /** A JSON object at `field`. */
  object(value: unknown, field: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail(field, `expected an object, got ${describe(value)}`);
    return value as Record<string, unknown>;
  }

  /** An integer in [min, max]. */
  integer(value: unknown, field: string, min: number, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw this.fail(field, `expected an integer from ${min} to ${max}, got ${describe(value)}`);
    }
    return value;
  }

  /** A finite number ≥ min. */
  finite(value: unknown, field: string, min = -Infinity): number {
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
      throw this.fail(field, `expected a finite number${min > -Infinity ? ` ≥ ${min}` : ''}, got ${describe(value)}`);
    }
    return value;
  }

  /** A fraction in [0, 1], or null. */
  fractionOrNull(value: unknown, field: string): number | null {
    if (value === null) return null;
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) throw this.fail(field, `expected null or a number from 0 to 1, got ${describe(value)}`);
    return value;
  }

  /** The state of a Random: four 32-bit integer words, not all zero, and a cached normal (finite or null). */
  randomState(value: unknown, field: string): RandomState {
    const o = this.object(value, field);
    const w = o.words;
    if (!Array.isArray(w) || w.length !== 4 || w.some((x) => typeof x !== 'number' || !Number.isInteger(x) || x < -(2 ** 31) || x >= 2 ** 32)) {
      throw this.fail(`${field}.words`, `expected four 32-bit integers, got ${describe(w)}`);
    }
    if (w.every((x) => x === 0)) throw this.fail(`${field}.words`, 'all four words are zero, which xoshiro128** never reaches');
    const spare = o.spareNormal;
    if (spare !== null && (typeof spare !== 'number' || !Number.isFinite(spare))) throw this.fail(`${field}.spareNormal`, `expected null or a finite number, got ${describe(spare)}`);
    return { words: [w[0], w[1], w[2], w[3]], spareNormal: spare };
  }
}

/** A short description of a value for an error message (never the whole of a large one). */
function describe(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}
