import type { Dataset } from '../data/dataset.ts';
import { InputError } from '../core/input-error.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { Simulation } from '../simulation/simulation.ts';
import { continuousSubLstm } from './continuous-sublstm.ts';
import type { RecurrentNetwork } from './network.ts';

/** How the continuous circuit is integrated over each frame of time τ. */
export interface ContinuousRunOptions {
  readonly method: 'euler' | 'rk4';
  /** Integration steps per frame: dt = τ / stepsPerFrame (1: one Euler step is the discrete cell). */
  readonly stepsPerFrame: number;
  /** Sequences integrated side by side (default 200). */
  readonly batch?: number;
}

/** The readout at the last frame of every sequence and its largest class. */
export interface ContinuousClassification {
  /** n × O logits W_out·h(T·τ) + b_out, sequence-major. */
  readonly logits: Float64Array;
  readonly predictions: Int32Array;
}

/**
 * Runs the first `n` sequences of `data` through a trained one-layer subLSTM or fix-subLSTM
 * network as the continuous-time E-I circuit (circuits/sublstm-circuit.ts via
 * `continuousSubLstm`): each image is cut into steps of the network's input size (row-MNIST: 28
 * rows of 28 pixels), step t is held as the circuit's input during frame t of length τ, the
 * circuit is integrated from c = 0, h = 0 with `stepsPerFrame` steps per frame, and the network's
 * own linear readout reads h at the end of the last frame. With one Euler step per frame this is
 * the discrete network; smaller steps integrate the circuit the weights were not trained for.
 */
export function classifyInContinuousTime(net: RecurrentNetwork, data: Dataset, n: number, options: ContinuousRunOptions): ContinuousClassification {
  const I = net.inputSize;
  const O = net.outputSize;
  const steps = data.inputSize / I;
  if (!Number.isInteger(steps)) throw new InputError('data', `${data.inputSize} inputs per sample are not whole steps of the network's ${I} inputs`);
  if (!(Number.isSafeInteger(options.stepsPerFrame) && options.stepsPerFrame >= 1)) throw new InputError('stepsPerFrame', `expected a positive integer, got ${options.stepsPerFrame}`);
  if (!(Number.isSafeInteger(n) && n >= 1 && n <= data.n)) throw new InputError('n', `expected 1…${data.n} sequences, got ${n}`);
  const H = net.options.hidden[0];
  const Wout = net.view('readout.W');
  const bout = net.view('readout.b');
  const logits = new Float64Array(n * O);
  const predictions = new Int32Array(n);
  const batchSize = options.batch ?? 200;
  for (let first = 0; first < n; first += batchSize) {
    const B = Math.min(batchSize, n - first);
    const circuit = continuousSubLstm(net, B);
    circuit.reset();
    const sim = new Simulation(circuit, createIntegrator({ method: options.method, dt: 1 / options.stepsPerFrame }), { seed: 1 });
    const x = new Float64Array(B * I);
    for (let t = 0; t < steps; t++) {
      for (let s = 0; s < B; s++) x.set(data.inputs.subarray((first + s) * data.inputSize + t * I, (first + s) * data.inputSize + (t + 1) * I), s * I);
      circuit.setInput(x);
      sim.advanceTo(t + 1);
    }
    const h = new Float64Array(B * H);
    circuit.readHidden(circuit.state, h);
    for (let s = 0; s < B; s++) {
      const row = (first + s) * O;
      let best = 0;
      for (let k = 0; k < O; k++) {
        let y = bout[k];
        for (let j = 0; j < H; j++) y += Wout[k * H + j] * h[s * H + j];
        logits[row + k] = y;
        if (y > logits[row + best]) best = k;
      }
      predictions[first + s] = best;
    }
  }
  return { logits, predictions };
}
