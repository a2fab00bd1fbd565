import { describe, expect, it } from 'vitest';
import runReplaySeed, { presentationsPerSeed, replayConditions } from '../../src/experiments/replay-seed.ts';
import { REPLAY_SETTINGS, type ReplaySettings } from '../../src/experiments/replay-settings.ts';

const settings: ReplaySettings = {
  ...REPLAY_SETTINGS,
  studentDims: [6, 8, 4],
  teacherDims: [6, 5, 4],
  timing: { tPattern: 20, outputLag: 10 },
  evalTiming: { tPattern: 20, outputLag: 10 },
  patternsPerTask: 12,
  validationPatterns: 4,
  evalEvery: 5,
  bufferCapacity: 5,
  interleaveEvery: 3,
  sleepReplays: 7, // one full sweep of the 5 stored experiences and a partial one
  sleepOrders: ['uniform', 'reverse'],
};

describe('runReplaySeed', () => {
  const progress: number[] = [];
  const result = runReplaySeed({ settings, seed: 3 }, (n) => progress.push(n));

  it('runs every condition from the same task-A history', () => {
    expect(replayConditions(settings)).toEqual(['none', 'interleaved', 'sleep-uniform', 'sleep-reverse']);
    expect(Object.keys(result.conditions)).toEqual(replayConditions(settings));
    // Validations at 0, 5, 10 and the end of task A (12 patterns) are shared.
    const shared = [0, 5, 10, 12].map((n) => (n * 20) / 1000);
    for (const c of Object.values(result.conditions)) {
      expect(c.time.slice(0, 4)).toEqual(shared);
      expect(c.taskA[3]).toBe(result.taskAAfterA);
      expect(c.taskA.slice(0, 4)).toEqual(result.conditions.none.taskA.slice(0, 4));
    }
    expect(result.conditions.none.taskABeforeB).toBe(result.taskAAfterA);
  });

  it('replays as many experiences as each condition asks, and reports every presentation', () => {
    const replayed = Object.fromEntries(Object.entries(result.conditions).map(([id, c]) => [id, c.replayed]));
    expect(replayed).toEqual({ none: 0, interleaved: 4, 'sleep-uniform': 7, 'sleep-reverse': 7 });
    for (const c of Object.values(result.conditions)) {
      expect(c.time[c.time.length - 1]).toBeCloseTo(((24 + c.replayed) * 20) / 1000, 12);
      expect(c.time.every((t, i) => i === 0 || t > c.time[i - 1])).toBe(true);
      expect([c.taskAAfterB, c.taskBAfterB]).toEqual([c.taskA[c.taskA.length - 1], c.taskB[c.taskB.length - 1]]);
      expect([...c.taskA, ...c.taskB].every(Number.isFinite)).toBe(true);
    }
    expect(progress.length).toBe(presentationsPerSeed(settings));
    expect(progress[progress.length - 1]).toBe(presentationsPerSeed(settings));
    expect(result.meanPredictor.taskA).toBeGreaterThan(0);
  });

  it('is reproducible per seed', () => {
    expect({ ...runReplaySeed({ settings, seed: 3 }, () => {}), wallSeconds: 0 }).toEqual({ ...result, wallSeconds: 0 });
  });
});
