import type { z } from 'zod';
import { excerpt as describe } from './excerpt.ts';
import { InputError } from './input-error.ts';

/** `['protocol', 'patterns', 3, 'input']` → `protocol.patterns[3].input`, under a base path. */
export function fieldPath(base: string, path: readonly PropertyKey[]): string {
  let out = base;
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** A zod type name with its article: "an array", "an integer" (zod says "int"), "a number". */
function expectedType(expected: string): string {
  if (expected === 'array') return 'an array';
  if (expected === 'int') return 'an integer';
  return `a ${expected}`;
}

/** One zod issue as a one-line problem statement (the field path is said separately). */
function problemOf(issue: z.core.$ZodIssue): { path: PropertyKey[]; problem: string } {
  const path = [...issue.path];
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case 'invalid_type':
      if (typeof input === 'number' && !Number.isFinite(input)) return { path, problem: describe(input) };
      return input === undefined
        ? { path, problem: `missing; expected ${expectedType(issue.expected)}` }
        : { path, problem: `expected ${expectedType(issue.expected)}, got ${describe(input)}` };
    case 'unrecognized_keys':
      return { path: [...path, issue.keys[0]], problem: 'unknown field; remove it or correct its spelling (docs/experiment-format.md lists the fields)' };
    case 'invalid_value':
      return { path, problem: `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(input)}` };
    case 'too_small':
      return issue.origin === 'array'
        ? { path, problem: `expected at least ${issue.minimum} entries, got ${describe(input)}` }
        : { path, problem: `expected a number ${issue.inclusive ? '≥' : '>'} ${issue.minimum}, got ${describe(input)}` };
    case 'too_big':
      return { path, problem: `expected at most ${issue.maximum}, got ${describe(input)}` };
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options !== undefined) {
        const got = (input as Record<string, unknown> | undefined)?.[String(path[path.length - 1])];
        return { path, problem: `expected one of ${options.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(got)}` };
      }
      return { path, problem: issue.message };
    }
    default:
      return { path, problem: issue.message };
  }
}

/** Parse with a schema; the first problem becomes an InputError naming the field under `base`. */
export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown, base: string): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  const { path, problem } = problemOf(result.error.issues[0]);
  throw new InputError(fieldPath(base, path), problem);
}
