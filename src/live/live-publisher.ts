import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Subscription } from 'rxjs';
import { InputError } from '../core/input-error.ts';
import type { Progress, ProgressExtra, ProgressFactory, ProgressRequest } from '../core/progress.ts';
import type { SimulatedSystem, Simulation } from '../simulation/simulation.ts';
import { watchSimulations } from '../simulation/simulation-watch.ts';
import type { ProbeSpec } from '../streams/probe.ts';
import { defaultLiveSeries, LiveRowReader, PATTERN_LOSS_CHART, patternLoss, probeSeries, type LiveChartLayout } from './live-series.ts';
import type { LiveReduce } from './live-server.ts';
import { SIMULATED_TIME_AXIS } from './serve-live.ts';

/** Words of the control block shared by a publisher and its host (an Int32Array on a SharedArrayBuffer). */
export const CONTROL = {
  /** 1 while the page has paused the run. */
  paused: 0,
  /** Requests (added probes) the host has posted; the publisher reads the port when it grows. */
  requests: 1,
  words: 2,
} as const;

/** What a publisher posts to its host (live-host-worker.ts). */
export type PublisherMessage =
  | { kind: 'stream'; id: string; width: number; charts: LiveChartLayout[]; x: string }
  | { kind: 'drop'; prefix: string }
  | { kind: 'rows'; id: string; rows: Float64Array }
  | { kind: 'status'; t: number | null; done: number; total: number | null; unit: string }
  | { kind: 'probe-result'; request: number; error: string | null }
  | { kind: 'end' };

/** What a host posts to its publisher: a probe the page asked for. */
export interface ProbeRequest {
  readonly kind: 'add-probe';
  readonly request: number;
  readonly probe: ProbeSpec;
  readonly reduce: LiveReduce;
}

export interface LivePublisherOptions {
  /** Simulated ms between frame rows. Default 1. */
  readonly every?: number;
  /** Most rows per wall second and stream (frames in between are skipped). Default 500. */
  readonly maxRowsPerSecond?: number;
  /** Most points per wall second of the values reported with progress. Default 20. */
  readonly maxPointsPerSecond?: number;
}

/** Rows of one stream waiting to be posted, in a preallocated block. */
class Outbox {
  private readonly data: Float64Array;
  private count = 0;
  sampledAt = -Infinity;

  constructor(
    readonly id: string,
    readonly width: number,
    private readonly capacity = 256,
  ) {
    this.data = new Float64Array(width * capacity);
  }

  /** Offset of a new row in `rows` (posting the block first when it is full). */
  claim(post: (m: PublisherMessage) => void): { rows: Float64Array; at: number } {
    if (this.count === this.capacity) this.post(post);
    return { rows: this.data, at: this.width * this.count++ };
  }

  post(post: (m: PublisherMessage) => void): void {
    if (this.count === 0) return;
    post({ kind: 'rows', id: this.id, rows: this.data.slice(0, this.width * this.count) });
    this.count = 0;
  }
}

/** Wall time the shown simulation must have been still before another one that advances is shown. */
const SWITCH_AFTER_MS = 300;

/** Most distinct sets of value names reported with progress that get a chart. */
const MAX_POINT_STREAMS = 8;

/** Chart of a value reported with progress, by its key; other keys get a chart of their own. */
const PROGRESS_CHARTS: Record<string, { title: string; axis: string }> = {
  loss: { title: 'Training loss (mean over the epoch so far)', axis: 'loss' },
  piRatio: { title: 'Self-prediction: PI = ‖W^PI + W^down‖/‖W^down‖, IP = ‖W^IP − cW^up‖/‖cW^up‖ (0 when self-predicting)', axis: 'ratio (dimensionless)' },
};
PROGRESS_CHARTS.ipRatio = PROGRESS_CHARTS.piRatio;
PROGRESS_CHARTS.piRatioFromSelfPredicting = PROGRESS_CHARTS.piRatio;
PROGRESS_CHARTS.ipRatioFromSelfPredicting = PROGRESS_CHARTS.piRatio;

/**
 * The running side of a live view served from another thread (startLiveHost): follows the
 * Simulations constructed in this thread (simulation-watch.ts) and shows the one that is advancing —
 * its default series, the loss of each pattern with a target, and the probes the page adds — and the numbers reported with progress
 * (`progress(…)`: the training loss, the self-prediction ratios). Rows are sampled on simulation time,
 * at most `maxRowsPerSecond` a wall second, into preallocated blocks posted every ~33 ms; nothing
 * here waits for the host or a browser, except a pause the page asked for, which holds this thread
 * (Atomics.wait) at the next frame or progress report.
 */
