import type { FeedforwardNetwork } from '../baselines/feedforward-network.ts';
import { InputError } from '../core/input-error.ts';
import type { Random } from '../random/random.ts';

/** The inputs a task uses: [from, to) of the input vector; the others stay silent (rate 0). */
export interface InputRange {
  readonly from: number;
  readonly to: number;
}

/**
 * n input–target pairs of a teacher (teacher-student.ts) that sees only a range of the inputs:
 * r_i ~ U(0, 1) for i in [from, to), r_i = 0 elsewhere, u_trgt = teacher(r). Two tasks on disjoint
 * ranges can be solved by one network at once, so forgetting one while learning the other is
 * interference, not a contradiction between the two teachers. Rows of (n × n_0) and (n × n_N).
 */
export function subsetTeacherPatterns(teacher: FeedforwardNetwork, n: number, rng: Random, range: InputRange): { inputs: Float64Array; targets: Float64Array } {
  const nIn = teacher.dims[0];
  const nOut = teacher.dims[teacher.dims.length - 1];
  const { from, to } = range;
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= nIn)) {
    throw new InputError('range', `expected integers 0 ≤ from < to ≤ ${nIn}, got [${from}, ${to})`);
  }
  const inputs = new Float64Array(n * nIn);
  const targets = new Float64Array(n * nOut);
  for (let p = 0; p < n; p++) {
    for (let i = from; i < to; i++) inputs[p * nIn + i] = rng.uniform();
    teacher.forward(inputs.subarray(p * nIn, (p + 1) * nIn), targets.subarray(p * nOut, (p + 1) * nOut));
  }
  return { inputs, targets };
}
