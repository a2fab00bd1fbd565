import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SMALL_EXPERIMENT, simulateIn } from '../helpers/simulate-files.ts';

/**
 * Issue #14's reproductions that `simulate` must refuse before any work (groups 1–3):
 * exit 2 (3 for a solver that cannot advance), one stderr line without a stack trace, no result
 * file, within a time bound.
 */
const dir = mkdtempSync(join(tmpdir(), 'simulate-refusals-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const small = SMALL_EXPERIMENT;
const { simulate, refused } = simulateIn(dir);

describe('simulate refuses what cannot run well, before any work', () => {
  it('1. an Euler or RK4 step beyond the stability bound of the fastest decay, naming the bound', async () => {
    // the paper's conductances: a_max = g_lk + g_B + g_A = 0.1 + 1 + 0.8 = 1.9/ms, Euler bound 2/1.9 = 1.053 ms
    await refused({ ...small, integrator: { method: 'euler', dt: 3 } }, 2, /^error: integrator\.dt: 3 ms is beyond forward Euler's stability bound 2\/a_max = 1\.053 ms .*a_max = 1\.9\/ms/);
    await refused({ ...small, integrator: { method: 'rk4', dt: 1.6 } }, 2, /^error: integrator\.dt: 1\.6 ms is beyond RK4's stability bound 2\.785\/a_max = 1\.466 ms/);
    // dt ≥ tPattern: the step taken is the pattern (20 ms), which is what is checked and named
    await refused({ ...small, protocol: { ...small.protocol, outputLag: 0 }, integrator: { method: 'euler', dt: 25 } }, 2, /^error: integrator\.dt: 20 ms \(the step actually taken, cut from 25 ms/);
  });

  it('1. the result reports the step actually used when events cut it', async () => {
    // expEuler is exact for the decay: dt 25 > tPattern 20 runs, and the result says steps were 15 ms (the lag at 5 ms splits 20 into 5 + 15)
    const r = await simulate({ ...small, integrator: { method: 'expEuler', dt: 25 } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).largestStepMs).toBe(15);
  });

  it('2. runs that cannot finish: refused with the estimate', async () => {
    await refused({ ...small, integrator: { method: 'euler', dt: 1e-300 } }, 2, /^error: integrator\.dt: this run would take about 4\.00e\+301 steps .* above the limit of 100,000,000; .*--max-steps$/);
    await refused({ ...small, integrator: { method: 'euler', dt: 5e-324 } }, 2, /unboundedly many steps/);
    await refused({ ...small, protocol: { ...small.protocol, tPattern: 1e308 } }, 2, /^error: integrator\.dt: this run would take about unboundedly many steps/);
    // the same run passes with the limit raised past its estimate of 2 × (200 + 3) steps … and fails below it
    await refused({ ...small }, 2, /about 406 steps/, '--max-steps', '400');
    await refused({ ...small, integrator: { method: 'odex', rtol: 1e-300 } }, 2, /^error: integrator\.rtol: 1e-300 is below what float64 arithmetic can meet/);
    await refused({ ...small, integrator: { method: 'odex', maxDt: 1e-5 } }, 2, /^error: integrator\.maxDt: 0\.00001 ms makes odex take 1,500,000 steps between two events, above its limit of 20,000/);
  });

  it('2. odex that cannot advance (learning rates of 1e30) stops with exit 3, not an internal error', async () => {
    const exploding = { ...small, integrator: { method: 'odex' }, plasticity: { eta: { up: [1e30, 1e30], ip: [1e30], pi: [1e30] } } };
    await refused(exploding, 3, /^error: the solver could not advance at t = \S+ ms in \[0, 5\] ms: odex/);
  });

  it('3. a circuit too large for the memory limit, named before allocating', async () => {
    await refused({ ...small, dims: [3, 1e9, 2] }, 2, /^error: dims: the circuit 3-1000000000-2 \(1\.10e\+10 weights\) and its result need about 1\.06 TB, above the limit of/);
    await refused({ ...small, dims: [1e6, 1e6, 10] }, 2, /^error: dims: the circuit 1000000-1000000-10 .*--max-memory$/);
    await refused({ ...small }, 2, /need about \d+(\.\d+)? kB, above the limit of 1 kB/, '--max-memory', '0.001');
  });

});
