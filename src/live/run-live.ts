import type { ExperimentResult, ExperimentRun } from '../experiment-file/run-experiment.ts';
import { LiveRunner } from './live-runner.ts';
import { serveLive, type LiveOptions } from './serve-live.ts';

export interface RunLiveOptions extends Omit<LiveOptions, 'runner' | 'totalPatterns'> {
  /** Called with the page's address (with its token) once the server listens. */
  readonly onUrl?: (url: string) => void;
}

/**
 * Runs an opened experiment pattern by pattern under a `LiveRunner` while `serveLive` shows it:
 * the page's pause, resume and stop act between patterns. Stopped or finished, the result is
 * assembled as usual (a stopped run's has the patterns presented so far); the server closes when
 * the run ends, after a last update to its clients.
 */
export async function runLive(run: ExperimentRun, options: RunLiveOptions = {}): Promise<ExperimentResult> {
  const runner = new LiveRunner(() => {
    run.presentNext();
    return !run.done;
  });
  const server = await serveLive(run.sim, { ...options, runner, totalPatterns: run.total });
  try {
    options.onUrl?.(server.url);
    await runner.run();
    return run.finish();
  } finally {
    await server.close();
  }
}
