import type { NeuronParameters } from '../neurons/neuron-parameters.ts';
import type { CircuitShape } from '../anatomy/circuit-shape.ts';
import type { WeightSet } from '../anatomy/weight-set.ts';

/**
 * Factor c of the self-predicting interneuron weights W^IP_k = c·W^up_{k+1} (docs/model.md,
 * "Self-predicting state"): c = g_B(g_lk + g_D) / (g_D(g_lk + g_B + g_A_next)), with g_A_next = 0
 * when layer k+1 is the output layer. It makes the interneuron's prediction v̂_I equal the basal
 * prediction v̂_B of the pyramidal cell it is nudged by.
 */
export function selfPredictingFactor(p: NeuronParameters, nextIsOutput: boolean): number {
  const gaNext = nextIsOutput ? 0 : p.ga;
  return (p.gb * (p.gl + p.gd)) / (p.gd * (p.gl + p.gb + gaNext));
}

/** Sets W^PI_k = −W^down_k and W^IP_k = c·W^up_{k+1} in place, for every hidden layer k. */
export function setSelfPredicting(shape: CircuitShape, w: WeightSet, p: NeuronParameters): void {
  for (let h = 0; h < shape.hiddenLayers; h++) {
    const down = w.down[h].data;
    const pi = w.pi[h].data;
    for (let i = 0; i < pi.length; i++) pi[i] = -down[i];
    const c = selfPredictingFactor(p, h + 1 === shape.hiddenLayers);
    const upNext = w.up[h + 1].data;
    const ip = w.ip[h].data;
    for (let i = 0; i < ip.length; i++) ip[i] = c * upNext[i];
  }
}
