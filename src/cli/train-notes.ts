import { MNIST_TRAIN_SIZE } from '../data/mnist.ts';
import type { TrainOptions } from '../training/train-options.ts';
import { resolveSetup } from '../training/training-setup.ts';

/**
 * Training samples below which a steady-state MNIST run is called short: measured
 * (`npm run train -- --data mnist --model M --epochs 8 --limit-train 1000`, 2026-12-05), the
 * microcircuit's test accuracy was 10 % after 2,000 samples, 20 % after 3,000 and 68 % after
 * 8,000; backprop's 22 %, 26 % and 81 %.
 */
export const SHORT_MNIST_SAMPLES = 8_000;

/**
 * The lines `npm run train` prints on stderr before it starts (with the progress, silenced with
 * it), where the run would otherwise look broken: a continuous-time run that is slow to show its
 * first sample, and a short MNIST run whose accuracy near chance is what the defaults give.
 */
export function trainNotes(options: TrainOptions): string[] {
  const notes: string[] = [];
  if (options.mode === 'full') {
    const full = resolveSetup(options, 1, 1).full!;
    notes.push(
      `train: --mode full simulates every sample for ${full.tPattern} ms of model time (${Math.round(full.tPattern / full.dt).toLocaleString('en-US')} Euler steps of ${full.dt} ms), to train and again to evaluate after each epoch; the progress line counts both, in fractions of a sample`,
    );
  }
  if (options.data.kind === 'mnist' && options.mode === 'steady') {
    const samples = options.epochs * Math.min(options.limitTrain ?? MNIST_TRAIN_SIZE, MNIST_TRAIN_SIZE);
    if (samples < SHORT_MNIST_SAMPLES) {
      notes.push(
        `train: a short run (${samples.toLocaleString('en-US')} training samples): on MNIST the defaults stay near chance (10 % accuracy) for about the first 2,000 samples (measured on 1,000 digits: the microcircuit at 10 % after 2 epochs and 68 % after 8, backprop at 22 % and 81 %); 30 epochs of all 8,000 reach 95.75 % (README, "Classification")`,
      );
    }
  }
  return notes;
}
