import type { CellKind } from './cells/cell.ts';
import { RecurrentNetwork } from './network.ts';

/**
 * Parameters of the recurrent layers of a stack of `layers` layers of `units` each, whose bottom
 * layer reads `input` numbers per step (the word embedding): input and recurrent weights, biases
 * and the cell's extras (the fix-subLSTM's per-unit forget parameter), counted from the network
 * the code builds, not from a formula. Per layer: LSTM and subLSTM 4H(I + H + 1); fix-subLSTM
 * 3H(I + H + 1) + H.
 */
export function recurrentParameterCount(cell: CellKind, units: number, layers: number, input: number): number {
  const net = new RecurrentNetwork({ cell, inputSize: input, hidden: Array.from({ length: layers }, () => units), outputSize: 1, seed: 0 });
  return net.parameters.length - (units + 1);
}

/**
 * The fix-subLSTM size that matches an LSTM or subLSTM of `units` per layer in parameters, as in
 * Costa et al. 2017's language-modelling table (10, 100, 200 → 11, 115, 230): the fix-subLSTM
 * has three gate blocks instead of four, so its recurrent weights 3H'² equal the four blocks 4H²
 * when H' = H·√(4/3); the paper's sizes are that value rounded down. With the embedding size
 * equal to the units (so input weights scale the same way), the recurrent-layer counts then agree
 * to within the count of one unit more (test/recurrent/parameter-matching.test.ts); the exact
 * nearest count would be 231 rather than 230 for 200 units (0.4 % apart). The embedding and the
 * softmax readout (about 2·V·H with V = 10,002 words) are not matched: they grow with H' too.
 */
export function matchedFixSubLstmUnits(units: number): number {
  if (!(Number.isSafeInteger(units) && units >= 1)) throw new RangeError(`units must be a positive integer, got ${units}`);
  return Math.floor(units * Math.sqrt(4 / 3));
}
