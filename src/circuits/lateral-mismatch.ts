import { frobeniusNorm } from '../linalg/dense-matrix.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { CircuitShape } from '../anatomy/circuit-shape.ts';
import { selfPredictingFactor } from './self-predicting.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';

/**
 * How far the lateral weights of each hidden layer k are from the self-predicting state (docs/model.md,
 * Fig. S1): ‖W^PI_k + W^down_k‖/‖W^down_k‖ and ‖W^IP_k − c·W^up_{k+1}‖/‖c·W^up_{k+1}‖. Both are 0 in
 * the self-predicting state and about 1 or more from a random start.
 */
export function lateralMismatch(shape: CircuitShape, w: WeightSet, p: NeuronParameters): { pi: number[]; ip: number[] } {
  const pi: number[] = [];
  const ip: number[] = [];
  for (let h = 0; h < shape.hiddenLayers; h++) {
    const down = w.down[h].data;
    pi.push(frobeniusNorm(w.pi[h].data.map((x, i) => x + down[i])) / frobeniusNorm(down));
    const c = selfPredictingFactor(p, h + 1 === shape.hiddenLayers);
    const target = w.up[h + 1].data.map((x) => c * x);
    ip.push(frobeniusNorm(w.ip[h].data.map((x, i) => x - target[i])) / frobeniusNorm(target));
  }
  return { pi, ip };
}

/**
 * The squared ratios of `lateralMismatch` split by presynaptic unit: `pi[h][j]` is the part of
 * ‖W^PI_h + W^down_h‖²/‖W^down_h‖² in column j (interneuron j of layer h+1), `ip[h][j]` the part of
 * ‖W^IP_h − c·W^up_{h+1}‖²/‖c·W^up_{h+1}‖² in column j (pyramidal cell j of layer h+1). Each row
 * sums to the squared ratio. A column's weights change in proportion to its unit's rate, so the
 * mismatch of a unit that is almost silent for every input stays where it started.
 */
export function lateralMismatchByUnit(shape: CircuitShape, w: WeightSet, p: NeuronParameters): { pi: number[][]; ip: number[][] } {
  const byColumn = (rows: number, cols: number, diff: (i: number) => number, norm: number) => {
    const out = new Array<number>(cols).fill(0);
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c] += diff(r * cols + c) ** 2 / norm ** 2;
    return out;
  };
  const pi: number[][] = [];
  const ip: number[][] = [];
  for (let h = 0; h < shape.hiddenLayers; h++) {
    const { data: down, rows: dRows, cols: dCols } = w.down[h];
    const piData = w.pi[h].data;
    pi.push(byColumn(dRows, dCols, (i) => piData[i] + down[i], frobeniusNorm(down)));
    const c = selfPredictingFactor(p, h + 1 === shape.hiddenLayers);
    const { data: upNext, rows: uRows, cols: uCols } = w.up[h + 1];
    const ipData = w.ip[h].data;
    ip.push(byColumn(uRows, uCols, (i) => ipData[i] - c * upNext[i], c * frobeniusNorm(upNext)));
  }
  return { pi, ip };
}
