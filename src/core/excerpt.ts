/** Longest excerpt of a user's value that an error message echoes. */
export const EXCERPT_LENGTH = 40;

/**
 * A user's value as a short phrase for an error message: numbers as written (a non-finite one
 * says so), strings cut to EXCERPT_LENGTH characters, arrays and objects by kind and size only —
 * never serialised, so a huge or deeply nested value neither floods stderr nor overflows the stack.
 */
export function excerpt(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : `not a finite number (${value}${Number.isNaN(value) ? '' : '; a number beyond ±1.8e308, such as 1e309, overflows float64'})`;
  if (typeof value === 'string') return JSON.stringify(value.length > EXCERPT_LENGTH ? `${value.slice(0, EXCERPT_LENGTH)}…` : value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** A text cut to `max` characters on one line (line breaks become spaces), for messages that quote user text. */
export function oneLine(text: string, max = 400): string {
  const flat = text.trim().replace(/\s*[\r\n]+\s*/g, ' ');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
