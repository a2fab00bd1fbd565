import type { FeedforwardNetwork } from '../baselines/feedforward-network.ts';
import { checkProtocol, rowCount, type HiddenProbe, type ProbeProtocol } from './hidden-probe.ts';

export interface LeakyDynamics {
  /** Somatic time constant τ (ms); the microcircuit's hidden soma has 1/(g_lk + g_B + g_A). */
  readonly tau: number;
  /** τ_0 (ms) of the input low-pass, as in the microcircuit. */
  readonly tau0: number;
}

/**
 * Probes a feed-forward network (hidden-probe.ts) given leaky somata in continuous time:
 *
 *     τ_0·dr̄/dt = r − r̄,      τ·du_1/dt = −u_1 + c_1·W_1·r̄,
 *
 * r the probe input, integrated by forward Euler as the microcircuit is. Its fixed point is the
 * network's own hidden layer, u_1 = c_1·W_1·r, which is the representation (`hidden(1, r)`).
 * The drive d = c_1·W_1·r̄ is linear in r̄, so it obeys the same filter, τ_0·dd/dt = c_1·W_1·r − d,
 * and is integrated directly: no matrix product per step, the same numbers up to rounding.
 * The run starts settled on the last probe (the microcircuit's warm-up), and every probe is
 * shown for tPattern ms so that the next switch again starts from a settled state.
 */
export function probeLeakyFeedforward(net: FeedforwardNetwork, inputs: Float64Array, protocol: ProbeProtocol, dynamics: LeakyDynamics): HiddenProbe {
  checkProtocol(protocol);
  const { tPattern, dt, trialLength } = protocol;
  const nIn = net.dims[0];
  const n = net.dims[1];
  const nOut = net.dims[net.dims.length - 1];
  const M = rowCount(inputs, nIn);
  const row = (k: number) => inputs.subarray(k * nIn, (k + 1) * nIn);

  const representation = new Float64Array(M * n);
  const outputs = new Float64Array(M * nOut);
  for (let k = 0; k < M; k++) {
    net.hidden(1, row(k), representation.subarray(k * n, (k + 1) * n));
    net.forward(row(k), outputs.subarray(k * nOut, (k + 1) * nOut));
  }

  const trajectories = new Float64Array(M * trialLength * n);
  const u = representation.slice((M - 1) * n, M * n);
  const drive = u.slice();
  const stepsPerMs = Math.round(1 / dt);
  const a0 = dt / dynamics.tau0;
  const a = dt / dynamics.tau;
  for (let k = 0; k < M; k++) {
    const target = representation.subarray(k * n, (k + 1) * n); // c_1·W_1·r
    for (let step = 0; step < tPattern * stepsPerMs; step++) {
      const ms = step / stepsPerMs;
      if (step % stepsPerMs === 0 && ms < trialLength) trajectories.set(u, (k * trialLength + ms) * n);
      for (let i = 0; i < n; i++) {
        u[i] += a * (drive[i] - u[i]);
        drive[i] += a0 * (target[i] - drive[i]);
      }
    }
  }
  return {
    representation: { data: representation, shape: [M, n] },
    trajectories: { data: trajectories, shape: [M, trialLength, n] },
    outputs,
  };
}
