import { InputError } from './input-error.ts';
import { oneLine } from './excerpt.ts';

/**
 * JSON.parse that refuses an object with the same key twice (RFC 8259 §4 leaves the meaning of
 * duplicates open; JSON.parse silently keeps the last, so `"seed"` given twice would run with
 * whichever came second). The syntax check is JSON.parse's own; a second pass over the text, a
 * loop with an explicit stack (no recursion, so any nesting depth is safe), collects each object's
 * keys. Errors are InputErrors naming `source` and, for a duplicate, the key's path.
 */
export function parseJsonStrict(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new InputError(source, `not valid JSON: ${oneLine((e as Error).message, 200)}`);
  }
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new InputError(source, `the key ${duplicate} appears twice in one object; give each field once`);
  return value;
}

/** A container being scanned: an object's keys so far, or an array's next index. */
interface Frame {
  readonly keys: Set<string> | null;
  /** The path segment of the current member: `.key` or `[i]`. */
  segment: string;
  index: number;
}

/**
 * The path of the first key that repeats within one object (`protocol.seed`), or null. `text`
 * must be valid JSON (checked before).
 */
export function findDuplicateKey(text: string): string | null {
  const stack: Frame[] = [];
  const path = () => stack.map((f) => f.segment).join('').replace(/^\./, '');
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x7b /* { */) {
      stack.push({ keys: new Set(), segment: '', index: 0 });
      i++;
    } else if (c === 0x5b /* [ */) {
      stack.push({ keys: null, segment: '[0]', index: 0 });
      i++;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      i++;
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top.keys === null) top.segment = `[${++top.index}]`;
      i++;
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i);
      const top = stack[stack.length - 1];
      // A string directly followed by ':' is a key.
      let j = end;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (top !== undefined && top.keys !== null && text.charCodeAt(j) === 0x3a /* : */) {
        const key = JSON.parse(text.slice(i, end)) as string;
        top.segment = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`;
        if (top.keys.has(key)) return path();
        top.keys.add(key);
        i = j + 1;
      } else i = end;
    } else i++;
  }
  return null;
}

/** Index just past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i += 2;
    else if (c === 0x22) return i + 1;
    else i++;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}
