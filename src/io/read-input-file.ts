import { readFileSync } from 'node:fs';
import { InputError } from '../core/input-error.ts';

/**
 * Reading a file the user named: a file that cannot be read is an InputError naming it, what it
 * was meant to be, and the system's reason (ENOENT, EACCES, EISDIR …), never a stack trace.
 */

/** The InputError for `path`, meant to be the `what` (e.g. 'file', 'checkpoint'), that failed with `error`. */
export function unreadableFile(path: string, what: string, error: unknown): InputError {
  return new InputError(path, `cannot read the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
}

/** The bytes of `path`, or unreadableFile's error. */
export function readInputBytes(path: string, what: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (e) {
    throw unreadableFile(path, what, e);
  }
}

/** The UTF-8 text of `path`, or unreadableFile's error. */
export function readInputText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw unreadableFile(path, what, e);
  }
}
