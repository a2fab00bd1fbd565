import type { SegmentLayout } from '../model/segment-layout.ts';

/**
 * What frames are taken of: a system with a state vector laid out in named segments. A system
 * with instantaneous quantities that are not part of its state (a microcircuit's rates and
 * dendritic potentials) computes them for observers in `observeSignals`.
 */
export interface ObservableSystem {
  readonly state: Float64Array;
  readonly segments: SegmentLayout;
  observeSignals?(y: Float64Array): unknown;
}

/**
 * The circuit's state at one simulation time, as delivered by `Simulation.frames`. A frame is
 * reused from one emission to the next (no allocation per frame): read what you need during the
 * callback — with probes, or `snapshot()` for a copy.
 */
export class Frame<S extends ObservableSystem = ObservableSystem> {
  /** Simulation time (ms). */
  t = 0;
  /** Index of this frame in its stream, from 0. */
  index = 0;
  /** The state vector at time t (see StateLayout); valid only during the callback. */
  state: Float64Array = new Float64Array(0);
  private signalsFresh = false;

  constructor(readonly system: S) {}

  /** @internal Point the frame at a new time and state. */
  reset(t: number, index: number, state: Float64Array): void {
    this.t = t;
    this.index = index;
    this.state = state;
    this.signalsFresh = false;
  }

  /** Make the system's observed signals (a microcircuit's `observedSignals`) those of this frame's state. */
  ensureSignals(): void {
    if (this.signalsFresh) return;
    this.system.observeSignals?.(this.state);
    this.signalsFresh = true;
  }

  /** A copy of the state vector. */
  snapshot(): Float64Array {
    return Float64Array.from(this.state);
  }
}
