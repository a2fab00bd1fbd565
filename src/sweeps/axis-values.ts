import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';
import type { AxisSpec } from './sweep-schema.ts';

/**
 * The values of one axis of a grid, in order. `field` names the axis in errors (`axes./seed`).
 * Log spacing follows numpy's geomspace: 10^(log10 a + i·(log10 b − log10 a)/(n − 1)), with the
 * end points exactly a and b.
 */
export function gridValues(axis: AxisSpec, field: string): unknown[] {
  if (Array.isArray(axis)) return axis;
  if ('log' in axis) {
    const [a, b, n] = axis.log;
    if (n === 1) return [a];
    const la = Math.log10(a);
    const lb = Math.log10(b);
    return Array.from({ length: n }, (_, i) => (i === 0 ? a : i === n - 1 ? b : 10 ** (la + (i * (lb - la)) / (n - 1))));
  }
  if ('range' in axis) {
    const [a, b, step = 1] = axis.range;
    if (b < a) throw new InputError(`${field}.range`, `expected the end (${b}) to be at least the start (${a})`);
    // Counted, not accumulated, so that 0.1 steps do not drift; a relative slack keeps b itself in.
    const n = Math.floor((b - a) / step + 1e-9) + 1;
    return Array.from({ length: n }, (_, i) => a + i * step);
  }
  const kind = 'uniform' in axis ? 'uniform' : 'logUniform';
  throw new InputError(`${field}.${kind}`, 'a distribution needs random sampling: add "random": { "samples": N, "seed": S }, or give a list, log or range');
}

/** One random value of an axis: uniform, log-uniform, or a uniformly chosen value of a grid. */
export function drawValue(axis: AxisSpec, field: string, rng: Random): unknown {
  if (!Array.isArray(axis) && 'uniform' in axis) {
    const [a, b] = axis.uniform;
    return rng.uniformIn(a, b);
  }
  if (!Array.isArray(axis) && 'logUniform' in axis) {
    const [a, b] = axis.logUniform;
    return 10 ** rng.uniformIn(Math.log10(a), Math.log10(b));
  }
  const values = gridValues(axis, field);
  return values[rng.integer(values.length)];
}
