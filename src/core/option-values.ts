import { excerpt } from './excerpt.ts';
import { InputError } from './input-error.ts';

/**
 * The values of the trainers' command-line options (`npm run train`, feed-forward and recurrent),
 * as commander hands them over: strings, or undefined when the option is absent. An empty or blank
 * value is refused (Number('') is 0), and every problem is an InputError naming the option.
 */

/** An integer ≥ `least` (1: positive, 0: non-negative), or undefined when the option is absent. */
export function integerOption(option: string, text: string | undefined, least: 0 | 1): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < least) {
    throw new InputError(option, `expected ${least === 1 ? 'a positive' : 'a non-negative'} integer, got ${excerpt(text)}`);
  }
  return n;
}

/** A finite number > 0 (≥ 0 with `allowZero`), or undefined when the option is absent. */
export function positiveOption(option: string, text: string | undefined, allowZero: boolean): number | undefined {
  if (text === undefined) return undefined;
  const x = Number(text);
  if (text.trim() === '' || !Number.isFinite(x) || !(allowZero ? x >= 0 : x > 0)) {
    throw new InputError(option, `expected a ${allowZero ? 'non-negative' : 'positive'} number, got ${excerpt(text)}`);
  }
  return x;
}

/** One of `allowed`; when the option is absent, `fallback`, or a refusal without one. */
export function choiceOption<T extends string>(option: string, text: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new InputError(option, `missing; expected one of ${allowed.join(', ')}`);
  }
  if (!(allowed as readonly string[]).includes(text)) throw new InputError(option, `unknown value ${excerpt(text)}; expected one of ${allowed.join(', ')}`);
  return text as T;
}
