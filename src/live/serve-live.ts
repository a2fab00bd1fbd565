import type { Subscription } from 'rxjs';
import { InputError } from '../core/input-error.ts';
import type { SimulatedSystem, Simulation } from '../simulation/simulation.ts';
import { LiveBoard } from './live-board.ts';
import type { LiveRunner } from './live-runner.ts';
import { defaultLiveSeries, LiveRowReader, PATTERN_LOSS_CHART, patternLoss, probeSeries, type LiveSeries } from './live-series.ts';
import type { RowRing } from './row-ring.ts';
import { startLiveServer, type LiveServer, type LiveSource } from './live-server.ts';

export type { LiveServer, LiveStatus } from './live-server.ts';

export interface LiveOptions {
  /** Port; default 0: a free one. */
  readonly port?: number;
  /** Address to bind; default 127.0.0.1 (loopback only). */
  readonly host?: string;
  /** Simulated ms between points (decimation on simulation time). Default 1 ms. */
  readonly every?: number;
  /**
   * Most rows sampled per wall second and stream: frames of the `every` grid that come sooner after
   * the last sampled one are skipped, so that reading the probes costs a fast run little. Default 500.
   */
  readonly maxRowsPerSecond?: number;
  /** What to plot; default `defaultLiveSeries(sim.circuit)`. */
  readonly series?: readonly LiveSeries[];
  /** The runner whose pause / resume / stop the page's buttons call; without one the page shows no buttons. */
  readonly runner?: LiveRunner;
  /** Patterns in the run, for the counter and the ETA. */
  readonly totalPatterns?: number;
  /** Page title. */
  readonly title?: string;
  /** Rows kept per stream for clients that connect late or fall behind, and points per line on the page. Default 5000. */
  readonly history?: number;
  /** Most messages per second to one client. Default 30. */
  readonly maxMessagesPerSecond?: number;
  /** A client with more than this many bytes still unsent gets no new message until it drains (counted as a drop). Default 1 MiB. */
  readonly maxBufferedBytes?: number;
}

/** x-axis title of the charts drawn against simulated time. */
export const SIMULATED_TIME_AXIS = 'simulated time (ms)';

/**
 * Serves a live view of `sim` in this thread (startLiveServer): frames are sampled on simulation
 * time (every `every` ms, at most `maxRowsPerSecond` a wall second) into bounded rings, one per
 * stream: the default series, each probe the page adds, and the loss of each pattern with a target. The server's timer runs only when the simulation yields to the event loop: drive the
 * simulation with a `LiveRunner` (or serve a run in another thread with `startLiveHost`).
 */
export async function serveLive<S extends SimulatedSystem>(sim: Simulation<S>, options: LiveOptions = {}): Promise<LiveServer> {
  const every = options.every ?? 1;
  const series = options.series ?? defaultLiveSeries(sim.circuit);
  if (series.length === 0) throw new RangeError('serveLive: this system has no default series; pass options.series');
  const board = new LiveBoard(options.history ?? 5000);
  const subscriptions: Subscription[] = [];
  let finished = false;
  const minGapMs = 1000 / (options.maxRowsPerSecond ?? 500);
  const stream = (id: string, reader: LiveRowReader) => {
    const ring = board.setStream(id, reader.rowWidth, reader.charts, SIMULATED_TIME_AXIS);
    let sampledAt = -Infinity;
    subscriptions.push(
      sim.frames(every).subscribe({
        next: (frame) => {
          const now = performance.now();
          if (now - sampledAt < minGapMs) return;
          sampledAt = now;
          reader.read(frame, ring.data, ring.claim());
        },
        complete: () => (finished = true),
        error: () => (finished = true),
      }),
    );
  };
  stream('frames', new LiveRowReader(series, sim.circuit));
  subscriptions.push(watchPatternLoss(sim, board));

  const runner = options.runner;
  let probes = 0;
  const source: LiveSource = {
    board,
    status: () => ({ t: sim.t, done: sim.patternCount, total: options.totalPatterns ?? null, unit: 'patterns', state: runner?.state ?? (finished ? 'done' : 'running') }),
    controls: runner === undefined ? [] : ['pause', 'resume', 'stop'],
    command: (command) => runner?.[command](),
    addProbe: (probe, reduce, done) => {
      try {
        const reader = new LiveRowReader([probeSeries(probe, reduce)], sim.circuit, 'probe');
        stream(`probe ${++probes}`, reader);
        done(null);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        done(e.message);
      }
    },
  };
  const server = await startLiveServer(source, options);
  return {
    ...server,
    close: async () => {
      await server.close();
      for (const s of subscriptions) s.unsubscribe();
    },
  };
}

/**
 * Plots the loss of every pattern that has a target (patternLoss) against the pattern's number, on
 * a chart added at the first such pattern.
 */
export function watchPatternLoss<S extends SimulatedSystem>(sim: Simulation<S>, board: LiveBoard, id = 'loss'): Subscription {
  let ring: RowRing | null = null;
  return sim.patternEnds$.subscribe((end) => {
    const loss = patternLoss(end.output, end.pattern.target);
    if (loss === null) return;
    ring ??= board.setStream(id, 2, [PATTERN_LOSS_CHART], 'pattern');
    const at = ring.claim();
    ring.data[at] = end.index + 1;
    ring.data[at + 1] = loss;
  });
}
