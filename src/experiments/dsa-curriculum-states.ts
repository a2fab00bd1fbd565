/**
 * The hidden states the curriculum test case measures, and the array DSA is handed
 * (src/experiments/dsa-curriculum-settings.ts `measurement`):
 *
 *   window 'stimulus'  the stimulus period of M's test trials (200 steps)
 *   window 'authors'   what qglht/RepAL main/representation.py `get_indexes` slices: the stimulus
 *                      period's indexes shifted back by 500 ms ("ignore the initial transition",
 *                      clipped at 0), applied to the unshifted states — steps 0–199 of the test
 *                      trial (25 fixation steps and the first 175 stimulus steps)
 *   dsaAxes 'time'     DSA gets trials × time × units: its delays run along time within a trial
 *   dsaAxes 'authors'  DSA gets the (time, trials, units) array the authors' states come in
 *                      (their RNN runs time-major, and `representation` concatenates batches along
 *                      dim 1); DSA reads its first axis as trials, so each "trial" is one time step
 *                      and the delay embedding runs across the trials at that step
 */
import { perceptualDecisionBatch } from '../data/perceptual-decision-tasks.ts';
import type { PerceptualDecisionBatch } from '../data/perceptual-decision-tasks.ts';
import type { Trajectories } from '../data/lorenz.ts';
import { Random } from '../random/random.ts';
import type { RecurrentNetwork } from '../recurrent/network.ts';
import type { DsaCurriculumSettings } from './dsa-curriculum-settings.ts';
import { CURRICULUM_DT, forwardTrials, hiddenWindow } from './dsa-curriculum-training.ts';

/** The authors' "initial transition" in ms, subtracted from the period indexes (get_indexes `t_start`). */
export const AUTHORS_TRANSITION_MS = 500;

/** Steps [from, to) of the stimulus period, or of the authors' shifted slice of it, in trials of one timing. */
export function measuredWindow(batch: PerceptualDecisionBatch, window: 'stimulus' | 'authors', dt: number = CURRICULUM_DT): [number, number] {
  const from = batch.periods[1];
  const to = batch.periods[2];
  for (let b = 1; b < batch.batch; b++) {
    if (batch.periods[b * 5 + 1] !== from || batch.periods[b * 5 + 2] !== to) throw new RangeError('the measured window needs test trials with one timing');
  }
  if (window === 'stimulus') return [from, to];
  const shift = Math.trunc(AUTHORS_TRANSITION_MS / dt);
  if (to < shift) throw new RangeError(`the stimulus period ends at step ${to}, before the authors' ${shift}-step transition`);
  return [Math.max(from - shift, 0), to - shift];
}

/** `net`'s hidden states on the configuration's measured trials of M, in the settings' window: trials × time × units. */
export function measuredStates(net: RecurrentNetwork, settings: DsaCurriculumSettings, seed: number): { data: Float64Array; shape: [number, number, number] } {
  const batch = perceptualDecisionBatch('delay-anti', settings.measureTrials, new Random(seed, 'dsa-curriculum/measure'), { mode: 'test', dt: CURRICULUM_DT });
  forwardTrials(net, batch);
  const [from, to] = measuredWindow(batch, settings.measurement.window);
  return { data: hiddenWindow(net, batch.batch, from, to), shape: [batch.batch, to - from, net.layers[0].hidden] };
}

/** Swaps the first two axes: trials × time × units becomes time × trials × units (and back). */
export function swapTrialsAndTime(x: Trajectories): Trajectories {
  const [trials, time, units] = x.shape;
  const data = new Float64Array(x.data.length);
  for (let k = 0; k < trials; k++) {
    for (let t = 0; t < time; t++) data.set(x.data.subarray((k * time + t) * units, (k * time + t + 1) * units), (t * trials + k) * units);
  }
  return { data, shape: [time, trials, units] };
}

/** The array DSA is handed for trials × time × units states `x` (see the file comment). */
export function dsaInput(x: Trajectories, axes: 'time' | 'authors'): Trajectories {
  return axes === 'time' ? x : swapTrialsAndTime(x);
}
