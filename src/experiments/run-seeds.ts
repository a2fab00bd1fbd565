import { noProgress } from '../core/progress.ts';
import type { ExampleContext } from './example.ts';
import { parallelMap } from './parallel-map.ts';

/**
 * Runs one task per seed (the default export of `module`, see parallel-map.ts) on every core,
 * with one progress bar over all seeds: each task reports the patterns it has done, out of
 * `patternsPerSeed`, and values to show beside them. Quick runs, and runs asked to (`inThisThread`), stay in this thread. `concurrency` sets how many seeds run at once
 * (default: one per core). Returns results in seed order and the wall time.
 */
export async function runSeeds<I, O>(
  module: URL,
  inputs: readonly I[],
  options: { readonly label: string; readonly patternsPerSeed: number; readonly context: ExampleContext; readonly concurrency?: number },
): Promise<{ results: O[]; wallSeconds: number }> {
  const { label, patternsPerSeed, context } = options;
  const progress = (context.progress ?? noProgress)({ label, total: inputs.length * patternsPerSeed, unit: 'patterns' });
  const done = new Array<number>(inputs.length).fill(0);
  const start = performance.now();
  const results = await parallelMap<I, O>(module, inputs, {
    concurrency: context.quick || context.inThisThread ? 1 : options.concurrency,
    onProgress: (i, patterns, extra) => {
      done[i] = patterns;
      progress.update(done.reduce((a, b) => a + b, 0), extra);
    },
  });
  progress.finish();
  return { results, wallSeconds: (performance.now() - start) / 1000 };
}
