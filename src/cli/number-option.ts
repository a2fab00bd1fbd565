import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';

/**
 * Numeric command-line options. An empty or blank value is refused (Number('') is 0, which would
 * silently turn a feature off), and so is anything not finite.
 */

/** A whole number ≥ 0, or undefined when the option is absent. */
export function wholeNumberOption(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0) throw new InputError(option, `expected a whole number, got ${excerpt(text)}`);
  return n;
}

/** A whole number ≥ 1 (a count of seeds, workers, epochs …), or undefined when the option is absent. */
export function countOption(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 1) throw new InputError(option, `expected a whole number ≥ 1, got ${excerpt(text)}`);
  return n;
}

/** A finite number > 0 (1e8 and 0.5 alike), or undefined when the option is absent. */
export function positiveNumberOption(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || !(n > 0)) throw new InputError(option, `expected a positive number, got ${excerpt(text)}`);
  return n;
}
