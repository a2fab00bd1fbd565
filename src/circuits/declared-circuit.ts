import type { IntegrableSystem } from '../integrators/integrable-system.ts';
import { SegmentLayout, type SegmentDeclaration, type StateGroup } from '../model/segment-layout.ts';
import { NonFiniteStateError } from './non-finite-state-error.ts';

/** A group of a declared circuit, with the linear decay rate a_g (1/ms) of its components. */
export interface DeclaredGroup extends StateGroup {
  readonly decay: number;
}

/**
 * A circuit defined by its declarations and its right-hand side: the base of circuit families
 * other than the microcircuit. A subclass declares groups (decay rate, noisy or not) and segments
 * (name, group, length), and writes dy/dt = f(y) in `derivative`; every integrator, frame, probe
 * (`{ segment: name }`) and recorder then works on it.
 *
 * Contract with the integrators (integrable-system.ts): within group g, f_i = drive_i − a_g·y_i
 * with a_g = `decay` (exponential Euler is exact for that linear part; other methods do not use it).
 * Noisy groups receive white noise of intensity `noise` (σ per √ms: σ·√h·N(0,1) per Euler step).
 */
export abstract class DeclaredCircuit implements IntegrableSystem {
  readonly segments: SegmentLayout;
  /** The state vector y. */
  readonly state: Float64Array;
  readonly stageState: Float64Array;
  readonly firstFusedGroup: number;
  /** σ of the white noise on the noisy groups. */
  noise: number;
  private readonly decay: Float64Array;

  constructor(groups: readonly DeclaredGroup[], segments: readonly SegmentDeclaration[], noise = 0) {
    this.segments = new SegmentLayout(groups, segments);
    this.state = new Float64Array(this.segments.size);
    this.stageState = new Float64Array(this.segments.size);
    this.firstFusedGroup = groups.length;
    this.decay = Float64Array.from(groups, (g) => g.decay);
    this.noise = noise;
  }

  /** dydt = f(y); must not modify y. */
  abstract derivative(y: Float64Array, dydt: Float64Array): void;

  /** The state of a segment: a live view into `state`. */
  view(segment: string): Float64Array {
    const s = this.segments.segment(segment);
    return this.state.subarray(s.offset, s.offset + s.length);
  }

  evaluateForStep(y: Float64Array, rate: Float64Array): void {
    this.derivative(y, rate);
  }

  decayRates(out: Float64Array): void {
    out.set(this.decay);
  }

  noiseIntensities(_h: number, out: Float64Array): void {
    const groups = this.segments.groups;
    for (let g = 0; g < groups.length; g++) out[g] = groups[g].noisy ? this.noise : 0;
  }

  stateIsFinite(y: Float64Array): boolean {
    for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i])) return false;
    return true;
  }

  nonFiniteError(t: number, y: Float64Array): NonFiniteStateError {
    return new NonFiniteStateError(t, this.segments.firstNonFinite(y) ?? 'state');
  }
}
