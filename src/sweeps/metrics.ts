import { InputError } from '../core/input-error.ts';
import { getPointer } from './json-pointer.ts';
import type { MetricSpec } from './sweep-schema.ts';

/** Every number under `value` (nested arrays and objects, in order). */
function numbersUnder(value: unknown, out: number[]): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersUnder(v, out);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) numbersUnder(v, out);
  return out;
}

/**
 * The metrics of one run's result. A string metric must address a number; `{pointer, reduce}`
 * reduces every number under its pointer by mean, min, max or rms (√ of the mean square). A
 * pointer that addresses nothing is an InputError naming `metrics.<name>`. Values may be
 * non-finite; the caller decides what that means.
 */
export function extractMetrics(result: unknown, metrics: Readonly<Record<string, MetricSpec>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, spec] of Object.entries(metrics)) {
    const field = `metrics.${name}`;
    if (typeof spec === 'string') {
      const value = getPointer(result, spec, field);
      if (typeof value !== 'number') throw new InputError(field, `${spec} is ${Array.isArray(value) ? 'an array' : typeof value}, not a number; add "reduce" to summarise it`);
      out[name] = value;
      continue;
    }
    const xs = numbersUnder(getPointer(result, spec.pointer, field), []);
    if (xs.length === 0) throw new InputError(field, `${spec.pointer} holds no numbers to reduce`);
    let acc = spec.reduce === 'min' ? Infinity : spec.reduce === 'max' ? -Infinity : 0;
    for (const x of xs) {
      if (spec.reduce === 'min') acc = Math.min(acc, x);
      else if (spec.reduce === 'max') acc = Math.max(acc, x);
      else acc += spec.reduce === 'rms' ? x * x : x;
    }
    out[name] = spec.reduce === 'mean' ? acc / xs.length : spec.reduce === 'rms' ? Math.sqrt(acc / xs.length) : acc;
  }
  return out;
}
