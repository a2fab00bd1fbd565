import type { Optimizer } from '../../core/optimizer.ts';
import { clipGlobalNorm } from '../clip.ts';
import type { SequenceBatch } from '../network.ts';

/** What the step needs of a network: RecurrentNetwork's forward, last-step loss and backward. */
export interface ClassifierNetwork {
  readonly parameters: Float64Array;
  readonly gradients: Float64Array;
  forward(batch: SequenceBatch): void;
  loss(spec: { kind: 'cross-entropy'; at: 'last'; targets: Int32Array }): number;
  backward(): void;
}

/**
 * One training step of a classify-at-the-end task (sequential MNIST), as `npm run train` takes it:
 * forward, cross-entropy at the last step, backward, the gradient clipped to global norm `clip`
 * (0: not clipped), the optimizer. `checkLoss` sees the loss before any gradient is taken and may
 * stop the run by throwing. Returns the loss.
 */
export function classifyAtEndStep(
  net: ClassifierNetwork,
  batch: { readonly input: SequenceBatch; readonly labels: Int32Array },
  optimizer: Pick<Optimizer, 'step'>,
  clip: number,
  checkLoss?: (loss: number) => void,
): number {
  net.forward(batch.input);
  const loss = net.loss({ kind: 'cross-entropy', at: 'last', targets: batch.labels });
  checkLoss?.(loss);
  net.backward();
  if (clip > 0) clipGlobalNorm(net.gradients, clip);
  optimizer.step(net.parameters, net.gradients, 0);
  return loss;
}
