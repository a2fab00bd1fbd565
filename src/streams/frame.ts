import type { Microcircuit } from '../circuits/microcircuit.ts';

/**
 * The circuit's state at one simulation time, as delivered by `Simulation.frames`. A frame is
 * reused from one emission to the next (no allocation per frame): read what you need during the
 * callback — with probes, or `snapshot()` for a copy.
 */
export class Frame {
  /** Simulation time (ms). */
  t = 0;
  /** Index of this frame in its stream, from 0. */
  index = 0;
  /** The state vector at time t (see StateLayout); valid only during the callback. */
  state: Float64Array = new Float64Array(0);
  private signalsFresh = false;

  constructor(readonly circuit: Microcircuit) {}

  /** @internal Point the frame at a new time and state. */
  reset(t: number, index: number, state: Float64Array): void {
    this.t = t;
    this.index = index;
    this.state = state;
    this.signalsFresh = false;
  }

  /** Make the circuit's observed rates and dendritic potentials (`observedSignals`) those of this frame's state. */
  ensureSignals(): void {
    if (this.signalsFresh) return;
    this.circuit.observeSignals(this.state);
    this.signalsFresh = true;
  }

  /** A copy of the state vector. */
  snapshot(): Float64Array {
    return Float64Array.from(this.state);
  }
}
