import { ExponentialEuler } from './exponential-euler.ts';
import { ForwardEuler } from './forward-euler.ts';
import type { Integrator } from './integrator.ts';
import { OdexIntegrator } from './odex-integrator.ts';
import { RungeKutta4 } from './runge-kutta4.ts';

/** The `integrator` block of an experiment (docs/experiment-format.md). */
export type IntegratorSpec =
  | {
      readonly method: 'euler' | 'expEuler' | 'rk4';
      readonly dt: number;
      /** Steps per window of the microcircuit's deferred plasticity update (Euler and exponential Euler); absent: 1. */
      readonly plasticityWindow?: number;
      /** Kernel threads of the microcircuit (src/kernels/thread-setting.ts); absent: 1. */
      readonly threads?: 1 | 2 | 'auto';
    }
  | { readonly method: 'odex'; readonly rtol: number; readonly atol: number; readonly maxDt: number; readonly threads?: 1 | 2 | 'auto' };

/** A registry of the integration methods, keyed by the experiment file's `method` names. */
export function createIntegrator(spec: IntegratorSpec): Integrator {
  switch (spec.method) {
    case 'euler':
      return new ForwardEuler(spec.dt);
    case 'expEuler':
      return new ExponentialEuler(spec.dt);
    case 'rk4':
      return new RungeKutta4(spec.dt);
    case 'odex':
      return new OdexIntegrator(spec);
  }
}
