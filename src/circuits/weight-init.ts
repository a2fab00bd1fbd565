import { Random } from '../random/random.ts';
import { CONNECTIONS, type CircuitShape, type Connection } from '../anatomy/circuit-shape.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';

/** Half-widths a of the uniform initialisation U(−a, a), per connection. */
export type InitScales = Record<Connection, number>;

/**
 * Uniform initialisation U(−a, a) of every matrix (docs/experiment-format.md, `weights.init`). Each
 * matrix draws from its own stream, labelled `weights.<connection>[i]`, derived from the seed, so
 * changing one connection's scale leaves the numbers of the others unchanged.
 */
export function initUniformWeights(shape: CircuitShape, scales: InitScales, seed: number): WeightSet {
  const w: WeightSet = { up: [], down: [], ip: [], pi: [] };
  for (const c of CONNECTIONS) {
    for (let i = 0; i < shape.count(c); i++) {
      const [rows, cols] = shape.matrixShape(c, i);
      const data = new Float64Array(rows * cols);
      new Random(seed, `weights.${c}[${i}]`).fillUniformSymmetric(data, 0, data.length, scales[c]);
      w[c].push({ rows, cols, data });
    }
  }
  return w;
}
