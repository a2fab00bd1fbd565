import { describe, expect, it } from 'vitest';
import { perceptualDecisionBatch } from '../../src/data/perceptual-decision-tasks.ts';
import { dsaCurriculumSettings } from '../../src/experiments/dsa-curriculum-settings.ts';
import runJob, { curriculumJobs } from '../../src/experiments/dsa-curriculum-task.ts';
import { curriculumNetwork, stimulusStates } from '../../src/experiments/dsa-curriculum-training.ts';
import { Random } from '../../src/random/random.ts';

describe('curriculum training jobs', () => {
  const settings = dsaCurriculumSettings(true);

  it('Untrained records the states of the configuration seed\'s network on M\'s measured trials (shared weights), another network with per-group weights', () => {
    const seed = 3;
    const batch = perceptualDecisionBatch('delay-anti', settings.measureTrials, new Random(seed, 'dsa-curriculum/measure'), { mode: 'test', dt: 20 });
    const expected = stimulusStates(curriculumNetwork({ hidden: settings.hidden, activation: settings.activation, seed }), batch);
    const shared = runJob({ settings, seed, job: 'untrained' }, () => {});
    expect(shared.groups.map((g) => g.group)).toEqual(['untrained']);
    expect(shared.groups[0].states.shape).toEqual(expected.shape);
    expect(Array.from(shared.groups[0].states.data)).toEqual(Array.from(expected.data));
    const own = runJob({ settings: { ...settings, initialWeights: 'per-group' }, seed, job: 'untrained' }, () => {});
    expect(own.groups[0].states.shape).toEqual(expected.shape);
    expect(Array.from(own.groups[0].states.data)).not.toEqual(Array.from(expected.data));
  });

  it('lists Master and the ABC pretraining first, and the full job yields Full and Full & Unfrozen from one pretraining', () => {
    expect(curriculumJobs(settings)).toEqual(['master', 'full', 'untrained', 'partial-B', 'master-frozen']);
    const full = runJob({ settings, seed: 1, job: 'full' }, () => {});
    expect(full.groups.map((g) => g.group)).toEqual(['full', 'full-unfrozen']);
    expect(full.groups[0].phases[0]).toEqual(full.groups[1].phases[0]);
    expect(full.groups[1].phases[1].trainable).toBe('all');
    expect(full.master).toBeUndefined();
  });
});
