import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { simulateIn } from '../helpers/simulate-files.ts';
import { tinyExperiment } from '../helpers/tiny-experiment.ts';

/** `npm run simulate -- --precision float32|float64` and the file's `precision` (docs/experiment-format.md). */
const dir = mkdtempSync(join(tmpdir(), 'simulate-precision-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { simulate, refused } = simulateIn(dir);

describe('simulate --precision', () => {
  // The file's `precision` takes the same path (withPrecision, test/experiment-file/load-experiment.test.ts).
  it('float32 from the flag: float32 weights, outputs within 1e-5 of float64', async () => {
    const exp = tinyExperiment();
    const [f64, flag] = await Promise.all([simulate(exp), simulate(exp, '--precision', 'float32')]);
    for (const r of [f64, flag]) expect(r.status, r.stderr).toBe(0);
    const [a, b] = [f64, flag].map((r) => JSON.parse(readFileSync(r.out, 'utf8')));
    expect(b.experiment.precision).toBe('float32');
    expect('precision' in a.experiment).toBe(false);
    const w = b.weights.up[0].flat() as number[];
    expect(w.every((x) => Math.fround(x) === x)).toBe(true);
    let worst = 0;
    (b.outputs as number[][]).forEach((o, p) => o.forEach((x, i) => (worst = Math.max(worst, Math.abs(x - a.outputs[p][i])))));
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThan(1e-5);
  });

  it('refuses float32 with rk4 (exit 2, one line)', async () => {
    await refused({ ...tinyExperiment(), integrator: { method: 'rk4', dt: 0.1 } }, 2, /^error: precision: "float32" works with integrator\.method "euler" or "expEuler", not "rk4"/, '--precision', 'float32');
  });
});
