import { InputError } from '../core/input-error.ts';
import type { ProgressFactory } from '../core/progress.ts';

/**
 * The contract of a runnable experiment (`npm run example -- <name>`): it runs with the given
 * seeds, writes its result JSON and SVG figures under `outDir`, reports progress on stderr, and
 * returns its headline numbers, which the command prints as one JSON line on stdout.
 */
export interface ExampleContext {
  /** Folder for result.json and the figures (created by the command). */
  readonly outDir: string;
  /** Seeds to run, e.g. [1, 2, 3]. */
  readonly seeds: readonly number[];
  /** A short run for smoke tests: same code path, fewer patterns. */
  readonly quick: boolean;
  /** Where progress goes (absent: nowhere). */
  readonly progress?: ProgressFactory;
  /** A named set of settings the experiment offers (its default when absent). */
  readonly variant?: string;
  /**
   * Save each run's state under outDir every `every` patterns; with `resume`, continue from the
   * saved states. Experiments that cannot checkpoint refuse it with an InputError.
   */
  readonly checkpoint?: { readonly every: number; readonly resume: boolean };
  /**
   * Run every seed (task) in this thread, one after another, instead of in worker threads: what
   * the live view needs to follow the simulations (it watches this thread's). Most experiments'
   * quick runs do anyway; the sublstm comparison's use worker threads, so its test covers them.
   */
  readonly inThisThread?: boolean;
}

export interface Example {
  readonly name: string;
  readonly description: string;
  run(context: ExampleContext): Promise<Record<string, unknown>>;
}

/** For experiments that keep no checkpoints: refuse the options with one line saying why. */
export function refuseCheckpoints(ctx: ExampleContext, why: string): void {
  if (ctx.checkpoint !== undefined) throw new InputError(ctx.checkpoint.resume ? '--resume' : '--checkpoint-every', `${why}; drop the option`);
}
