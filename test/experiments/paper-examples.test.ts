import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import association from '../../src/experiments/association.ts';
import regression from '../../src/experiments/regression.ts';
import selfPrediction, { QUIET_MEAN_SQUARE_RATE, quietInterneurons } from '../../src/experiments/self-prediction.ts';

const dir = mkdtempSync(join(tmpdir(), 'examples-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** One quick run of the self-prediction `fast` variant (seed 1), shared by the tests that read it. */
let fastRun: Promise<{ headline: Record<string, unknown>; result: any; seed: any }> | undefined;
function quickFast() {
  fastRun ??= (async () => {
    const outDir = join(dir, 'sp-quick-fast');
    const headline = await selfPrediction.run({ outDir, seeds: [1], quick: true, variant: 'fast' });
    const result = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    return { headline, result, seed: result.seeds[0] };
  })();
  return fastRun;
}

/** The paper's experiments in their --quick form: same code path, seconds each. */
describe('paper experiments (quick)', () => {
  it('self-prediction: both weight ratios fall and the apical potential shrinks toward its floor', async () => {
    const outDir = join(dir, 'sp');
    const h = await selfPrediction.run({ outDir, seeds: [1], quick: true });
    const r = JSON.parse(readFileSync(join(outDir, 'result.json'), 'utf8'));
    const s = r.seeds[0];
    // 200 patterns at the paper's rates (the default variant) move the lateral weights only a little, but surely.
    expect(h.variant).toBe('paper');
    expect(h.rates).toBe('paper (Fig. S1)');
    expect(s.piRatio[s.piRatio.length - 1]).toBeLessThan(s.piRatio[0]);
    expect(s.ipRatio[s.ipRatio.length - 1]).toBeLessThan(s.ipRatio[0]);
    expect(h.apicalNoiseFloor as number).toBeLessThan(h.apicalRms as number);
    expect(readFileSync(join(outDir, 'self-prediction-paper-seed-1.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('self-prediction --variant fast: the rate schedule keeps its phases at the same fractions of the quick run', async () => {
    const { headline: h, result: r, seed: s } = await quickFast();
    expect(r.settings.rateMultipliers.map((m: { from: number }) => m.from)).toEqual([1, 9, 65, 97, 153]);
    expect(h.rates).toMatch(/^paper's Fig\. S1 rates × \(η_IP, η_PI\): 8, 2 for patterns 1–8; 32, 2 for 9–64; /);
    expect(s.piRatio[s.piRatio.length - 1]).toBeLessThan(s.piRatio[0]);
    expect(s.ipRatio[s.ipRatio.length - 1]).toBeLessThan(s.ipRatio[0]);
    const outDir = join(dir, 'sp-bad');
    await expect(selfPrediction.run({ outDir, seeds: [1], quick: true, variant: 'slow' })).rejects.toThrow(/expected one of paper, fast, reference-noise/);
    await expect(selfPrediction.run({ outDir, seeds: [1], quick: true, variant: 'constructor' })).rejects.toThrow(/expected one of paper, fast, reference-noise/);
  });

  it('self-prediction: the run from the self-predicting state starts there and drifts off, and the mismatch is split by unit', async () => {
    const { headline: h, seed: s } = await quickFast();
    // From random weights the ratios start near 1; from the self-predicting state near 0, then the
    // noise moves W^IP and W^PI off it (20 patterns per trace point, η_IP ×8 then ×32, η_PI ×2).
    expect(s.fromSelfPredicting.patterns).toEqual(s.patterns);
    expect(s.fromSelfPredicting.ipRatio[0]).toBeLessThan(0.05);
    expect(s.fromSelfPredicting.piRatio[0]).toBeLessThan(0.05);
    expect(s.fromSelfPredicting.ipRatio.at(-1)).toBeGreaterThan(s.fromSelfPredicting.ipRatio[0]);
    expect(s.piMismatchByInterneuron.reduce((a: number, b: number) => a + b)).toBeCloseTo(s.piRatio.at(-1) ** 2, 12);
    expect(s.ipMismatchByHiddenCell.reduce((a: number, b: number) => a + b)).toBeCloseTo(s.ipRatio.at(-1) ** 2, 12);
    for (const r of [...s.interneuronMeanSquareRate, ...s.hiddenMeanSquareRate]) expect(r).toBeGreaterThan(0);
    expect(s.interneuronMeanSquareRate).toHaveLength(10);
    expect(s.hiddenMeanSquareRate).toHaveLength(20);
    // Seed 1 has no interneuron below the threshold; a share over no units is 0.
    const q = (h.quietInterneurons as { units: number[]; shareOfPiMismatch: number }[])[0];
    expect(q.units.every((j) => s.interneuronMeanSquareRate[j] < QUIET_MEAN_SQUARE_RATE)).toBe(true);
    expect(s.interneuronMeanSquareRate.filter((r: number) => r < QUIET_MEAN_SQUARE_RATE)).toHaveLength(q.units.length);
  });

  it('quietInterneurons: the units below the threshold and their share of the squared PI mismatch', () => {
    const seed = { interneuronMeanSquareRate: [0.5, 0.002, 3, 0.009], piMismatchByInterneuron: [0.1, 0.2, 0.3, 0.4] };
    const q = quietInterneurons(seed as unknown as Parameters<typeof quietInterneurons>[0]);
    expect(q.units).toEqual([1, 3]);
    expect(q.meanSquareRates).toEqual([0.002, 0.009]);
    expect(q.shareOfPiMismatch).toBeCloseTo(0.6, 15);
  });

  it('self-prediction --variant reference-noise: σ·dt noise gives an apical floor √10 below σ·√dt at dt 0.1', async () => {
    const fast = (await quickFast()).headline;
    const ref = await selfPrediction.run({ outDir: join(dir, 'sp-ref'), seeds: [1], quick: true, variant: 'reference-noise' });
    // In the self-predicting state the apical potential is driven by the noise alone, nearly linearly (σ 0.1 is small).
    expect((fast.apicalNoiseFloor as number) / (ref.apicalNoiseFloor as number)).toBeCloseTo(Math.sqrt(10), 1);
    expect(ref.noise).toMatch(/σ·dt per step/);
    expect(fast.noise).toMatch(/σ·√dt per step/);
  });

  it('association: the prediction moves to the target and the apical error shrinks', async () => {
    const outDir = join(dir, 'assoc');
    const h = (await association.run({ outDir, seeds: [1], quick: true })) as Record<string, number>;
    expect(h.predictionErrorAfter).toBeLessThan(0.5 * h.predictionErrorBefore);
    expect(h.apicalRmsWithTargetAfter).toBeLessThan(0.5 * h.apicalRmsWithTargetBefore);
    expect(readFileSync(join(outDir, 'association.svg'), 'utf8')).toMatch(/^<svg/);
  });

  it('regression: four learners scored on the same validation set, curves and figures written', async () => {
    const outDir = join(dir, 'reg');
    const h = (await regression.run({ outDir, seeds: [1, 2], quick: true })) as Record<string, any>;
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
    await regression.run({ outDir: whole, seeds: [3], quick: true });
    const parts = join(dir, 'reg-parts');
    await regression.run({ outDir: parts, seeds: [3], quick: true, checkpoint: { every: 20, resume: false } });
    // The checkpoint holds the state after 40 of 60 patterns; resuming replays the last 20.
    await regression.run({ outDir: parts, seeds: [3], quick: true, checkpoint: { every: 20, resume: true } });
    const a = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8')).seeds[0];
    const b = JSON.parse(readFileSync(join(parts, 'result.json'), 'utf8')).seeds[0];
    expect(b.patterns).toEqual(a.patterns);
    expect(b.mse).toEqual(a.mse);
    expect(b.angle).toEqual(a.angle);
  });

  it('self-prediction: a run resumed from its checkpoint traces the same curves', async () => {
    const whole = join(dir, 'sp-whole');
    // The fast variant: its rate schedule changes the rates at pattern 153, after the last checkpoint (100).
    await selfPrediction.run({ outDir: whole, seeds: [2], quick: true, variant: 'fast' });
    const parts = join(dir, 'sp-parts');
    await selfPrediction.run({ outDir: parts, seeds: [2], quick: true, variant: 'fast', checkpoint: { every: 100, resume: false } });
    await selfPrediction.run({ outDir: parts, seeds: [2], quick: true, variant: 'fast', checkpoint: { every: 100, resume: true } });
    const a = JSON.parse(readFileSync(join(whole, 'result.json'), 'utf8')).seeds[0];
    const b = JSON.parse(readFileSync(join(parts, 'result.json'), 'utf8')).seeds[0];
    expect(b).toEqual(a);
  });
});
