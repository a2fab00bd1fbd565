import { describe, expect, it } from 'vitest';
import { measureConfiguration } from '../../src/experiments/dsa-curriculum-measure.ts';
import { measureAll } from '../../src/experiments/dsa-curriculum.ts';
import { dsaCurriculumSettings } from '../../src/experiments/dsa-curriculum-settings.ts';
import type { JobResult, TrainedGroup } from '../../src/experiments/dsa-curriculum-task.ts';
import { Random } from '../../src/random/random.ts';

const settings = dsaCurriculumSettings(true);
const [TIME, UNITS] = [200, 8];

/** Hidden-state-like recordings: per trial, units driven by slow random sinusoids. */
function states(seed: number, TRIALS = 4): TrainedGroup['states'] {
  const rng = new Random(seed, 'measure-test');
  const freq = Array.from({ length: UNITS }, () => 0.02 + 0.1 * rng.uniform());
  const data = new Float64Array(TRIALS * TIME * UNITS);
  for (let k = 0; k < TRIALS; k++) {
    const phase = Array.from({ length: UNITS }, () => 6 * rng.uniform());
    for (let t = 0; t < TIME; t++) for (let u = 0; u < UNITS; u++) data[(k * TIME + t) * UNITS + u] = Math.sin(freq[u] * t + phase[u]) + 0.05 * rng.normal();
  }
  return { data, shape: [TRIALS, TIME, UNITS] };
}

const job = (seed: number, name: JobResult['job'], groups: [string, TrainedGroup['states']][], master?: JobResult['master']): JobResult => ({
  configuration: `seed${seed}`,
  seed,
  job: name,
  groups: groups.map(([group, s]) => ({ group, phases: [], states: s })),
  ...(master === undefined ? {} : { master }),
  seconds: 2,
});

describe('measureConfiguration', () => {
  const masterStates = states(1);
  const master = job(7, 'master', [['master', masterStates]], { reached: true, accuracy: 0.95, testAccuracy: { all: 0.8, coherent: 0.9 } });

  it('gives 0 in all three metrics to a group whose states are Master’s, a positive distance to other states, and keeps only its seed', () => {
    const copy = { data: Float64Array.from(masterStates.data), shape: masterStates.shape };
    const jobs = [job(7, 'untrained', [['untrained', states(2)]]), master, job(7, 'full', [['full', copy], ['full-unfrozen', states(3)]]), job(8, 'untrained', [['untrained', states(4)]])];
    const r = measureConfiguration(settings, 7, jobs);
    expect(r.groups.map((g) => g.group)).toEqual(['master', 'untrained', 'full', 'full-unfrozen']);
    expect(r.groups[0].d).toBeNull();
    const full = r.groups[2].d!;
    expect(full.cka).toBeLessThan(1e-6);
    expect(full.procrustes).toBeLessThan(1e-6);
    expect(full.dsa).toBeLessThan(1e-6);
    const other = r.groups[1].d!;
    for (const m of ['dsa', 'cka', 'procrustes'] as const) expect(other[m], m).toBeGreaterThan(0.01);
    expect(r.masterAccuracy).toBe(0.95);
    expect(r.masterTestAccuracy).toEqual({ all: 0.8, coherent: 0.9 });
    expect(r.seconds).toBe(6);
  });

  it('refuses a configuration without its master job', () => {
    expect(() => measureConfiguration(settings, 8, [master, job(8, 'untrained', [['untrained', states(4)]])])).toThrow(/configuration seed8 has no master job/);
  });

  it('measured the authors’ way (raw states, DSA across trials) gives 0 to a copy of Master, a positive distance to other states, and no PCA', () => {
    const authors = dsaCurriculumSettings(true, 'masked+authors');
    const m = states(1, 200);
    const copy = { data: Float64Array.from(m.data), shape: m.shape };
    const r = measureConfiguration(authors, 7, [job(7, 'master', [['master', m]], { reached: true, accuracy: 0.95, testAccuracy: { all: 0.8, coherent: 0.9 } }), job(7, 'full', [['full', copy], ['full-unfrozen', states(3, 200)]])]);
    expect(r.groups[1].explainedVariance).toBeNull();
    for (const metric of ['dsa', 'cka', 'procrustes'] as const) {
      expect(r.groups[1].d![metric], metric).toBeLessThan(1e-6);
      expect(r.groups[2].d![metric], metric).toBeGreaterThan(0.01);
    }
  });

  it('measures on worker threads, one task per group, exactly what it measures in this thread (both measurements)', async () => {
    for (const variant of ['masked', 'masked+authors']) {
      const s = dsaCurriculumSettings(true, variant);
      const trials = s.measureTrials;
      const jobs = [
        job(7, 'master', [['master', states(1, trials)]], { reached: true, accuracy: 0.95, testAccuracy: { all: 0.8, coherent: 0.9 } }),
        job(7, 'full', [['full', states(2, trials)], ['full-unfrozen', states(3, trials)]]),
        job(7, 'untrained', [['untrained', states(4, trials)]]),
      ];
      const [inThread] = await measureAll([s], [7], jobs, false);
      const [onWorkers] = await measureAll([s], [7], jobs, true);
      expect(onWorkers, variant).toEqual(inThread);
      expect(inThread.groups.map((g) => g.group)).toEqual(['master', 'full', 'full-unfrozen', 'untrained']);
    }
  }, 60_000);
});
