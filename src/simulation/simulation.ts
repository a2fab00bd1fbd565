import { Observable, Subject, type Subscriber } from 'rxjs';
import type { Microcircuit } from '../circuits/microcircuit.ts';
import { InputError } from '../core/input-error.ts';
import { EventQueue } from '../integrators/event-queue.ts';
import type { IntegrableSystem } from '../integrators/integrable-system.ts';
import { refuseOdexWithNoise } from '../integrators/odex-noise-check.ts';
import type { Integrator } from '../integrators/integrator.ts';
import { Random } from '../random/random.ts';
import type { Frame, ObservableSystem } from '../streams/frame.ts';
import { Probe, type ProbeSpec } from '../streams/probe.ts';
import { probeSamples, snapshot, type FrameSnapshot, type ProbeSample } from '../streams/snapshot.ts';
import { FrameDispatcher } from './frame-dispatcher.ts';
import { announceSimulation } from './simulation-watch.ts';

/** One pattern of a protocol (docs/experiment-format.md `protocol.patterns`). */
export interface Pattern {
  readonly input: ArrayLike<number>;
  /** Target potentials; null or absent: no nudging during this pattern. */
  readonly target?: ArrayLike<number> | null;
  /** false: plasticity off during this pattern (default true). */
  readonly learn?: boolean;
}

/** Timing of each pattern (docs/experiment-format.md `protocol`). */
export interface PatternTiming {
  /** ms each pattern is shown. */
  readonly tPattern: number;
  /** Outputs are averaged over [outputLag, tPattern) of each pattern. */
  readonly outputLag: number;
}

/** What a pattern produced; emitted on `patternEnds$` and returned by `present`. */
export interface PatternResult {
  readonly index: number;
  readonly tStart: number;
  readonly tEnd: number;
  readonly pattern: Pattern;
  /** Mean output potentials over the averaging window. */
  readonly output: Float64Array;
}

export interface SimulationOptions {
  /** Seed of the run's one random stream (somatic noise). */
  readonly seed: number;
}

/** What a simulation runs: a system an integrator can advance, whose state frames can show. */
export type SimulatedSystem = IntegrableSystem & ObservableSystem;

/**
 * Runs a system in simulation time: integrates with the chosen method between events, applies
 * the events exactly at their times, and streams observations. Model (a Microcircuit, or any
 * declared system), integration (Integrator) and observation (frames, pattern ends) stay
 * separate. The pattern protocol (`present`, `run`) is the microcircuit's.
 */
export class Simulation<S extends SimulatedSystem = Microcircuit> {
  /** Current simulation time (ms). */
  t = 0;
  /** Patterns presented so far. */
  patternCount = 0;
  readonly rng: Random;
  private readonly events = new EventQueue();
  private readonly dispatcher: FrameDispatcher;
  private readonly patternSubject = new Subject<PatternResult>();
  private failure: unknown = null;

  /** Mean output of every pattern, when it ends. */
  readonly patternEnds$: Observable<PatternResult> = this.patternSubject.asObservable();

  constructor(
    readonly circuit: S,
    readonly integrator: Integrator,
    options: SimulationOptions,
  ) {
    this.rng = new Random(options.seed, 'noise');
    this.dispatcher = new FrameDispatcher(circuit);
    const noise = new Float64Array(circuit.segments.groupCount);
    circuit.noiseIntensities(1, noise);
    refuseOdexWithNoise(integrator.method, Math.max(...noise.map(Math.abs)));
    announceSimulation(this as unknown as Simulation<SimulatedSystem>);
  }

  /**
   * Frames of the state at simulation times t₀ + k·every (t₀: the time of subscription), decimated
   * on simulation time. Fixed-step methods deliver each frame at the first step end at or after
   * its time (exactly on it when `every` is a multiple of dt); odex interpolates exactly.
   * Frames are reused: read them during the callback (see Frame, Probe, Recorder). A stream that
   * continues an earlier one (a resumed run) passes that stream's `grid`: its origin and the
   * index of the next frame, so the frame times are the same as if it had never stopped.
   */
  frames(every: number, grid?: { readonly origin: number; readonly firstIndex: number }): Observable<Frame<S>> {
    if (!(every > 0) || !Number.isFinite(every)) throw new InputError('every', `expected a positive frame spacing in ms, got ${every}`);
    return new Observable<Frame<S>>((subscriber) => {
      if (this.failure !== null) {
        subscriber.error(this.failure);
        return undefined;
      }
      return this.dispatcher.add(every, grid?.origin ?? this.t, subscriber as Subscriber<Frame>, grid?.firstIndex ?? 0);
    });
  }