export class LivePublisher {
  private readonly control: Int32Array;
  private readonly every: number;
  private readonly minRowGapMs: number;
  private readonly minPointGapMs: number;
  private sim: Simulation<SimulatedSystem> | null = null;
  /** Simulated time summed over every simulation of this thread. */
  private simulated = 0;
  /** Wall time of the shown simulation's last frame. */
  private shownFrameAt = -Infinity;
  /** The shown simulation's streams. */
  private subscriptions: Subscription[] = [];
  private outboxes: Outbox[] = [];
  private readonly probes: { probe: ProbeSpec; reduce: LiveReduce }[] = [];
  private requestsSeen = 0;
  private postedAt = -Infinity;
  private progressState: { done: number; total: number | null; unit: string } | null = null;
  /** One stream per set of value names reported with progress (at most MAX_POINT_STREAMS). */
  private readonly points = new Map<string, Outbox>();
  /** Wall time of the last point taken from a progress report. */
  private pointAt = -Infinity;
  private readonly unwatch: () => void;
  private closed = false;

  constructor(
    private readonly port: MessagePort,
    control: SharedArrayBuffer,
    options: LivePublisherOptions = {},
  ) {
    this.control = new Int32Array(control);
    this.every = options.every ?? 1;
    this.minRowGapMs = 1000 / (options.maxRowsPerSecond ?? 500);
    this.minPointGapMs = 1000 / (options.maxPointsPerSecond ?? 20);
    this.unwatch = watchSimulations((sim) => this.follow(sim));
  }

  /** A progress factory that reports to `base` and to the live view (status, and its numeric values as charts). */
  progress(base: ProgressFactory): ProgressFactory {
    return (request: ProgressRequest): Progress => {
      const inner = base(request);
      const state = { done: 0, total: request.total, unit: request.unit };
      this.progressState = state;
      return {
        update: (done: number, extra?: ProgressExtra) => {
          inner.update(done, extra);
          if (this.closed) return;
          state.done = done;
          this.progressState = state;
          if (extra !== undefined) this.point(done, extra);
          this.poll();
        },
        finish: () => inner.finish(),
      };
    };
  }

  /** Posts what is pending and tells the host the run has ended; stops following simulations. */
  close(): void {
    if (this.closed) return;
    this.post();
    this.closed = true;
    this.unwatch();
    for (const s of this.subscriptions) s.unsubscribe();
    this.port.postMessage({ kind: 'end' } satisfies PublisherMessage);
  }

  private send(message: PublisherMessage): void {
    this.port.postMessage(message);
  }

  /**
   * Watches a new simulation's frames: counts its simulated time, holds it while paused, and shows
   * it once it advances while the shown one has been still for SWITCH_AFTER_MS (so a run that
   * builds a short-lived evaluation simulation returns to its training simulation).
   */
  private follow(sim: Simulation<SimulatedSystem>): void {
    if (this.closed) return;
    let lastT = sim.t;
    // Not kept here: a finished simulation and its watcher are collected together. It ends itself
    // at the first frame after close.
    const watcher: Subscription = sim.frames(this.every).subscribe((frame) => {
      if (this.closed) return watcher.unsubscribe();
      this.simulated += frame.t - lastT;
      lastT = frame.t;
      const now = performance.now();
      if (sim !== this.sim) {
        if (now - this.shownFrameAt < SWITCH_AFTER_MS) return this.poll(now);
        this.attach(sim);
      }
      this.shownFrameAt = now;
      this.poll(now);
    });
  }

  private attach(sim: Simulation<SimulatedSystem>): void {
    this.post();
    for (const s of this.subscriptions) s.unsubscribe();
    this.subscriptions = [];
    this.outboxes = [];
    this.sim = sim;
    this.send({ kind: 'drop', prefix: 'sim:' });
    const series = defaultLiveSeries(sim.circuit);
    if (series.length > 0) this.stream('sim:frames', new LiveRowReader(series, sim.circuit));
    for (const { probe, reduce } of this.probes) {
      try {
        this.addProbe(probe, reduce);
      } catch (e) {
        if (!(e instanceof InputError)) throw e; // a probe of the previous simulation this one does not have
      }
    }
    let loss: Outbox | null = null;
    this.subscriptions.push(
      sim.patternEnds$.subscribe((end) => {
        const value = patternLoss(end.output, end.pattern.target);
        if (value === null) return;
        if (loss === null) {
          loss = new Outbox('sim:loss', 2);
          this.outboxes.push(loss);
          this.send({ kind: 'stream', id: loss.id, width: 2, charts: [PATTERN_LOSS_CHART], x: 'pattern' });
        }
        const { rows, at } = loss.claim((m) => this.send(m));
        rows[at] = end.index + 1;
        rows[at + 1] = value;
        this.poll();
      }),
    );
  }

