import { Random } from '../../src/random/random.ts';

/**
 * A task for parallel-map tests: squares its input and draws from a stream seeded by it. Input
 * 1000 stands for a long run: it reports its elapsed milliseconds every 10 ms for 5 s.
 */
export default function square(x: number, report: (p: number) => void): { square: number; draws: number[] } {
  if (x < 0) throw new RangeError(`negative input ${x}`);
  if (x === 1000) {
    const start = Date.now();
    for (let last = start; Date.now() - start < 5000; ) {
      if (Date.now() - last >= 10) report((last = Date.now()) - start);
    }
  }
  report(x * x);
  const rng = new Random(x);
  return { square: x * x, draws: [rng.uniform(), rng.uniform()] };
}
