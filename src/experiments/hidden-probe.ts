import type { ShapedArray } from '../analysis/index.ts';
import { InputError } from '../core/input-error.ts';

/**
 * How a learner is probed (frozen: no learning, no noise): the M probe inputs are shown one after
 * another, each for `tPattern` ms, after a warm-up presentation of the last one, so every probe
 * begins with a switch from the previous input (probe 0 from probe M−1: the sequence is cyclic).
 * Hidden somata are sampled every 1 ms, the first sample of a trial being the state at the switch.
 */
export interface ProbeProtocol {
  /** ms each probe input is shown (a whole number). */
  readonly tPattern: number;
  /** Representations average the hidden somata over [outputLag, tPattern) of each probe (whole ms). */
  readonly outputLag: number;
  /** Forward-Euler step (ms); must divide 1 ms. */
  readonly dt: number;
  /** Samples (ms) recorded from each input switch for the dynamics, 2 … tPattern. */
  readonly trialLength: number;
}

/** What a probe returns, for M probe inputs and n hidden units. */
export interface HiddenProbe {
  /** M × n: hidden somata per probe input, settled. */
  readonly representation: ShapedArray;
  /** M × trialLength × n: hidden somata every 1 ms from each input switch on (trials = probes). */
  readonly trajectories: ShapedArray;
  /** M × n_out, row-major: output potentials per probe input, settled (for the validation error). */
  readonly outputs: Float64Array;
}

/** Throws an InputError naming the field when the protocol's times do not fit together. */
export function checkProtocol(p: ProbeProtocol): void {
  const { tPattern, outputLag, dt, trialLength } = p;
  if (!Number.isInteger(tPattern) || tPattern < 2) throw new InputError('tPattern', `expected a whole number of ms ≥ 2, got ${tPattern}`);
  if (!Number.isInteger(outputLag) || outputLag < 0 || outputLag >= tPattern) {
    throw new InputError('outputLag', `expected a whole number of ms in [0, ${tPattern}), got ${outputLag}`);
  }
  const steps = 1 / dt;
  if (!(dt > 0) || Math.abs(steps - Math.round(steps)) > 1e-9) throw new InputError('dt', `expected a step that divides 1 ms, got ${dt}`);
  if (!Number.isInteger(trialLength) || trialLength < 2 || trialLength > tPattern) {
    throw new InputError('trialLength', `expected a whole number of ms from 2 to ${tPattern}, got ${trialLength}`);
  }
}

/** Number of rows of `inputs` (row-major, `width` per row); throws unless it is a positive whole number. */
export function rowCount(inputs: Float64Array, width: number): number {
  const M = inputs.length / width;
  if (!Number.isInteger(M) || M < 1) throw new InputError('inputs', `expected whole rows of ${width} rates, got ${inputs.length} values`);
  return M;
}

/**
 * Each trial's trajectory relative to its settled state, x_k(t) − x*_k (x*_k: the representation
 * of probe k). After a switch the somata relax toward an input-dependent fixed point, which the
 * homogeneous linear model x(t+1) = A·x(t) of DSA cannot express; the relaxation can.
 */
export function relaxation(probe: HiddenProbe): ShapedArray {
  const [M, T, n] = probe.trajectories.shape;
  const x = probe.trajectories.data;
  const settled = probe.representation.data;
  const out = new Float64Array(x.length);
  for (let k = 0; k < M; k++) {
    for (let t = 0; t < T; t++) {
      const off = (k * T + t) * n;
      for (let i = 0; i < n; i++) out[off + i] = x[off + i] - settled[k * n + i];
    }
  }
  return { data: out, shape: [M, T, n] };
}
