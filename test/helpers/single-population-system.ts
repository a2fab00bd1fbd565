import type { IntegrableSystem } from '../../src/integrators/integrable-system.ts';
import type { Random } from '../../src/random/random.ts';

/**
 * A test system of one population whose soma obeys du/dt = f(u) with constant dendrites:
 * one component group with the population's decay rate and an optional noise intensity.
 */
export class SinglePopulationSystem implements IntegrableSystem {
  readonly groupCount = 1;
  private readonly rate: Float64Array;

  constructor(
    readonly size: number,
    private readonly somaDerivative: (u: Float64Array, du: Float64Array) => void,
    private readonly decay: number,
    private readonly sigma = 0,
  ) {
    this.rate = new Float64Array(size);
  }

  derivative(y: Float64Array, dydt: Float64Array): void {
    this.somaDerivative(y, dydt);
  }

  decayRates(out: Float64Array): void {
    out[0] = this.decay;
  }

  noiseIntensities(_h: number, out: Float64Array): void {
    out[0] = this.sigma;
  }

  explicitStep(y: Float64Array, h: Float64Array): void {
    this.somaDerivative(y, this.rate);
    for (let i = 0; i < this.size; i++) y[i] += h[0] * this.rate[i];
  }

  addNoise(y: Float64Array, amplitude: Float64Array, rng: Random): void {
    for (let i = 0; i < this.size; i++) y[i] += amplitude[0] * rng.normal();
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
