import { describe, expect, it } from 'vitest';
import { compareRecordings } from '../../src/experiments/compare-recordings.ts';
import { Random } from '../../src/random/random.ts';

/** trials × time × 3 of a noisy damped rotation, from random starts. */
function recording(seed: number, time: number, angle = 0.3): Float64Array {
  const rng = new Random(seed, 'compare-recordings');
  const out = new Float64Array(4 * time * 3);
  for (let k = 0; k < 4; k++) {
    let x = [rng.normal(), rng.normal(), rng.normal()];
    for (let t = 0; t < time; t++) {
      out.set(x, (k * time + t) * 3);
      x = [0.95 * (Math.cos(angle) * x[0] - Math.sin(angle) * x[1]) + 0.02 * rng.normal(), 0.95 * (Math.sin(angle) * x[0] + Math.cos(angle) * x[1]) + 0.02 * rng.normal(), 0.8 * x[2] + 0.02 * rng.normal()];
    }
  }
  return out;
}

describe('compareRecordings', () => {
  const a = { data: recording(1, 50), shape: [4, 50, 3] };

  it('with pcaComponents projects both on common components: a copy stays at 0 in CKA and Procrustes', () => {
    const self = compareRecordings(a, { data: Float64Array.from(a.data), shape: a.shape }, { metrics: ['cka', 'procrustes'], dsa: {}, pcaComponents: 2 });
    expect(self.explainedVariance).toBeGreaterThan(0.5);
    expect(self.explainedVariance).toBeLessThanOrEqual(1);
    expect(self.linearCka).toBeCloseTo(1, 12);
    expect(self.cka).toBeLessThan(1e-6);
    expect(self.procrustes).toBeLessThan(1e-6);
    expect(self.dsa).toBeUndefined();
  });

  it('compares recordings of different lengths with DSA alone, and refuses CKA on them', () => {
    const short = { data: recording(3, 30), shape: [4, 30, 3] };
    const r = compareRecordings(a, short, { metrics: ['dsa'], dsa: { rank: 3 } });
    expect(r.shapes.b).toEqual([4, 30, 3]);
    expect(r.dsa).toBeGreaterThanOrEqual(0);
    expect(r.dsaRank).toEqual({ a: 3, b: 3 });
    // the same system (another seed) is closer in DSA than a faster rotation
    const same = compareRecordings(a, short, { metrics: ['dsa'], dsa: { rank: 3 } }).dsa!;
    const faster = compareRecordings(a, { data: recording(3, 30, 1.2), shape: [4, 30, 3] }, { metrics: ['dsa'], dsa: { rank: 3 } }).dsa!;
    expect(same).toBeLessThan(faster);
    expect(() => compareRecordings(a, short, { metrics: ['cka'], dsa: {} })).toThrow(/--metrics dsa/);
    expect(() => compareRecordings(a, a, { metrics: ['rsa' as 'dsa'], dsa: {} })).toThrow(/unknown metric/);
  });
});
