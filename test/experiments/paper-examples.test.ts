import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import association from '../../examples/association.ts';
import regression from '../../examples/regression.ts';
import selfPrediction from '../../examples/self-prediction.ts';

const dir = mkdtempSync(join(tmpdir(), 'examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The paper's experiments in their --quick form: same code path, seconds each. */
describe('paper experiments (quick)', () => {
  it('self-prediction: both weight ratios fall and the apical potential shrinks toward its floor', async () => {
    const outDir = join(dir, 'sp');
    const h = await selfPrediction.run({ outDir, seeds: [1], quick: true, quiet: true });
    const r = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    const s = r.seeds[0];
    // 200 patterns at the paper's rates (the default variant) move the lateral weights only a little, but surely.
    expect(h.variant).toBe('paper');
    expect(h.rates).toBe('paper (Fig. S1)');
    expect(s.piRatio[s.piRatio.length - 1]).toBeLessThan(s.piRatio[0]);
    expect(s.ipRatio[s.ipRatio.length - 1]).toBeLessThan(s.ipRatio[0]);
    expect(h.apicalNoiseFloor as number).toBeLessThan(h.apicalRms as number);
    expect(readFileSync(join(outDir, 'self-prediction.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('self-prediction --variant fast: the rate schedule keeps its phases at the same fractions of the quick run', async () => {
    const outDir = join(dir, 'sp-fast');
    const h = await selfPrediction.run({ outDir, seeds: [1], quick: true, quiet: true, variant: 'fast' });
    const r = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    const s = r.seeds[0];
    expect(r.settings.rateMultipliers.map((m: { from: number }) => m.from)).toEqual([1, 65, 97, 153]);
    expect(h.rates).toMatch(/^paper's Fig\. S1 rates × \(η_IP, η_PI\): 32, 2 for patterns 1–64; /);
    expect(s.piRatio[s.piRatio.length - 1]).toBeLessThan(s.piRatio[0]);
    expect(s.ipRatio[s.ipRatio.length - 1]).toBeLessThan(s.ipRatio[0]);
    await expect(selfPrediction.run({ outDir, seeds: [1], quick: true, quiet: true, variant: 'slow' })).rejects.toThrow(/expected one of paper, fast/);
    await expect(selfPrediction.run({ outDir, seeds: [1], quick: true, quiet: true, variant: 'constructor' })).rejects.toThrow(/expected one of paper, fast/);
  });

  it('self-prediction: the run from the self-predicting state starts there, and the mismatch is split by interneuron', async () => {
    const outDir = join(dir, 'sp-split');
    const h = await selfPrediction.run({ outDir, seeds: [1], quick: true, quiet: true, variant: 'fast' });
    const s = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8')).seeds[0];
    // 20 patterns at η_IP ×32 move W^IP from c·W^up by a few per cent at most; from random weights the ratios are ≈ 1.
    expect(s.fromSelfPredicting.patterns).toEqual(s.patterns);
    expect(s.fromSelfPredicting.ipRatio[0]).toBeLessThan(0.05);
    expect(s.fromSelfPredicting.piRatio[0]).toBeLessThan(0.05);
    expect(s.piMismatchByInterneuron.reduce((a: number, b: number) => a + b)).toBeCloseTo(s.piRatio[s.piRatio.length - 1] ** 2, 12);
    expect(s.ipMismatchByHiddenCell).toHaveLength(20);
    expect(s.interneuronMeanSquareRate).toHaveLength(10);
    const q = (h.quietestInterneuron as { unit: number; meanSquareRate: number; shareOfPiMismatch: number }[])[0];
    expect(q.meanSquareRate).toBe(Math.min(...s.interneuronMeanSquareRate));
    expect(q.shareOfPiMismatch).toBeCloseTo(s.piMismatchByInterneuron[q.unit] / s.piRatio[s.piRatio.length - 1] ** 2, 12);
  });

  it('self-prediction --variant reference-noise: σ·dt noise gives an apical floor √10 below σ·√dt at dt 0.1', async () => {
    const fast = await selfPrediction.run({ outDir: join(dir, 'sp-n1'), seeds: [1], quick: true, quiet: true, variant: 'fast' });
    const ref = await selfPrediction.run({ outDir: join(dir, 'sp-n2'), seeds: [1], quick: true, quiet: true, variant: 'reference-noise' });
    // In the self-predicting state the apical potential is driven by the noise alone, nearly linearly (σ 0.1 is small).
    expect((fast.apicalNoiseFloor as number) / (ref.apicalNoiseFloor as number)).toBeCloseTo(Math.sqrt(10), 1);
    expect(ref.noise).toMatch(/σ·dt per step/);
  });

  it('association: the prediction moves to the target and the apical error shrinks', async () => {
    const outDir = join(dir, 'assoc');
    const h = (await association.run({ outDir, seeds: [1], quick: true, quiet: true })) as Record<string, number>;
    expect(h.predictionErrorAfter).toBeLessThan(0.5 * h.predictionErrorBefore);
    expect(h.apicalRmsWithTargetAfter).toBeLessThan(0.5 * h.apicalRmsWithTargetBefore);
    expect(readFileSync(join(outDir, 'association.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('regression: four learners scored on the same validation set, curves and figures written', async () => {
    const outDir = join(dir, 'reg');
    const h = (await regression.run({ outDir, seeds: [1, 2], quick: true, quiet: true })) as Record<string, any>;
    const r = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    expect(r.seeds).toHaveLength(2);
    for (const learner of ['microcircuit', 'backprop', 'feedback alignment', 'shallow']) {
      expect(r.seeds[0].mse[learner]).toHaveLength(r.seeds[0].patterns.length);
      expect(Number.isFinite(h.finalMse[learner])).toBe(true);
    }
    expect(r.seeds[0].patterns[0]).toBe(0);
    // All learners start from the same W^up: the three baselines score the same before training.
    expect(r.seeds[0].mse.backprop[0]).toBe(r.seeds[0].mse.shallow[0]);
    expect(readFileSync(join(outDir, 'regression-mse.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('regression: a run resumed from its seed checkpoints gives the same curves as one never stopped', async () => {
    const whole = join(dir, 'reg-whole');
    await regression.run({ outDir: whole, seeds: [3], quick: true, quiet: true });
    const parts = join(dir, 'reg-parts');
    await regression.run({ outDir: parts, seeds: [3], quick: true, quiet: true, checkpoint: { every: 20, resume: false } });
    // The checkpoint holds the state after 40 of 60 patterns; resuming replays the last 20.
    await regression.run({ outDir: parts, seeds: [3], quick: true, quiet: true, checkpoint: { every: 20, resume: true } });
    const a = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8')).seeds[0];
    const b = JSON.parse(readFileSync(join(parts, 'result.json'), 'utf8')).seeds[0];
    expect(b.patterns).toEqual(a.patterns);
    expect(b.mse).toEqual(a.mse);
    expect(b.angle).toEqual(a.angle);
  });

  it('self-prediction: a run resumed from its checkpoint traces the same curves', async () => {
    const whole = join(dir, 'sp-whole');
    // The fast variant: its rate schedule changes the rates at pattern 153, after the last checkpoint (100).
    await selfPrediction.run({ outDir: whole, seeds: [2], quick: true, quiet: true, variant: 'fast' });
    const parts = join(dir, 'sp-parts');
    await selfPrediction.run({ outDir: parts, seeds: [2], quick: true, quiet: true, variant: 'fast', checkpoint: { every: 100, resume: false } });
    await selfPrediction.run({ outDir: parts, seeds: [2], quick: true, quiet: true, variant: 'fast', checkpoint: { every: 100, resume: true } });
    const a = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8')).seeds[0];
    const b = JSON.parse(readFileSync(join(parts, 'result.json'), 'utf8')).seeds[0];
    expect(b).toEqual(a);
  });
});
