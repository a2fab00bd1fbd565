import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareRecordings } from '../../src/experiments/compare-recordings.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { Random } from '../../src/random/random.ts';

const dir = mkdtempSync(join(tmpdir(), 'compare-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function compare(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/compare.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TRIALS = 4;
const TIME = 60;
const UNITS = 3;

/** trials × time × 3 of a damped rotation x_{t+1} = M x_t plus small noise, from random starts. */
function linearSystem(seed: number, angle: number, trials = TRIALS, time = TIME): Float64Array {
  const rng = new Random(seed, 'compare-test');
  const [c, s, d] = [Math.cos(angle), Math.sin(angle), 0.97];
  const out = new Float64Array(trials * time * UNITS);
  for (let k = 0; k < trials; k++) {
    let x = [rng.normal(), rng.normal(), rng.normal()];
    for (let t = 0; t < time; t++) {
      out.set(x, (k * time + t) * UNITS);
      x = [d * (c * x[0] - s * x[1]) + 0.01 * rng.normal(), d * (s * x[0] + c * x[1]) + 0.01 * rng.normal(), 0.9 * x[2] + 0.01 * rng.normal()];
    }
  }
  return out;
}

/** Each sample row times Qᵀ (Q orthogonal: a rotation about the axis (1, 1, 1)/√3 by 1 rad), times 2.5. */
function rotateAndScale(x: Float64Array): Float64Array {
  const [c, s] = [Math.cos(1), Math.sin(1)];
  const u = [1, 1, 1].map((v) => v / Math.sqrt(3));
  // Rodrigues: Q = cI + s[u]× + (1 − c)uuᵀ
  const cross = [
    [0, -u[2], u[1]],
    [u[2], 0, -u[0]],
    [-u[1], u[0], 0],
  ];
  const q = [0, 1, 2].map((i) => [0, 1, 2].map((j) => (i === j ? c : 0) + s * cross[i][j] + (1 - c) * u[i] * u[j]));
  const out = new Float64Array(x.length);
  for (let r = 0; r < x.length; r += UNITS) for (let i = 0; i < UNITS; i++) out[r + i] = 2.5 * (q[i][0] * x[r] + q[i][1] * x[r + 1] + q[i][2] * x[r + 2]);
  return out;
}

/** Linear CKA from its definition on column-centred samples: ‖YᵀX‖²_F / (‖XᵀX‖_F ‖YᵀY‖_F). */
function ckaByHand(x: Float64Array, y: Float64Array): number {
  const n = x.length / UNITS;
  const centred = (a: Float64Array) => {
    const m = [0, 1, 2].map((i) => Array.from({ length: n }, (_, r) => a[r * UNITS + i]).reduce((p, v) => p + v, 0) / n);
    return Array.from({ length: n }, (_, r) => [0, 1, 2].map((i) => a[r * UNITS + i] - m[i]));
  };
  const [xc, yc] = [centred(x), centred(y)];
  const gram = (a: number[][], b: number[][]) => [0, 1, 2].map((i) => [0, 1, 2].map((j) => a.reduce((p, row, r) => p + row[i] * b[r][j], 0)));
  const fro2 = (m: number[][]) => m.flat().reduce((p, v) => p + v * v, 0);
  return fro2(gram(yc, xc)) / Math.sqrt(fro2(gram(xc, xc)) * fro2(gram(yc, yc)));
}

const a = linearSystem(1, 0.2);
const rotated = rotateAndScale(a);
const other = linearSystem(2, 0.6);
const shape = [TRIALS, TIME, UNITS];
writeNpy(join(dir, 'a.npy'), a, shape);
writeNpy(join(dir, 'rotated.npy'), rotated, shape);
writeNpy(join(dir, 'other.npy'), other, shape);
writeNpy(join(dir, 'short.npy'), linearSystem(3, 0.2, TRIALS, 40), [TRIALS, 40, UNITS]);

describe('npm run compare (two .npy recordings)', () => {
  it('finds a rotated, scaled copy identical in all three metrics (0 up to the optimiser), and prints its settings', () => {
    const r = compare(join(dir, 'a.npy'), join(dir, 'rotated.npy'), '--n-delays', '2', '--rank', '4');
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.shapes).toEqual({ a: shape, b: shape });
    expect(out.cka).toBeLessThan(1e-6);
    expect(out.procrustes).toBeLessThan(1e-6);
    expect(out.dsa).toBeLessThan(1e-3);
    expect(out.settings.dsa).toMatchObject({ nDelays: 2, rank: 4, optimizer: 'lbfgs', seed: 0 });
    expect(out.settings.metrics).toEqual(['dsa', 'cka', 'procrustes']);
  });

  it('gives another system the CKA of the definition, and the same numbers as compareRecordings in-process', () => {
    const r = compare(join(dir, 'a.npy'), join(dir, 'other.npy'));
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    const cka = ckaByHand(a, other);
    expect(out.linearCka).toBeCloseTo(cka, 10);
    expect(out.cka).toBeCloseTo(Math.acos(cka) / (Math.PI / 2), 10);
    expect(out.dsa).toBeGreaterThan(0.05);
    const here = compareRecordings({ data: a, shape }, { data: other, shape }, { metrics: ['dsa', 'cka', 'procrustes'], dsa: { nDelays: 1, delayInterval: 1, optimizer: 'lbfgs', restarts: 4, spectralStart: true, seed: 0 } });
    expect(out.dsa).toBeCloseTo(here.dsa!, 12);
    expect(out.procrustes).toBeCloseTo(here.procrustes!, 12);
  });

  it('refuses CKA on recordings of different lengths naming the fix, a missing file and an unknown metric: exit 2, one line', () => {
    const cases: [string[], RegExp][] = [
      [[join(dir, 'a.npy'), join(dir, 'short.npy')], /--metrics dsa/],
      [[join(dir, 'missing.npy'), join(dir, 'a.npy')], /missing\.npy/],
      [[join(dir, 'a.npy'), join(dir, 'a.npy'), '--metrics', 'rsa'], /--metrics/],
    ];
    for (const [args, message] of cases) {
      const r = compare(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  });

  const numpy = spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
  it.skipIf(!numpy)('reads float32 files written by numpy.save', () => {
    const py = `import numpy as np\nx = np.load(${JSON.stringify(join(dir, 'a.npy'))})\nnp.save(${JSON.stringify(join(dir, 'a32.npy'))}, x.astype(np.float32))`;
    expect(spawnSync('python3', ['-c', py]).status).toBe(0);
    const out = JSON.parse(compare(join(dir, 'a32.npy'), join(dir, 'a.npy'), '--metrics', 'cka').stdout);
    expect(out.cka).toBeLessThan(1e-3);
  });
});
