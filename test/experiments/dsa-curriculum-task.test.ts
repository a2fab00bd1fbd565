import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dsaCurriculumSettings } from '../../src/experiments/dsa-curriculum-settings.ts';
import { measuredStates } from '../../src/experiments/dsa-curriculum-states.ts';
import runJob, { curriculumJobs } from '../../src/experiments/dsa-curriculum-task.ts';
import { curriculumNetwork } from '../../src/experiments/dsa-curriculum-training.ts';

describe('curriculum training jobs', () => {
  const settings = dsaCurriculumSettings(true);

  it('Untrained records the states of the configuration seed\'s network on M\'s measured trials (shared weights), another network with per-group weights', () => {
    const seed = 3;
    const expected = measuredStates(curriculumNetwork({ cell: settings.cell, hidden: settings.hidden, activation: settings.activation, seed }), settings, seed);
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

  it('re-measures a saved job without training: the same phases and, measured the authors’ way, the states a fresh training gives; other training settings are refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsa-curriculum-'));
    try {
      const trained = runJob({ settings, seed: 2, job: 'partial-B', outDir: dir }, () => {});
      const authors = dsaCurriculumSettings(true, 'masked+authors');
      const reused = runJob({ settings: authors, seed: 2, job: 'partial-B', outDir: dir, reuse: true }, () => {});
      const fresh = runJob({ settings: authors, seed: 2, job: 'partial-B' }, () => {});
      expect(reused.reused).toBe(true);
      expect(fresh.reused).toBeUndefined();
      expect(reused.groups[0].phases).toEqual(trained.groups[0].phases);
      expect(reused.groups[0].states.shape).toEqual([200, 200, settings.hidden]);
      expect(Array.from(reused.groups[0].states.data)).toEqual(Array.from(fresh.groups[0].states.data));
      expect(reused.seconds).toBe(trained.seconds);
      // a job never saved there is trained
      expect(runJob({ settings: authors, seed: 3, job: 'untrained', outDir: dir, reuse: true }, () => {}).reused).toBeUndefined();
      expect(() => runJob({ settings: { ...authors, learningRate: 1e-3 }, seed: 2, job: 'partial-B', outDir: dir, reuse: true }, () => {})).toThrow(/--resume.*other settings/);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
