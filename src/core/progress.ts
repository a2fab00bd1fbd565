/**
 * Progress of a long run, as library code reports it. The caller decides where it goes: the
 * command-line tools pass a terminal bar (src/cli/progress.ts), scripts and tests pass nothing
 * (silence) or their own factory. Library code never writes to the terminal itself.
 */

/** Extra values shown with the progress, e.g. `{ loss: 0.0123, epoch: 3 }`. */
export type ProgressExtra = Readonly<Record<string, number | string>>;

export interface Progress {
  /**
   * Records that `done` units are complete. Called as often as every step, so an implementation
   * must be cheap and allocate nothing unless it prints; callers pass a reused `extra` object.
   */
  update(done: number, extra?: ProgressExtra): void;
  /** Ends the run. Later calls do nothing. */
  finish(): void;
}

/** What a run is about to do: `total` units (finite, positive) of the plural `unit`, e.g. `patterns`. */
export interface ProgressRequest {
  readonly label: string;
  readonly total: number;
  readonly unit: string;
}

/** Makes the progress reporter of one run. */
export type ProgressFactory = (request: ProgressRequest) => Progress;

const SILENT: Progress = { update() {}, finish() {} };

/** Reports nothing: the default wherever a progress factory is optional. */
export const noProgress: ProgressFactory = () => SILENT;
