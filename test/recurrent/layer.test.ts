import { describe, expect, it } from 'vitest';
import type { CellKind, RateActivation } from '../../src/recurrent/cells/cell.ts';
import { RecurrentNetwork, type SequenceBatch } from '../../src/recurrent/network.ts';
import { Random } from '../../src/random/random.ts';

/**
 * The one-step derivatives of a layer (state Jacobian, its vector products, the one-step parameter
 * gradient) against central finite differences of the one-step map, which is run as a carried
 * window of one step from a chosen state.
 */
const CASES: { cell: CellKind; leak?: number; activation?: RateActivation }[] = [
  { cell: 'lstm' },
  { cell: 'sublstm' },
  { cell: 'fix-sublstm' },
  { cell: 'rnn', leak: 0.4, activation: 'tanh' },
  { cell: 'rnn', leak: 0.1, activation: 'relu' },
  { cell: 'gru', leak: 0.3 },
  { cell: 'rnn', leak: 0.2, activation: 'softplus' },
  { cell: 'rate-gru', leak: 0.3, activation: 'relu' },
  { cell: 'rate-gru', leak: 0.2, activation: 'softplus' },
];

const B = 3;
const I = 2;
const H = 4;

function setup(c: (typeof CASES)[number]) {
  const net = new RecurrentNetwork({ cell: c.cell, inputSize: I, hidden: [H], outputSize: 2, seed: 5, leak: c.leak, activation: c.activation });
  const rng = new Random(17, c.cell);
  const layer = net.layers[0];
  const S = layer.stateSize;
  const s0 = new Float64Array(B * S);
  rng.fillUniformSymmetric(s0, 0, s0.length, 0.8);
  const step: SequenceBatch = { inputs: new Float64Array(B * I), batchSize: B, steps: 1 };
  rng.fillUniformSymmetric(step.inputs as Float64Array, 0, B * I, 1);
  // s_{t+1} of the one-step map from state s (copied out)
  const next = (s: Float64Array): Float64Array => {
    layer.carry = Float64Array.from(s);
    net.forward(step, { carryState: true });
    return Float64Array.from(layer.carry);
  };
  return { net, layer, S, s0, next, rng };
}

describe('one-step Jacobians ∂s_{t+1}/∂s_t', () => {
  for (const c of CASES) {
    const label = `${c.cell}${c.activation ? ` ${c.activation}` : ''}`;
    it(`${label}: the B × dim(s) × dim(s) Jacobian equals central differences (max abs error ≤ 1e-9)`, () => {
      const { net, layer, S, s0, next } = setup(c);
      next(s0);
      const J = new Float64Array(B * S * S);
      layer.stateJacobian(net.parameters, 0, J);
      const eps = 1e-6;
      let err = 0;
      let scale = 0;
      for (let j = 0; j < S; j++) {
        const up = Float64Array.from(s0);
        const down = Float64Array.from(s0);
        for (let b = 0; b < B; b++) {
          up[b * S + j] += eps;
          down[b * S + j] -= eps;
        }
        const su = next(up);
        const sd = next(down);
        for (let b = 0; b < B; b++) {
          for (let i = 0; i < S; i++) {
            const fd = (su[b * S + i] - sd[b * S + i]) / (2 * eps);
            err = Math.max(err, Math.abs(J[(b * S + i) * S + j] - fd));
            scale = Math.max(scale, Math.abs(fd));
          }
        }
      }
      expect(scale).toBeGreaterThan(0.05);
      expect(err).toBeLessThanOrEqual(1e-9);
    });

    it(`${label}: vector–Jacobian and Jacobian–vector products agree with the Jacobian to 1e-13`, () => {
      const { net, layer, S, s0, next, rng } = setup(c);
      next(s0);
      const J = new Float64Array(B * S * S);
      layer.stateJacobian(net.parameters, 0, J);
      const v = new Float64Array(B * S);
      const u = new Float64Array(B * S);
      rng.fillUniformSymmetric(v, 0, v.length, 1);
      rng.fillUniformSymmetric(u, 0, u.length, 1);
      const vJ = new Float64Array(B * S);
      const Ju = new Float64Array(B * S);
      layer.stateVjp(net.parameters, 0, v, vJ);
      layer.stateJvp(net.parameters, 0, u, Ju);
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < S; k++) {
          let row = 0;
          let col = 0;
          for (let m = 0; m < S; m++) {
            row += v[b * S + m] * J[(b * S + m) * S + k];
            col += J[(b * S + k) * S + m] * u[b * S + m];
          }
          expect(Math.abs(vJ[b * S + k] - row)).toBeLessThanOrEqual(1e-13);
          expect(Math.abs(Ju[b * S + k] - col)).toBeLessThanOrEqual(1e-13);
        }
      }
    });

    it(`${label}: the one-step parameter vjp vᵀ·∂s_{t+1}/∂θ equals central differences (relative ≤ 1e-7)`, () => {
      const { net, layer, S, s0, next, rng } = setup(c);
      const v = new Float64Array(B * S);
      rng.fillUniformSymmetric(v, 0, v.length, 1);
      next(s0);
      const g = new Float64Array(net.parameters.length);
      layer.parameterVjp(net.parameters, 0, v, g);
      const f = () => next(s0).reduce((sum, x, k) => sum + x * v[k], 0);
      const p = net.parameters;
      let err = 0;
      let scale = 0;
      for (let k = 0; k < layer.end; k++) {
        const keep = p[k];
        p[k] = keep + 1e-6;
        const up = f();
        p[k] = keep - 1e-6;
        const down = f();
        p[k] = keep;
        const fd = (up - down) / 2e-6;
        err = Math.max(err, Math.abs(g[k] - fd));
        scale = Math.max(scale, Math.abs(fd));
      }
      expect(scale).toBeGreaterThan(0.05);
      expect(err / scale).toBeLessThanOrEqual(1e-7);
      // only this layer's parameters receive a gradient (the readout is not part of the step)
      for (let k = layer.end; k < g.length; k++) expect(g[k]).toBe(0);
    });
  }

  it('a frozen step (beyond a sequence length) is the identity map', () => {
    const net = new RecurrentNetwork({ cell: 'lstm', inputSize: I, hidden: [H], outputSize: 2, seed: 5 });
    const batch: SequenceBatch = { inputs: new Float64Array(B * 2 * I).fill(0.5), batchSize: B, steps: 2, lengths: Int32Array.from([2, 1, 0]) };
    net.forward(batch);
    const layer = net.layers[0];
    const S = layer.stateSize;
    const J = new Float64Array(B * S * S);
    layer.stateJacobian(net.parameters, 1, J);
    for (const b of [1, 2]) for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) expect(J[(b * S + i) * S + j]).toBe(i === j ? 1 : 0);
    // sequence 0 is live at step 1: its Jacobian is not the identity
    let off = 0;
    for (let i = 0; i < S; i++) for (let j = 0; j < S; j++) off += Math.abs(J[i * S + j] - (i === j ? 1 : 0));
    expect(off).toBeGreaterThan(0.1);
    expect(() => layer.stateJacobian(net.parameters, 2, J)).toThrow('outside the last forward window');
  });
});
