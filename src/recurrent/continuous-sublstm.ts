import { SubLstmCircuit, type SubLstmWeights } from '../circuits/sublstm-circuit.ts';
import { InputError } from '../core/input-error.ts';
import type { RecurrentNetwork } from './network.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * The weights of a trained one-layer subLSTM or fix-subLSTM network as the continuous-time E-I
 * circuit takes them (circuits/sublstm-circuit.ts): gate blocks reordered from the network's
 * [i, f, o, z] (fix-subLSTM: [i, o, z] and a learned φ per unit, f = σ(φ)) to the circuit's
 * [z, i, f, o].
 */
export function subLstmCircuitWeights(net: RecurrentNetwork): SubLstmWeights {
  const cell = net.options.cell;
  if (cell !== 'sublstm' && cell !== 'fix-sublstm') throw new InputError('cell', `the E-I circuit is a subLSTM; got a ${cell} network`);
  if (net.options.hidden.length !== 1) throw new InputError('hidden', `the E-I circuit has one layer; got ${net.options.hidden.length}`);
  const H = net.options.hidden[0];
  const I = net.inputSize;
  const Wx = net.view('layer0.Wx');
  const Wh = net.view('layer0.Wh');
  const bias = net.view('layer0.b');
  // the network's block of each circuit gate z, i, f, o (−1: the fix-subLSTM's constant forget)
  const source = cell === 'sublstm' ? [3, 0, 1, 2] : [2, 0, -1, 1];
  const W = new Float64Array(4 * H * I);
  const R = new Float64Array(4 * H * H);
  const b = new Float64Array(4 * H);
  source.forEach((from, to) => {
    if (from < 0) return;
    W.set(Wx.subarray(from * H * I, (from + 1) * H * I), to * H * I);
    R.set(Wh.subarray(from * H * H, (from + 1) * H * H), to * H * H);
    b.set(bias.subarray(from * H, (from + 1) * H), to * H);
  });
  const fixedForget = cell === 'fix-sublstm' ? Float64Array.from(net.view('layer0.forget'), sigmoid) : undefined;
  return { inputSize: I, hiddenSize: H, W, R, b, ...(fixedForget === undefined ? {} : { fixedForget }) };
}

/** A trained one-layer subLSTM network as the continuous-time circuit, frame time T = τ_c = τ_o (ms). */
export function continuousSubLstm(net: RecurrentNetwork, batch: number, frameTime = 1): SubLstmCircuit {
  return new SubLstmCircuit(subLstmCircuitWeights(net), { batch, tauMemory: frameTime, tauOutputGate: frameTime });
}