  private addProbe(probe: ProbeSpec, reduce: LiveReduce): void {
    const sim = this.sim;
    if (sim === null) throw new InputError('probe', 'no simulation is running now; add it once one has started');
    const reader = new LiveRowReader([probeSeries(probe, reduce)], sim.circuit, 'probe');
    this.stream(`sim:probe ${this.outboxes.length}`, reader);
  }

  private stream(id: string, reader: LiveRowReader): void {
    const sim = this.sim!;
    const outbox = new Outbox(id, reader.rowWidth);
    this.outboxes.push(outbox);
    this.send({ kind: 'stream', id, width: reader.rowWidth, charts: [...reader.charts], x: SIMULATED_TIME_AXIS });
    // On the grid k·every of simulated time, from the first grid time after now (a stream added
    // while a frame is being dispatched would otherwise start off the grid).
    const grid = { origin: 0, firstIndex: Math.floor(sim.t / this.every + 1e-9) + 1 };
    this.subscriptions.push(
      sim.frames(this.every, grid).subscribe((frame) => {
        const now = performance.now();
        if (now - outbox.sampledAt < this.minRowGapMs) return;
        outbox.sampledAt = now;
        const { rows, at } = outbox.claim((m) => this.send(m));
        reader.read(frame, rows, at);
      }),
    );
  }

  /** A progress report's numeric values (all but `epoch`) as one row against units done. */
  private point(done: number, extra: ProgressExtra): void {
    // Reports closer than minPointGapMs are skipped before anything is built (updates can come every batch).
    const now = performance.now();
    if (now - this.pointAt < this.minPointGapMs) return;
    let keys = '';
    for (const key in extra) if (typeof extra[key] === 'number' && key !== 'epoch') keys += keys === '' ? key : `,${key}`;
    if (keys === '') return;
    this.pointAt = now;
    let outbox = this.points.get(keys);
    if (outbox === undefined) {
      if (this.points.size >= MAX_POINT_STREAMS) return;
      const names = keys.split(',');
      outbox = new Outbox(`progress:${keys}`, names.length + 1, 64);
      const charts = new Map<string, LiveChartLayout & { lines: LiveChartLayout['lines'][number][] }>();
      names.forEach((name, i) => {
        const kind = PROGRESS_CHARTS[name] ?? { title: name, axis: name };
        const chart = charts.get(kind.title) ?? { title: kind.title, axis: kind.axis, lines: [] };
        charts.set(kind.title, chart);
        chart.lines.push({ label: name, dashed: name.endsWith('FromSelfPredicting'), column: i + 1, color: i, shown: true });
      });
      this.send({ kind: 'stream', id: outbox.id, width: outbox.width, charts: [...charts.values()], x: this.progressState?.unit ?? 'done' });
      this.points.set(keys, outbox);
    }
    const { rows, at } = outbox.claim((m) => this.send(m));
    rows[at] = done;
    let column = at + 1;
    for (const key in extra) if (typeof extra[key] === 'number' && key !== 'epoch') rows[column++] = extra[key] as number;
  }

  /** Posts pending rows every ~33 ms; answers added probes; holds here while paused. */
  private poll(now = performance.now()): void {
    if (Atomics.load(this.control, CONTROL.requests) !== this.requestsSeen) this.answerRequests();
    if (now - this.postedAt >= 33) this.post(now);
    if (Atomics.load(this.control, CONTROL.paused) === 1) {
      this.post();
      while (Atomics.load(this.control, CONTROL.paused) === 1) {
        Atomics.wait(this.control, CONTROL.paused, 1, 250);
        if (Atomics.load(this.control, CONTROL.requests) !== this.requestsSeen) this.answerRequests();
      }
    }
  }

  private answerRequests(): void {
    this.requestsSeen = Atomics.load(this.control, CONTROL.requests);
    for (let m = receiveMessageOnPort(this.port); m !== undefined; m = receiveMessageOnPort(this.port)) {
      const request = m.message as ProbeRequest;
      if (request.kind !== 'add-probe') continue;
      let error: string | null = null;
      try {
        this.addProbe(request.probe, request.reduce);
        this.probes.push({ probe: request.probe, reduce: request.reduce });
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        error = e.message;
      }
      this.send({ kind: 'probe-result', request: request.request, error });
    }
  }

  private post(now = performance.now()): void {
    this.postedAt = now;
    for (const outbox of this.outboxes) outbox.post((m) => this.send(m));
    for (const outbox of this.points.values()) outbox.post((m) => this.send(m));
    const sim = this.sim;
    const progress = this.progressState;
    this.send({
      kind: 'status',
      t: sim === null ? null : this.simulated,
      done: progress?.done ?? sim?.patternCount ?? 0,
      total: progress?.total ?? null,
      unit: progress?.unit ?? 'patterns',
    });
  }
}
