import { InputError } from '../../core/input-error.ts';
import type { SequenceBatch as TaskBatch } from '../../data/sequence-batch.ts';
import type { SequenceBatch as NetworkBatch } from '../network.ts';

/**
 * A task's batch (data/sequence-batch.ts: dense inputs, one class label per step, −1 where there
 * is no loss) as the network's input window and the class of each sequence at its last real step
 * — the shape of a classify-at-the-end task such as sequential MNIST. Inputs are shared, not copied.
 */
export function classifyAtEndBatch(batch: TaskBatch): { input: NetworkBatch; labels: Int32Array } {
  if (batch.inputs.kind !== 'dense') throw new InputError('batch.inputs', 'expected dense inputs (token inputs need an embedding)');
  if (batch.targets.kind !== 'classes') throw new InputError('batch.targets', 'expected class labels');
  const { steps } = batch;
  const labels = new Int32Array(batch.batch);
  for (let b = 0; b < batch.batch; b++) {
    const last = batch.lengths[b] - 1;
    labels[b] = batch.targets.labels[b * steps + last];
    for (let t = 0; t < last; t++) {
      if (batch.targets.labels[b * steps + t] !== -1) throw new InputError('batch.targets.labels', `sequence ${b} has a label before its last step (${t}); expected one class at the end`);
    }
  }
  const uniform = batch.lengths.every((len) => len === steps);
  return { input: { inputs: batch.inputs.values, batchSize: batch.batch, steps, ...(uniform ? {} : { lengths: batch.lengths }) }, labels };
}
