import { InputError } from '../core/input-error.ts';
import type { IntegratorSpec } from '../integrators/create-integrator.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';

/**
 * Linear stability of the fixed-step methods. Between events every component of the state
 * decays linearly toward its drive, dy/dt = drive − a·y (integrable-system.ts), with
 *
 *     hidden somata       a = g_lk + g_B + g_A
 *     output somata       a = g_lk + g_B + g_som  (nudged; g_lk + g_B otherwise)
 *     interneuron somata  a = g_lk + g_D + g_som
 *     τ_0 filters         a = 1/τ_0,   plasticity traces  a = 1/τ_w
 *
 * A step of length h multiplies the error along such a component by R(−a·h), R the method's
 * stability function; the step is stable only if |R(−a·h)| ≤ 1 for the largest rate a_max:
 *
 *     forward Euler  R(z) = 1 + z                       → h ≤ 2/a_max
 *     RK4            R(z) = 1 + z + z²/2 + z³/6 + z⁴/24 → h ≤ 2.785/a_max (the real root of |R| = 1)
 *     expEuler       integrates the decay exactly, R = e^{−a·h} → stable for any h
 *
 * (Hairer & Wanner, Solving ODEs II, §IV.2.) Beyond the bound the run does not merely lose
 * accuracy: errors grow by |R| each step and the outputs reach ±1e29 within a few patterns. The
 * coupling through the weights is not linear decay and can still diverge at a stable step; that
 * ends as a non-finite state (exit 3). Exponential Euler freezes the coupling over a step, so a
 * step near 1/a_max is stable but inaccurate.
 */

/** |R(z)| ≤ 1 on the negative real axis for z ∈ [−bound, 0]. */
export const STABILITY_BOUND = { euler: 2, rk4: 2.785293563405282 } as const;

/** The largest linear decay rate (1/ms) of any component of the circuit. */
export function largestDecayRate(neuron: NeuronParameters, tau0: number, tauW: number | null): number {
  const { gl, gb, ga, gd, gsom } = neuron;
  return Math.max(gl + gb + ga, gl + gb + gsom, gl + gd + gsom, 1 / tau0, tauW === null ? 0 : 1 / tauW);
}

/**
 * The longest step a fixed-step method actually takes: dt, unless the events of a pattern (its
 * onset, `outputLag`, `learningLag`, its end) lie closer together, which cuts the step to their
 * largest spacing (fixed-step-integrator.ts ends every span exactly on an event).
 */
export function largestStepUsed(dt: number, tPattern: number, lags: readonly number[]): number {
  const times = [0, tPattern, ...lags.filter((t) => t > 0 && t < tPattern)].sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, times[i] - times[i - 1]);
  return Math.min(dt, gap);
}

/**
 * Refuses (InputError on integrator.dt) a forward-Euler or RK4 step beyond the stability bound of
 * the fastest decay, `aMax`; `stepUsed` is the longest step the run would take.
 */
export function checkStepStability(spec: IntegratorSpec, stepUsed: number, aMax: number): void {
  if (spec.method !== 'euler' && spec.method !== 'rk4') return;
  const bound = STABILITY_BOUND[spec.method] / aMax;
  if (stepUsed < bound) return;
  const name = spec.method === 'euler' ? 'forward Euler' : 'RK4';
  const factor = spec.method === 'euler' ? '2' : '2.785';
  const cut = stepUsed < spec.dt ? ` (the step actually taken, cut from ${spec.dt} ms to the spacing of the pattern's events)` : '';
  throw new InputError(
    'integrator.dt',
    `${stepUsed} ms${cut} is beyond ${name}'s stability bound ${factor}/a_max = ${Number(bound.toPrecision(4))} ms for the fastest decay rate a_max = ${Number(aMax.toPrecision(4))}/ms; ` +
      'use a smaller dt, or expEuler (exact for the decay, stable at any step)',
  );
}
