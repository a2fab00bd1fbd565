import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { experimentSchema } from '../../src/experiment-file/experiment-schema.ts';
import { loadSweep, parseSweep } from '../../src/sweeps/expand-sweep.ts';
import { pointHash } from '../../src/sweeps/point-hash.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';
import { messageThrownBy } from '../helpers/thrown.ts';

const dir = mkdtempSync(join(tmpdir(), 'sweep-expand-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const params = (json: unknown) => parseSweep(json, dir).points.map((p) => p.params);

const errorOf = (json: unknown): string => messageThrownBy(() => parseSweep(json, dir));

describe('sweep expansion', () => {
  const base = tinyExperiment();

  it('product: every combination, the first axis slowest', () => {
    expect(params({ base, axes: { '/neuron/noise': [0, 0.1], '/seed': [1, 2, 3] } })).toEqual([
      { '/neuron/noise': 0, '/seed': 1 },
      { '/neuron/noise': 0, '/seed': 2 },
      { '/neuron/noise': 0, '/seed': 3 },
      { '/neuron/noise': 0.1, '/seed': 1 },
      { '/neuron/noise': 0.1, '/seed': 2 },
      { '/neuron/noise': 0.1, '/seed': 3 },
    ]);
  });

  it('zip: the i-th values together; unequal lengths name the axis', () => {
    expect(params({ base, combine: 'zip', axes: { '/neuron/noise': [0, 0.1], '/seed': [5, 6] } })).toEqual([
      { '/neuron/noise': 0, '/seed': 5 },
      { '/neuron/noise': 0.1, '/seed': 6 },
    ]);
    expect(errorOf({ base, combine: 'zip', axes: { '/neuron/noise': [0, 0.1], '/seed': [5, 6, 7] } })).toBe('axes./seed: zip needs axes of equal length: /neuron/noise has 2 values, this one 3');
  });

  it('log: n values equally spaced in log10, end points exact', () => {
    const xs = params({ base, axes: { '/plasticity/eta/up/0': { log: [1e-4, 1e-2, 5] } } }).map((p) => p['/plasticity/eta/up/0'] as number);
    const expected = [1e-4, 10 ** -3.5, 1e-3, 10 ** -2.5, 1e-2];
    expect(xs[0]).toBe(1e-4);
    expect(xs[4]).toBe(1e-2);
    xs.forEach((x, i) => expect(Math.abs(x - expected[i]) / expected[i]).toBeLessThan(1e-15));
  });

  it('range: inclusive, step 1 by default or as given (counted, no drift)', () => {
    expect(params({ base, axes: { '/seed': { range: [1, 4] } } }).map((p) => p['/seed'])).toEqual([1, 2, 3, 4]);
    expect(params({ base, axes: { '/neuron/noise': { range: [0, 0.3, 0.1] } } }).map((p) => p['/neuron/noise'])).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
    expect(errorOf({ base, axes: { '/seed': { range: [5, 1] } } })).toBe('axes./seed.range: expected the end (1) to be at least the start (5)');
  });

  it('random: reproducible from the seed, within the distributions, each axis its own stream', () => {
    const sweep = (seed: number, axes: Record<string, unknown>) => ({ base, random: { samples: 50, seed }, axes });
    const axes = { '/neuron/noise': { uniform: [0.05, 0.2] }, '/plasticity/eta/up/0': { logUniform: [1e-4, 1e-2] }, '/seed': { range: [1, 3] } };
    const a = params(sweep(42, axes));
    expect(params(sweep(42, axes))).toEqual(a);
    expect(params(sweep(43, axes))).not.toEqual(a);
    expect(a).toHaveLength(50);
    for (const p of a) {
      expect(p['/neuron/noise']).toBeGreaterThanOrEqual(0.05);
      expect(p['/neuron/noise']).toBeLessThan(0.2);
      expect(p['/plasticity/eta/up/0']).toBeGreaterThanOrEqual(1e-4);
      expect(p['/plasticity/eta/up/0']).toBeLessThan(1e-2);
      expect([1, 2, 3]).toContain(p['/seed']);
    }
    // Log-uniform: about half the draws below the geometric midpoint 1e-3 (50 draws, binomial sd 3.5).
    const below = a.filter((p) => (p['/plasticity/eta/up/0'] as number) < 1e-3).length;
    expect(below).toBeGreaterThan(10);
    expect(below).toBeLessThan(40);
    expect(new Set(a.map((p) => p['/seed'])).size).toBe(3);
    // Dropping an axis leaves the draws of the others as they were.
    const { '/seed': _, ...fewer } = axes;
    expect(params(sweep(42, fewer)).map((p) => p['/neuron/noise'])).toEqual(a.map((p) => p['/neuron/noise']));
  });

  it('each point is the base with its defaults filled in and the axes applied, hashed as resolved', () => {
    const sweep = parseSweep({ base, axes: { '/neuron/noise': [0.2], '/plasticity/eta/up/1': [0.3] } }, dir);
    const p = sweep.points[0];
    const resolved = experimentSchema.parse(p.experiment);
    expect(resolved.neuron.noise).toBe(0.2);
    expect(resolved.neuron.gl).toBe(0.1);
    expect(resolved.plasticity!.eta.up).toEqual([0.05, 0.3]);
    expect(p.hash).toBe(pointHash(resolved));
    // Writing a default out changes nothing: same resolved experiment, same hash.
    const explicit = { ...base, neuron: { ...base.neuron, gl: 0.1 } };
    expect(parseSweep({ base: explicit, axes: { '/neuron/noise': [0.2], '/plasticity/eta/up/1': [0.3] } }, dir).points[0].hash).toBe(p.hash);
    // Stable across expansions, distinct across points.
    const twice = parseSweep({ base, axes: { '/seed': [1, 2, 3] } }, dir).points.map((q) => q.hash);
    expect(parseSweep({ base, axes: { '/seed': [1, 2, 3] } }, dir).points.map((q) => q.hash)).toEqual(twice);
    expect(new Set(twice).size).toBe(3);
  });

  it('reads the base from a file relative to the sweep file', () => {
    writeFileSync(join(dir, 'exp.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'sweep.json'), JSON.stringify({ base: 'exp.json', axes: { '/seed': [1, 2] }, metrics: { m: '/outputs/0/0' } }));
    const sweep = loadSweep(join(dir, 'sweep.json'));
    expect(sweep.points).toHaveLength(2);
    expect(sweep.baseDir).toBe(dir);
    expect(sweep.metrics).toEqual({ m: '/outputs/0/0' });
  });

  it('errors name the field', () => {
    expect(errorOf({ base, axes: { '/neuron/nosie/x': [1] } })).toBe('axes./neuron/nosie/x: /neuron/nosie addresses nothing: no field "nosie" under /neuron');
    expect(errorOf({ base, axes: { 'neuron/noise': [1] } })).toBe('axes.neuron/noise: expected a JSON pointer starting with "/" (e.g. "/neuron/noise")');
    expect(errorOf({ base, axes: { '/neuron/noise': { uniform: [0, 1] } } })).toMatch(/^axes\.\/neuron\/noise\.uniform: a distribution needs random sampling/);
    expect(errorOf({ base, axes: { '/seed': [] } })).toBe('axes./seed: expected at least 1 entries, got an array of 0');
    expect(errorOf({ base, axes: { '/seed': [1] }, combin: 'zip' })).toMatch(/^combin: unknown field/);
    expect(errorOf({ base, axes: { '/seed': [1] }, metrics: { m: 'outputs' } })).toBe('metrics.m: expected a JSON pointer into the result starting with "/" (e.g. "/outputs/0/0"), got "outputs"');
    expect(errorOf({ base: { ...base, dims: [4] }, axes: { '/seed': [1] } })).toBe('base.dims: expected at least 3 entries, got an array of 1');
    expect(errorOf({ base: 'missing.json', axes: { '/seed': [1] } })).toBe(`${join(dir, 'missing.json')}: cannot read the base experiment file (ENOENT)`);
  });
});
