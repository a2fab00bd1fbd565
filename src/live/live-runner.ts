import { setImmediate as yieldToEventLoop } from 'node:timers/promises';

/** Where a live run is: running, paused between chunks, stopped by request, or done. */
export type LiveRunState = 'running' | 'paused' | 'stopped' | 'done';

export interface LiveRunnerOptions {
  /**
   * Wall time (ms) the runner integrates before it yields to the event loop, so that sockets,
   * timers and the pause / stop commands are served. Default 15 ms: the page's ~30 updates per
   * second, and a pause that takes effect within one chunk plus one step of work.
   */
  readonly chunkWallMs?: number;
}

/**
 * Drives a synchronous simulation in chunks with the event loop free in between. `step` does one
 * unit of work (one pattern through `sim.run([pattern], timing)`, or `sim.advanceTo(t + Δ)`) and
 * returns false when nothing is left. Pause and stop act between steps: the simulation is never
 * interrupted inside an integration, so a stopped run's state is consistent and its results can be
 * written as usual.
 */
export class LiveRunner {
  private current: LiveRunState = 'running';
  private wake: (() => void) | null = null;
  private readonly listeners = new Set<(state: LiveRunState) => void>();
  private readonly chunkWallMs: number;

  constructor(
    private readonly step: () => boolean,
    options: LiveRunnerOptions = {},
  ) {
    this.chunkWallMs = options.chunkWallMs ?? 15;
  }

  /** The run's state now. */
  get state(): LiveRunState {
    return this.current;
  }

  /** Hold the run after the current step; no effect once stopped or done. */
  pause(): void {
    if (this.current === 'running') this.set('paused');
  }

  /** Continue a paused run. */
  resume(): void {
    if (this.current !== 'paused') return;
    this.set('running');
    this.wake?.();
  }

  /** End the run after the current step; `run()` then resolves with 'stopped'. */
  stop(): void {
    if (this.current !== 'running' && this.current !== 'paused') return;
    this.set('stopped');
    this.wake?.();
  }

  /** Calls `listener` on every change of state. Returns the function that removes it. */
  onState(listener: (state: LiveRunState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Steps until the work is done or the run is stopped, yielding to the event loop after every
   * `chunkWallMs` of work and waiting while paused. Resolves with 'done' or 'stopped'; an error
   * thrown by `step` rejects.
   */
  async run(): Promise<'done' | 'stopped'> {
    for (;;) {
      await yieldToEventLoop();
      while (this.current === 'paused') await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = null;
      if (this.current === 'stopped') return 'stopped';
      const start = performance.now();
      do {
        if (!this.step()) {
          this.set('done');
          return 'done';
        }
      } while (this.current === 'running' && performance.now() - start < this.chunkWallMs);
    }
  }

  private set(state: LiveRunState): void {
    this.current = state;
    for (const listener of this.listeners) listener(state);
  }
}
