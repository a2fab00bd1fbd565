import { expect } from 'vitest';
import { InputError } from '../../src/core/input-error.ts';

/**
 * The error that `f` throws, checked to be a `kind` (InputError unless named); a test fails when
 * `f` returns instead, or throws anything else.
 */
export function thrownBy<E extends Error = InputError>(f: () => unknown, kind: abstract new (...args: never[]) => E = InputError as unknown as abstract new (...args: never[]) => E): E {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(kind);
    return e as E;
  }
  throw new Error(`nothing was thrown (expected ${kind.name || 'an error'})`);
}

/** The message of that error. */
export function messageThrownBy(f: () => unknown, kind?: abstract new (...args: never[]) => Error): string {
  return thrownBy(f, kind).message;
}
