/**
 * Rate functions r = φ(u) (docs/model.md, "Dendrites and rates"), vectorised over typed
 * arrays and numerically stable: no overflow or NaN for |u| up to 1e3 and beyond.
 *
 * Each kind is its own class so that a circuit, which uses one φ throughout, calls a single
 * monomorphic `apply` in its inner loop.
 */
export type RateFunctionSpec =
  | { kind: 'softplus'; gamma: number; beta: number; theta: number }
  | { kind: 'logistic' }
  | { kind: 'tanh' }
  | { kind: 'relu' }
  | { kind: 'linear' };

export type RateFunctionKind = RateFunctionSpec['kind'];
export const RATE_FUNCTION_KINDS: readonly RateFunctionKind[] = ['softplus', 'logistic', 'tanh', 'relu', 'linear'];

export interface RateFunction {
  readonly spec: RateFunctionSpec;
  value(u: number): number;
  /** dφ/du, for the backprop baselines. */
  derivative(u: number): number;
  /** out[outOff + i] = φ(u[uOff + i]) for i < n; `out` may be `u` itself (the same offsets, in place). */
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void;
}

/** γ·log(1 + exp(β(u − θ))), written as γ·(max(x,0) + log1p(exp(−|x|))) with x = β(u − θ). */
class Softplus implements RateFunction {
  readonly spec: RateFunctionSpec;
  constructor(
    private readonly gamma: number,
    private readonly beta: number,
    private readonly theta: number,
  ) {
    this.spec = { kind: 'softplus', gamma, beta, theta };
  }
  value(u: number): number {
    const x = this.beta * (u - this.theta);
    return this.gamma * ((x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))));
  }
  derivative(u: number): number {
    return this.gamma * this.beta * logistic(this.beta * (u - this.theta));
  }
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void {
    const g = this.gamma;
    const b = this.beta;
    const th = this.theta;
    for (let i = 0; i < n; i++) {
      const x = b * (u[uOff + i] - th);
      out[outOff + i] = g * ((x > 0 ? x : 0) + Math.log1p(Math.exp(-Math.abs(x))));
    }
  }
}

/** 1 / (1 + exp(−u)), evaluated through exp(−|u|) so that it never overflows. */
function logistic(x: number): number {
  const e = Math.exp(-Math.abs(x));
  return x >= 0 ? 1 / (1 + e) : e / (1 + e);
}

class Logistic implements RateFunction {
  readonly spec: RateFunctionSpec = { kind: 'logistic' };
  value(u: number): number {
    return logistic(u);
  }
  derivative(u: number): number {
    const s = logistic(u);
    return s * (1 - s);
  }
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void {
    for (let i = 0; i < n; i++) {
      const x = u[uOff + i];
      const e = Math.exp(-Math.abs(x));
      out[outOff + i] = x >= 0 ? 1 / (1 + e) : e / (1 + e);
    }
  }
}

class Tanh implements RateFunction {
  readonly spec: RateFunctionSpec = { kind: 'tanh' };
  value(u: number): number {
    return Math.tanh(u);
  }
  derivative(u: number): number {
    const t = Math.tanh(u);
    return 1 - t * t;
  }
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void {
    for (let i = 0; i < n; i++) out[outOff + i] = Math.tanh(u[uOff + i]);
  }
}

class Relu implements RateFunction {
  readonly spec: RateFunctionSpec = { kind: 'relu' };
  value(u: number): number {
    return u > 0 ? u : 0;
  }
  derivative(u: number): number {
    return u > 0 ? 1 : 0;
  }
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void {
    for (let i = 0; i < n; i++) {
      const x = u[uOff + i];
      out[outOff + i] = x > 0 ? x : 0;
    }
  }
}

class Linear implements RateFunction {
  readonly spec: RateFunctionSpec = { kind: 'linear' };
  value(u: number): number {
    return u;
  }
  derivative(): number {
    return 1;
  }
  apply(u: Float64Array, uOff: number, out: Float64Array, outOff: number, n: number): void {
    for (let i = 0; i < n; i++) out[outOff + i] = u[uOff + i];
  }
}

export function createRateFunction(spec: RateFunctionSpec): RateFunction {
  switch (spec.kind) {
    case 'softplus':
      return new Softplus(spec.gamma, spec.beta, spec.theta);
    case 'logistic':
      return new Logistic();
    case 'tanh':
      return new Tanh();
    case 'relu':
      return new Relu();
    case 'linear':
      return new Linear();
  }
}
