/**
 * One group's measurement against Master (src/experiments/dsa-curriculum-measure.ts `measurePair`)
 * as a parallel-map task, so the groups of a run are measured side by side on worker threads.
 */
import type { Trajectories } from '../data/lorenz.ts';
import { measurePair } from './dsa-curriculum-measure.ts';
import type { PairMeasure } from './dsa-curriculum-measure.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';

export interface PairInput {
  readonly settings: DsaCurriculumSettings;
  readonly states: Trajectories;
  readonly masterStates: Trajectories;
}

export default function measurePairTask(input: PairInput, report: (done: number) => void): PairMeasure {
  const measured = measurePair(input.settings, input.states, input.masterStates);
  report(1);
  return measured;
}
