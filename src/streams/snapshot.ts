import { map, type OperatorFunction } from 'rxjs';
import type { Frame } from './frame.ts';
import type { Probe } from './probe.ts';

/** A frame's time, index and state, copied: safe to keep, buffer or compare with later ones. */
export interface FrameSnapshot {
  /** Simulation time (ms). */
  readonly t: number;
  readonly index: number;
  readonly state: Float64Array;
}

/** The probes' values at one frame, in fresh arrays (one per probe, in probe order). */
export interface ProbeSample {
  /** Simulation time (ms). */
  readonly t: number;
  readonly index: number;
  readonly values: readonly Float64Array[];
}

/**
 * Frames are reused from one emission to the next, so a stream that keeps them (`toArray`,
 * `bufferCount`, `pairwise`, `take(n)` into an array) would hold n references to the last one.
 * `snapshot()` copies each frame's state into a fresh array first: the safe path for any rxjs
 * operator, at the cost of one allocation per frame.
 */
export function snapshot(): OperatorFunction<Frame, FrameSnapshot> {
  return map((f) => ({ t: f.t, index: f.index, state: f.snapshot() }));
}

/** Reads the probes from each frame into fresh arrays: like `snapshot()`, but only what the probes select. */
export function probeSamples(probes: readonly Probe[]): OperatorFunction<Frame, ProbeSample> {
  return map((f) => ({
    t: f.t,
    index: f.index,
    values: probes.map((p) => {
      const out = new Float64Array(p.width);
      p.read(f, out, 0);
      return out;
    }),
  }));
}
