import { FeedforwardLearner } from './feedforward-learner.ts';
import { FullDynamicsLearner } from './full-dynamics-learner.ts';
import type { Learner } from './learner.ts';
import { SteadyStateLearner } from './steady-state-learner.ts';
import type { TrainOptions } from './train-options.ts';
import type { TrainingSetup } from './training-setup.ts';

export function createLearner(options: TrainOptions, setup: TrainingSetup): Learner {
  switch (options.model) {
    case 'microcircuit':
      return options.mode === 'full' ? new FullDynamicsLearner(setup, options.seed) : new SteadyStateLearner(setup, options.seed);
    case 'backprop':
      return new FeedforwardLearner(setup, 'backprop', options.seed);
    case 'fa':
      return new FeedforwardLearner(setup, 'feedback-alignment', options.seed);
    case 'shallow':
      return new FeedforwardLearner(setup, 'shallow', options.seed);
  }
}
