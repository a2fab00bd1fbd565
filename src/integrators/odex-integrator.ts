import { RunFailure } from '../core/run-failure.ts';
import type { Random } from '../random/random.ts';
import type { IntegrableSystem, StepObserver } from './integrable-system.ts';
import { refuseOdexWithNoise } from './odex-noise-check.ts';
import type { Integrator, IntegratorStats } from './integrator.ts';
import { createOdexSolver, type OdexDense, type OdexSolver } from './odex-binding.ts';

export interface OdexSettings {
  /** Relative tolerance per component. */
  readonly rtol: number;
  /** Absolute tolerance per component. */
  readonly atol: number;
  /** Largest step (ms); 0 lets odex choose up to the segment length. */
  readonly maxDt: number;
  /** Most steps in the whole run (all segments); beyond it the run stops (exit 3). Default: no limit. */
  readonly stepBudget?: number;
}

/**
 * Most steps odex may take between two events. A smooth segment of a pattern takes tens to
 * hundreds of steps; twenty thousand means the step size has collapsed (a stiff or exploding
 * state), and the run stops (exit 3) instead of grinding on for minutes.
 */
export const ODEX_MAX_STEPS_PER_SEGMENT = 20_000;

/**
 * Adaptive Gragg–Bulirsch–Stoer extrapolation (odex, Hairer & Wanner's ODEX). It has no event
 * location, so it is restarted at each event the caller places (pattern onsets and the like),
 * and it is deterministic: circuits with somatic noise must use a fixed-step method. Samples
 * between steps come from odex's dense output at exactly the requested times.
 */
export class OdexIntegrator implements Integrator {
  readonly method = 'odex' as const;
  readonly stats: IntegratorStats = { steps: 0, evaluations: 0 };
  private solver: OdexSolver | null = null;
  private system: IntegrableSystem | null = null;
  private dIn = new Float64Array(0);
  private sampleBuffer = new Float64Array(0);
  private noise = new Float64Array(0);
  /** The span being integrated, for messages. */
  private segment: [number, number] | null = null;

  constructor(readonly settings: OdexSettings) {
    for (const key of ['rtol', 'atol'] as const) {
      if (!(settings[key] > 0)) throw new RangeError(`odex ${key} must be positive, got ${settings[key]}`);
    }
    if (!(settings.maxDt >= 0)) throw new RangeError(`odex maxDt must be ≥ 0, got ${settings.maxDt}`);
  }

  private bind(system: IntegrableSystem): OdexSolver {
    if (this.solver !== null && this.system === system) return this.solver;
    const n = system.segments.size;
    this.dIn = new Float64Array(n);
    this.sampleBuffer = new Float64Array(n);
    this.noise = new Float64Array(system.segments.groupCount);
    // odex's trial points are copied where the system's kernels can read them
    const yIn = system.stageState;
    const dIn = this.dIn;
    const stats = this.stats;
    this.system = system;
    this.solver = createOdexSolver(
      (x, y, yp) => {
        for (let i = 0; i < n; i++) yIn[i] = y[i];
        system.derivative(yIn, dIn);
        // A non-finite slope makes odex shrink its step without end (NaN errors are never accepted nor rejected for good).
        let finite = true;
        for (let i = 0; i < n; i++) {
          const d = dIn[i];
          yp[i] = d;
          if (d - d !== 0) finite = false;
        }
        stats.evaluations++;
        if (!finite) throw this.segment === null ? new RunFailure('odex: the derivative overflowed') : stuck(x, this.segment[0], this.segment[1], 'the derivative of the state overflowed (a value beyond ±1.8e308)');
      },
      n,
      {
        rawFunction: true,
        denseOutput: true,
        relativeTolerance: this.settings.rtol,
        absoluteTolerance: this.settings.atol,
        maxStepSize: this.settings.maxDt,
        maxSteps: ODEX_MAX_STEPS_PER_SEGMENT,
      },
    );
    return this.solver;
  }

  advance(system: IntegrableSystem, y: Float64Array, t0: number, t1: number, _rng: Random, observer: StepObserver | null): void {
    if (!(t1 > t0)) return;
    const solver = this.bind(system);
    system.noiseIntensities(t1 - t0, this.noise);
    let sigma = 0;
    for (let g = 0; g < this.noise.length; g++) sigma = Math.max(sigma, Math.abs(this.noise[g]));
    refuseOdexWithNoise(this.method, sigma);
    const n = system.segments.size;
    const buffer = this.sampleBuffer;
    // The time reached so far, for the message if odex cannot go on.
    let reached = t0;
    const onSegment = (xOld: number, x: number, _y: number[], dense: OdexDense) => {
      // A step at the rounding of t (or of 1 ms) no longer moves time: it would repeat until the step limit.
      if (x > xOld && x - xOld <= 4 * Number.EPSILON * Math.max(Math.abs(x), 1)) throw stuck(x, t0, t1, `odex's step size fell to ${(x - xOld).toExponential(1)} ms`);
      reached = x;
      if (observer === null) return;
      while (observer.nextSampleTime <= x && observer.nextSampleTime >= xOld) {
        const ts = observer.nextSampleTime;
        for (let c = 0; c < n; c++) buffer[c] = dense(c, ts);
        observer.sample(ts, buffer);
      }
    };
    let result;
    this.segment = [t0, t1];
    try {
      result = solver.solve(t0, Array.from(y), t1, onSegment);
    } catch (e) {
      if (e instanceof RunFailure || !(e instanceof Error) || !e.message.startsWith('maximum allowed steps exceeded')) throw e;
      throw stuck(reached, t0, t1, `odex took ${ODEX_MAX_STEPS_PER_SEGMENT.toLocaleString('en-US')} steps without reaching the next event`);
    }
    for (let i = 0; i < n; i++) y[i] = result.y[i];
    this.stats.steps += result.nAccept;
    const budget = this.settings.stepBudget ?? Infinity;
    if (result.nStep > 0 && this.stats.steps > budget) throw stuck(t1, t0, t1, `odex has taken ${this.stats.steps.toLocaleString('en-US')} steps, more than the run's limit of ${budget.toLocaleString('en-US')} (--max-steps)`);
    if (!system.stateIsFinite(y)) throw system.nonFiniteError(t1, y);
  }
}

/** odex could not advance: the state is stiff or exploding (large weights or learning rates). */
function stuck(t: number, t0: number, t1: number, why: string): RunFailure {
  const ms = (x: number) => Number(x.toPrecision(6));
  return new RunFailure(
    `the solver could not advance at t = ${ms(t)} ms in [${ms(t0)}, ${ms(t1)}] ms: ${why}; the state is stiff or growing without bound — reduce the weights or learning rates, or use a fixed-step method`,
  );
}
