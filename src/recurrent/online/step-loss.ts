import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';

/**
 * The loss of one step of a task batch and its gradient dL_t/dy_t, the per-step signal every online
 * learner needs. A sequence's loss is the sum of its step losses, L = Σ_t L_t, with
 *   L_t = (1/B) Σ_b w_bt · ℓ(y_bt, target_bt),
 * w_bt the step's loss weight (the mask of value targets; 1 for a class ≥ 0, 0 for −1), and ℓ
 * - mse: the mean over the O outputs of (y − target)² (PyTorch's MSELoss at a single scored step),
 * - bce-logits: the mean over O of −[t·log σ(y) + (1 − t)·log(1 − σ(y))], computed stably,
 * - classes: −log softmax(y)[label].
 * For tasks scored at their last step only (line-draw, sequential MNIST) L equals the network's
 * `loss({ at: 'last' })`.
 *
 * y holds the B output rows of the step (row b at yOff + b·O); dY (same layout at dYOff) is
 * overwritten. Allocates nothing.
 */
export function stepLoss(batch: TaskBatch, t: number, y: Float64Array, yOff: number, dY: Float64Array, dYOff: number): number {
  const bs = batch.batch;
  const T = batch.steps;
  const tg = batch.targets;
  const o = tg.kind === 'classes' ? tg.classes : tg.outputSize;
  for (let k = 0; k < bs * o; k++) dY[dYOff + k] = 0;
  let total = 0;
  for (let b = 0; b < bs; b++) {
    const row = yOff + b * o;
    const dRow = dYOff + b * o;
    if (tg.kind === 'classes') {
      const label = tg.labels[b * T + t];
      if (label < 0) continue;
      let max = -Infinity;
      for (let k = 0; k < o; k++) if (y[row + k] > max) max = y[row + k];
      let sum = 0;
      for (let k = 0; k < o; k++) sum += Math.exp(y[row + k] - max);
      const logZ = max + Math.log(sum);
      total += logZ - y[row + label];
      for (let k = 0; k < o; k++) dY[dRow + k] = Math.exp(y[row + k] - logZ) / bs;
      dY[dRow + label] -= 1 / bs;
    } else {
      const w = tg.mask[b * T + t];
      if (w === 0) continue;
      const tRow = (b * T + t) * o;
      const scale = w / (bs * o);
      for (let k = 0; k < o; k++) {
        const v = y[row + k];
        const target = tg.values[tRow + k];
        if (tg.loss === 'mse') {
          const d = v - target;
          total += scale * d * d;
          dY[dRow + k] = 2 * scale * d;
        } else {
          total += scale * (Math.max(v, 0) - target * v + Math.log1p(Math.exp(-Math.abs(v))));
          dY[dRow + k] = scale * (1 / (1 + Math.exp(-v)) - target);
        }
      }
    }
  }
  return tg.kind === 'classes' ? total / bs : total;
}
