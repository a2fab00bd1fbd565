import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import example from '../../src/experiments/dsa-curriculum.ts';
import { GROUP_ORDER } from '../../src/experiments/dsa-curriculum-settings.ts';
import { METRICS } from '../../src/experiments/dsa-lorenz-metrics.ts';

const outDir = mkdtempSync(join(tmpdir(), 'dsa-curriculum-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('dsa-curriculum experiment (quick)', () => {
  it('writes result.json, the table, per-configuration files and box plots, with every group and finite dissimilarities', async () => {
    const headline = await example.run({ outDir, seeds: [1, 2], quick: true });
    expect(headline.variant).toBe('masked');
    for (const [key, value] of Object.entries(headline)) if (key !== 'variant') expect(Number.isFinite(value), key).toBe(true);
    for (const m of METRICS) expect(existsSync(join(outDir, `dsa-curriculum-${m}.svg`)), m).toBe(true);
    for (const seed of [1, 2]) expect(existsSync(join(outDir, `configuration-seed${seed}.json`))).toBe(true);
    const table = readFileSync(join(outDir, 'table.md'), 'utf8');
    expect(table).toContain('| Full & Unfrozen | 2 |');
    expect(table).toMatch(/\| seed2 \| [\d.]+ \| [\d.]+ \/ [\d.]+ \/ [\d.]+ \|/);
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(result.settings.dsa).toMatchObject({ nDelays: 33, delayInterval: 6, rank: 6 });
    for (const r of result.results) {
      expect(r.groups.map((g: { group: string }) => g.group)).toEqual(['master', 'full', 'full-unfrozen', 'untrained', 'partial-B', 'master-frozen']);
      const byName = Object.fromEntries(r.groups.map((g: { group: string }) => [g.group, g]));
      // Full and Full & Unfrozen share one pretraining on A, B, C; Untrained has no phase.
      expect(byName.full.phases[0]).toEqual(byName['full-unfrozen'].phases[0]);
      expect(byName.full.phases[0].tasks).toEqual(['pro', 'anti', 'delay']);
      expect(byName.untrained.phases).toEqual([]);
      expect(byName['full-unfrozen'].phases[1].trainable).toBe('all');
      expect(byName.full.phases[1].trainable).toBe('input-weights');
    }
    for (const m of METRICS) {
      for (const g of GROUP_ORDER) {
        const values: number[] = result.summary.values[m][g];
        expect(values.length, `${m} ${g}`).toBe(2);
        const top = m === 'dsa' ? Math.PI : 1;
        for (const v of values) expect(v >= 0 && v <= top, `${m} ${g} ${v}`).toBe(true);
      }
      expect(result.summary.tests[m].length).toBe(10);
    }
    expect(headline.dsaMedianUntrained).toBe(result.summary.medians.dsa.untrained);
  }, 60_000);

  it('runs a grid: each configuration (relu, softplus) trained and measured under its own name, pooled in the summary', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dsa-curriculum-grid-'));
    try {
      await example.run({ outDir: dir, seeds: [1], quick: true, variant: 'grid' });
      const result = JSON.parse(readFileSync(join(dir, 'result.json'), 'utf8'));
      expect(result.configurations.map((c: { label: string; activation: string }) => [c.label, c.activation])).toEqual([
        ['rnn-relu-8', 'relu'],
        ['rnn-softplus-8', 'softplus'],
      ]);
      expect(result.results.map((r: { configuration: string }) => r.configuration)).toEqual(['rnn-relu-8-seed1', 'rnn-softplus-8-seed1']);
      for (const name of ['configuration-rnn-softplus-8-seed1.json', 'network-rnn-softplus-8-seed1-full.npy', 'states-rnn-relu-8-seed1-untrained.npy']) expect(existsSync(join(dir, name)), name).toBe(true);
      expect(result.summary.values.dsa.untrained.length).toBe(2);
      // the two activations train different networks from the same initial weights
      expect(result.results[0].groups[1].d.dsa).not.toBe(result.results[1].groups[1].d.dsa);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('refuses an unknown variant', async () => {
    await expect(example.run({ outDir, seeds: [1], quick: true, variant: 'huge' })).rejects.toThrow(/--variant/);
  });
});
