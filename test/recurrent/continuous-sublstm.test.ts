import { describe, expect, it } from 'vitest';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { Random } from '../../src/random/random.ts';
import { continuousSubLstm } from '../../src/recurrent/continuous-sublstm.ts';
import { RecurrentNetwork } from '../../src/recurrent/network.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

const I = 3;
const H = 6;
const O = 4;
const B = 2;
const T = 9;

/**
 * A network's readout computed from the continuous circuit run with one Euler step per frame: the
 * same numbers as the discrete network, whatever its gate order and forget parameterisation.
 */
describe('a trained subLSTM network as the continuous-time E-I circuit', () => {
  for (const cell of ['sublstm', 'fix-sublstm'] as const) {
    it(`${cell}: one Euler step of dt = τ per frame gives the network's outputs at every step (1e-12)`, () => {
      const net = new RecurrentNetwork({ cell, inputSize: I, hidden: [H], outputSize: O, seed: 5 });
      // move every parameter off its initial value (biases start at constants)
      const rng = new Random(3, 'perturb');
      for (let k = 0; k < net.parameters.length; k++) net.parameters[k] += rng.uniformIn(-0.3, 0.3);
      const inputs = Float64Array.from({ length: B * T * I }, () => rng.uniformIn(-1, 1));
      net.forward({ inputs, batchSize: B, steps: T });

      const circuit = continuousSubLstm(net, B);
      circuit.reset();
      const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 1 }), { seed: 1 });
      const Wout = net.view('readout.W');
      const bout = net.view('readout.b');
      const h = new Float64Array(B * H);
      const x = new Float64Array(B * I);
      let worst = 0;
      for (let t = 0; t < T; t++) {
        for (let s = 0; s < B; s++) x.set(inputs.subarray((s * T + t) * I, (s * T + t + 1) * I), s * I);
        circuit.setInput(x);
        sim.advanceTo(t + 1);
        circuit.readHidden(circuit.state, h);
        for (let s = 0; s < B; s++) {
          for (let k = 0; k < O; k++) {
            let y = bout[k];
            for (let j = 0; j < H; j++) y += Wout[k * H + j] * h[s * H + j];
            worst = Math.max(worst, Math.abs(y - net.output(s, t, k)));
          }
        }
      }
      expect(worst).toBeLessThan(1e-12);
    });
  }

  it('refuses an LSTM or a stacked network', () => {
    expect(() => continuousSubLstm(new RecurrentNetwork({ cell: 'lstm', inputSize: I, hidden: [H], outputSize: O, seed: 1 }), 1)).toThrow(/^cell: the E-I circuit is a subLSTM; got a lstm network$/);
    expect(() => continuousSubLstm(new RecurrentNetwork({ cell: 'sublstm', inputSize: I, hidden: [H, H], outputSize: O, seed: 1 }), 1)).toThrow(/^hidden: the E-I circuit has one layer; got 2$/);
  });
});
