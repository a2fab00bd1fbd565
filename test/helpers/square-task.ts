import { Random } from '../../src/random/random.ts';

/** A task for parallel-map tests: squares its input and draws from a stream seeded by it. */
export default function square(x: number, report: (p: number) => void): { square: number; draws: number[] } {
  if (x < 0) throw new RangeError(`negative input ${x}`);
  report(x * x);
  const rng = new Random(x);
  return { square: x * x, draws: [rng.uniform(), rng.uniform()] };
}
