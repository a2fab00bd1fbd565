import { Microcircuit } from '../circuits/microcircuit.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { Simulation } from '../simulation/simulation.ts';
import { Probe } from '../streams/probe.ts';
import { Recorder } from '../streams/recorder.ts';
import { checkProtocol, rowCount, type HiddenProbe, type ProbeProtocol } from './hidden-probe.ts';

/**
 * Probes a frozen copy of a microcircuit (hidden-probe.ts): same dims, neuron parameters and τ_0,
 * the current weights, no plasticity and no noise, shown the probe inputs without a target. The
 * somata of hidden `layer` are recorded every 1 ms; probe k's representation is their mean over
 * its output window [outputLag, tPattern), its trajectory the first trialLength ms from the switch
 * to it. The circuit itself is left untouched.
 *
 * `inputs` holds M rows of n_0 rates, row-major.
 */
export function probeFrozenCircuit(circuit: Microcircuit, inputs: Float64Array, protocol: ProbeProtocol, layer = 1): HiddenProbe {
  checkProtocol(protocol);
  const { tPattern, outputLag, dt, trialLength } = protocol;
  const dims = circuit.shape.dims;
  const nIn = dims[0];
  const M = rowCount(inputs, nIn);

  const frozen = new Microcircuit({ dims, neuron: { ...circuit.neuron, noise: 0 }, weights: circuit.weights(), plasticity: null, tau0: circuit.tau0 });
  const sim = new Simulation(frozen, createIntegrator({ method: 'euler', dt }), { seed: 0 });
  const probe = new Probe({ population: 'pyramidal', layer, variable: 'soma' }, frozen);
  const n = probe.width;
  const recorder = new Recorder([probe], (M + 1) * tPattern + 1);
  const subscription = sim.frames(1).subscribe(recorder);
  const row = (k: number) => inputs.subarray(k * nIn, (k + 1) * nIn);
  // Warm-up with the last probe, then every probe in order; no target, no learning.
  const order = [M - 1, ...Array.from({ length: M }, (_, k) => k)];
  const means = sim.run(order.map((k) => ({ input: row(k), target: null, learn: false })), { tPattern, outputLag });
  subscription.unsubscribe();

  const values = recorder.values(0); // frame j at t = j ms
  const representation = new Float64Array(M * n);
  const trajectories = new Float64Array(M * trialLength * n);
  const window = tPattern - outputLag;
  for (let k = 0; k < M; k++) {
    const start = (k + 1) * tPattern; // the frame at the switch to probe k
    trajectories.set(values.subarray(start * n, (start + trialLength) * n), k * trialLength * n);
    for (let s = outputLag; s < tPattern; s++) {
      for (let i = 0; i < n; i++) representation[k * n + i] += values[(start + s) * n + i] / window;
    }
  }
  const nOut = circuit.shape.outputSize;
  const outputs = new Float64Array(M * nOut);
  means.slice(1).forEach((o, k) => outputs.set(o, k * nOut));
  return {
    representation: { data: representation, shape: [M, n] },
    trajectories: { data: trajectories, shape: [M, trialLength, n] },
    outputs,
  };
}
