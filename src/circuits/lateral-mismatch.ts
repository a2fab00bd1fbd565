import { frobeniusNorm } from '../linalg/dense-matrix.ts';
import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { CircuitShape } from './circuit-shape.ts';
import { selfPredictingFactor } from './self-predicting.ts';
import type { WeightSet } from './weight-set.ts';

/**
 * How far the lateral weights of each hidden layer k are from the self-predicting state (MODEL.md,
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
