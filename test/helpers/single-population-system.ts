import type { IntegrableSystem } from '../../src/integrators/integrable-system.ts';
import { SegmentLayout } from '../../src/model/segment-layout.ts';

/**
 * A test system of one population whose soma obeys du/dt = f(u) with constant dendrites:
 * one component group with the population's decay rate and an optional noise intensity.
 */
export class SinglePopulationSystem implements IntegrableSystem {
  readonly segments: SegmentLayout;
  readonly stageState: Float64Array;
  readonly firstFusedGroup = 1;

  constructor(
    readonly size: number,
    private readonly somaDerivative: (u: Float64Array, du: Float64Array) => void,
    private readonly decay: number,
    private readonly sigma = 0,
  ) {
    this.segments = new SegmentLayout([{ name: 'somata', noisy: sigma !== 0 }], [{ name: 'somata', group: 'somata', length: size }]);
    this.stageState = new Float64Array(size);
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    this.somaDerivative(y, dydt);
  }

  evaluateForStep(y: Float64Array, rate: Float64Array): void {
    this.somaDerivative(y, rate);
  }

  decayRates(out: Float64Array): void {
    out[0] = this.decay;
  }

  noiseIntensities(_h: number, out: Float64Array): void {
    out[0] = this.sigma;
  }

  stateIsFinite(): boolean {
    return true;
  }

  nonFiniteError(t: number): Error {
    return new Error(`non-finite state at t = ${t}`);
  }
}

/** Least-squares slope of log(err) against log(dt): the measured order of convergence. */
export function convergenceOrder(dts: readonly number[], errors: readonly number[]): number {
  const x = dts.map(Math.log);
  const y = errors.map(Math.log);
  const mx = x.reduce((a, b) => a + b) / x.length;
  const my = y.reduce((a, b) => a + b) / y.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
  }
  return sxy / sxx;
}