  /**
   * Frames as fresh copies (see `snapshot()`): safe to keep and to use with any rxjs operator
   * (`toArray`, `bufferCount`, `pairwise`, and the simulation-time `sampleSim`, `throttleSim`,
   * `bufferSim`), at one state-sized allocation per frame. `frames` is the allocation-free path.
   */
  snapshots(every: number): Observable<FrameSnapshot> {
    return this.frames(every).pipe(snapshot());
  }

  /** The probes' values every `every` ms, in fresh arrays (one per probe): safe with any rxjs operator. */
  probes$(specs: readonly ProbeSpec[], every: number): Observable<ProbeSample> {
    const probes = specs.map((spec, i) => new Probe(spec, this.circuit, `probes[${i}]`));
    return this.frames(every).pipe(probeSamples(probes));
  }

  /** Run `action` at simulation time `time` (≥ now); integration stops there exactly. */
  schedule(time: number, action: () => void): void {
    if (!(time >= this.t)) throw new InputError('time', `events must lie at or after the current time ${this.t} ms, got ${time}`);
    this.events.schedule(time, action);
  }

  /** Integrate to time t1 with the current drive, stopping at every scheduled event on the way. */
  advanceTo(t1: number): void {
    this.guard(() => {
      this.sampleIfDue();
      while (this.events.nextTime <= t1) {
        const te = this.events.nextTime;
        this.integrate(te);
        while (this.events.nextTime === te) this.events.pop()();
      }
      this.integrate(t1);
    });
  }

  /**
   * Show one pattern for `timing.tPattern` ms from now: input and target switch on at once,
   * plasticity after the learning lag, output averaging after `outputLag`.
   */
  present(this: Simulation<Microcircuit>, pattern: Pattern, timing: PatternTiming, tEnd = this.t + timing.tPattern): PatternResult {
    const c = this.circuit;
    const tStart = this.t;
    this.guard(() => {
      c.setInput(pattern.input);
      c.setTarget(pattern.target ?? null);
      const learn = (pattern.learn ?? true) && c.plasticity !== null;
      const lag = c.plasticity?.learningLag ?? 0;
      c.setPlasticity(learn && lag === 0);
      if (learn && lag > 0) this.events.schedule(tStart + lag, () => c.setPlasticity(true));
      const startAveraging = () => {
        c.resetOutputIntegral();
        c.setAveraging(true);
      };
      if (timing.outputLag === 0) startAveraging();
      else {
        c.setAveraging(false);
        this.events.schedule(tStart + timing.outputLag, startAveraging);
      }
    });
    this.advanceTo(tEnd);
    const output = new Float64Array(c.shape.outputSize);
    c.meanOutput(tEnd - (tStart + timing.outputLag), output);
    c.setAveraging(false);
    const result: PatternResult = { index: this.patternCount++, tStart, tEnd, pattern, output };
    if (this.patternSubject.observed) this.patternSubject.next(result);
    return result;
  }

  /**
   * Show patterns one after another, each for tPattern ms. The τ_0 filters start at the input and
   * target of the simulation's very first pattern (docs/experiment-format.md); a later call, or a run
   * restored from a checkpoint, carries on from the filters as they are. Returns the mean
   * outputs, one row per pattern.
   */
  run(this: Simulation<Microcircuit>, patterns: Iterable<Pattern>, timing: PatternTiming, onPattern?: (r: PatternResult) => void): Float64Array[] {
    const outputs: Float64Array[] = [];
    for (const pattern of patterns) {
      if (this.patternCount === 0) this.circuit.setFilteredInput(pattern.input, pattern.target ?? null);
      const result = this.present(pattern, timing);
      outputs.push(result.output);
      onPattern?.(result);
    }
    return outputs;
  }

  /** True when no event is scheduled: between patterns, where a checkpoint can be taken. */
  get idle(): boolean {
    return this.events.size === 0;
  }

  /** End every stream: frames and pattern ends complete. */
  complete(): void {
    this.dispatcher.complete();
    this.patternSubject.complete();
  }

  private integrate(t1: number): void {
    if (t1 <= this.t) return;
    const observer = this.dispatcher.active ? this.dispatcher : null;
    this.integrator.advance(this.circuit, this.circuit.state, this.t, t1, this.rng, observer);
    this.t = t1;
  }

  private sampleIfDue(): void {
    if (this.dispatcher.active && this.dispatcher.nextSampleTime <= this.t) this.dispatcher.sample(this.t, this.circuit.state);
  }

  /** Errors end every stream with the error (subscribers see it), then propagate. */
  private guard(body: () => void): void {
    if (this.failure !== null) throw this.failure;
    try {
      body();
    } catch (err) {
      this.failure = err;
      this.dispatcher.error(err);
      this.patternSubject.error(err);
      throw err;
    }
  }
}
