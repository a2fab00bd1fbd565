import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import { Random } from '../random/random.ts';
import type { Connection } from '../anatomy/circuit-shape.ts';
import { selfPredictingFactor } from '../circuits/self-predicting.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';

/** The mixing strengths of docs/model.md ("Mixing (feedback) strengths") a steady-state circuit is built for. */
export interface Mixing {
  readonly lambdaHid: number;
  readonly lambdaOut: number;
  readonly lambdaI: number;
}

/** The MNIST experiment's weak feedback (docs/model.md, "The steady-state approximation"). */
export const MNIST_MIXING: Mixing = { lambdaHid: 0.3, lambdaOut: 0.1, lambdaI: 0.1 };

/**
 * Conductances that give the wanted mixing strengths, keeping g_lk and g_B of `base`:
 *
 *     λ_hid = g_A/(g_lk+g_B+g_A)    ⇒ g_A   = λ_hid·(g_lk+g_B)/(1−λ_hid)
 *     λ_out = g_som/(g_lk+g_B+g_som) ⇒ g_som = λ_out·(g_lk+g_B)/(1−λ_out)
 *     λ_I   = g_som/(g_lk+g_D+g_som) ⇒ g_D   = g_som·(1−λ_I)/λ_I − g_lk
 *
 * With g_lk 0.1, g_B 1 and MNIST_MIXING: g_A = 0.33/0.7 ≈ 0.4714, g_som = 0.11/0.9 ≈ 0.1222, g_D = 1.
 */
export function neuronForMixing(base: NeuronParameters, m: Mixing): NeuronParameters {
  for (const [name, v] of Object.entries(m)) {
    if (!(v > 0 && v < 1)) throw new RangeError(`${name} must lie in (0, 1), got ${v}`);
  }
  const gl = base.gl;
  const gb = base.gb;
  const ga = (m.lambdaHid * (gl + gb)) / (1 - m.lambdaHid);
  const gsom = (m.lambdaOut * (gl + gb)) / (1 - m.lambdaOut);
  const gd = (gsom * (1 - m.lambdaI)) / m.lambdaI - gl;
  if (!(gd > 0)) throw new RangeError(`λ_I = ${m.lambdaI} is too large for λ_out = ${m.lambdaOut}: it would need g_D = ${gd} ≤ 0`);
  return { ...base, ga, gsom, gd };
}

/**
 * Learning-rate multipliers of the MNIST experiment for a circuit of `depth` pyramidal layers
 * (docs/model.md, "The paper's experiments and their settings"): W^up_k scaled by 1/λ_hid^(N−k), which undoes the factor λ_hid that each
 * layer's apical feedback puts on the error below it (0.01·{1/λ², 1/λ, 1} for 784-500-500-10 with
 * base rate 0.01); W^IP_k at twice the rate of W^up_{k+1}, the forward weights it tracks; W^PI and
 * W^down fixed (0).
 */
export function mnistRateScales(depth: number, lambdaHid: number): Record<Connection, number[]> {
  const up = Array.from({ length: depth }, (_, i) => lambdaHid ** -(depth - 1 - i));
  return {
    up,
    ip: up.slice(1).map((r) => 2 * r),
    pi: new Array<number>(depth - 1).fill(0),
    down: new Array<number>(depth - 1).fill(0),
  };
}

/** Half-widths a of U(−a, a) per connection and, for `up`, per layer (index k−1). */
export interface SteadyStateInit {
  readonly up: readonly number[];
  readonly down: number;
}

/**
 * Weights of a steady-state circuit in the self-predicting state (docs/model.md): W^up_k ~ U(−a_k, a_k)
 * and W^down_k ~ U(−a, a), each matrix from its own stream of `seed`; then W^PI_k = −W^down_k and
 * W^IP_k = c·W^up_{k+1} (self-predicting.ts). With `bias`, W^up_k and W^IP_k have one more column,
 * the weight of the constant-1 input (W^IP's copies W^up_{k+1}'s, so v̂_I = v̂_B,k+1 still holds).
 */
export function initSteadyStateWeights(dims: readonly number[], bias: boolean, init: SteadyStateInit, neuron: NeuronParameters, seed: number): WeightSet {
  const N = dims.length - 1;
  const b = bias ? 1 : 0;
  const w: WeightSet = { up: [], down: [], ip: [], pi: [] };
  const draw = (c: Connection, i: number, rows: number, cols: number, a: number) => {
    const data = new Float64Array(rows * cols);
    new Random(seed, `weights.${c}[${i}]`).fillUniformSymmetric(data, 0, data.length, a);
    return { rows, cols, data };
  };
  for (let k = 1; k <= N; k++) w.up.push(draw('up', k - 1, dims[k], dims[k - 1] + b, init.up[k - 1]));
  for (let k = 1; k < N; k++) {
    const down = draw('down', k - 1, dims[k], dims[k + 1], init.down);
    w.down.push(down);
    w.pi.push({ rows: down.rows, cols: down.cols, data: down.data.map((x) => -x) });
    const c = selfPredictingFactor(neuron, k + 1 === N);
    const up = w.up[k];
    w.ip.push({ rows: up.rows, cols: up.cols, data: up.data.map((x) => c * x) });
  }
  return w;
}
