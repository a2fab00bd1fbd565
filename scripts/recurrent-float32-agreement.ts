/**
 * How far the float32 recurrent layers are from float64 (the README's recurrent speed section):
 * one window of batch 20 from the same initial weights (seed 1, 100 units), row-MNIST shape
 * (28 steps × 28 inputs) and pixel shape (784 steps × 1 input), inputs |sin(1.7·i)|,
 * cross-entropy at the last step; prints per cell and shape the relative difference of the loss
 * and ‖g32 − g64‖/‖g64‖ of the full gradient, one JSON line each.
 *   npx tsx scripts/recurrent-float32-agreement.ts
 */
import { RecurrentNetwork } from '../src/recurrent/network.ts';

const BATCH = 20;
for (const cell of ['lstm', 'sublstm', 'fix-sublstm'] as const) {
  for (const [steps, inputSize] of [
    [28, 28],
    [784, 1],
  ]) {
    const inputs = new Float64Array(BATCH * steps * inputSize);
    for (let i = 0; i < inputs.length; i++) inputs[i] = Math.abs(Math.sin(1.7 * i));
    const targets = Int32Array.from({ length: BATCH }, (_, b) => b % 10);
    const [f64, f32] = (['float64', 'float32'] as const).map((precision) => {
      const net = new RecurrentNetwork({ cell, inputSize, hidden: [100], outputSize: 10, seed: 1, precision });
      net.forward({ inputs, batchSize: BATCH, steps });
      const loss = net.loss({ kind: 'cross-entropy', at: 'last', targets });
      net.backward();
      return { loss, gradients: Float64Array.from(net.gradients) };
    });
    let diff = 0;
    let norm = 0;
    for (let i = 0; i < f64.gradients.length; i++) {
      diff += (f32.gradients[i] - f64.gradients[i]) ** 2;
      norm += f64.gradients[i] ** 2;
    }
    process.stdout.write(`${JSON.stringify({ cell, steps, inputSize, lossRelative: Math.abs(f32.loss - f64.loss) / f64.loss, gradientRelative: Math.sqrt(diff / norm) })}\n`);
  }
}
