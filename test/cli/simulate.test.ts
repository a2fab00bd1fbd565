import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readNpy } from '../../src/io/npy.ts';

const dir = mkdtempSync(join(tmpdir(), 'simulate-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function simulate(experiment: unknown, ...extra: string[]) {
  const file = join(dir, `exp-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, typeof experiment === 'string' ? experiment : JSON.stringify(experiment));
  const out = join(dir, `${Math.random().toString(36).slice(2)}-result.json`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', file, '--out', out, ...extra], {
    encoding: 'utf8',
    env: { ...process.env, NO_PROGRESS: '1' },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, out };
}

const small = {
  dims: [3, 4, 2],
  weights: { init: { up: 1, down: 1, ip: 1, pi: 1 }, selfPredicting: true },
  protocol: { tPattern: 20, outputLag: 5, patterns: [{ input: [0.1, 0.5, 0.9], target: [0.2, -0.1] }, { input: [0.9, 0.5, 0.1] }] },
};

describe('npm run simulate', () => {
  it('writes the result file of docs/experiment-format.md and one JSON line on stdout', () => {
    const r = simulate(small, '--weights-npy', join(dir, 'w'));
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const result = JSON.parse(readFileSync(r.out, 'utf8'));
    expect(result.outputs).toHaveLength(2);
    expect(result.outputs[0]).toHaveLength(2);
    expect(result.weights.up[1]).toHaveLength(2);
    expect(result.weights.up[1][0]).toHaveLength(4);
    expect(result.stats.simulatedMs).toBe(40);
    expect(result.stats.steps).toBe(400);
    const line = JSON.parse(r.stdout.trim());
    expect(line.patterns).toBe(2);
    const up2 = readNpy(join(dir, 'w', 'up_2.npy'));
    expect(up2.shape).toEqual([2, 4]);
    expect(Array.from(up2.data)).toEqual(result.weights.up[1].flat());
  });

  it('--threads auto: the result and the stdout line say what ran and why; the outputs are those of one thread', () => {
    const one = simulate(small);
    const auto = simulate(small, '--threads', 'auto');
    expect(auto.stderr).toBe('');
    const result = JSON.parse(readFileSync(auto.out, 'utf8'));
    expect(result.stats.threads).toEqual({ setting: 'auto', threads: 1, calibration: null, reason: 'fewer than 100000 synapses' });
    expect(JSON.parse(auto.stdout.trim()).threads).toBe(1);
    expect(result.outputs).toEqual(JSON.parse(readFileSync(one.out, 'utf8')).outputs);
  });

  it('answers bad input with one line naming the field, exit code 2 and no result file', () => {
    const r = simulate({ ...small, integrator: { method: 'euler', dt: -0.1 } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('error: integrator.dt: expected a number > 0, got -0.1\n');
    expect(existsSync(r.out)).toBe(false);

    const broken = simulate('{"dims": [3, 4');
    expect(broken.status).toBe(2);
    expect(broken.stderr.trim().split('\n')).toHaveLength(1);
    expect(broken.stderr).toMatch(/^error: .*\.json: not valid JSON/);
    expect(existsSync(broken.out)).toBe(false);
  });

  it('stops a run that becomes non-finite with the time and population, exit code 3', () => {
    const r = simulate({
      dims: [3, 4, 2],
      neuron: { phi: { kind: 'linear' } },
      weights: { init: { up: 30, down: 30, ip: 30, pi: 30 } },
      protocol: { tPattern: 1000, patterns: [{ input: [1, 1, 1] }] },
    });
    expect(r.status).toBe(3);
    expect(r.stderr).toMatch(/^error: state became non-finite at t = [\d.]+ ms in layer \d .*somata/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(r.out)).toBe(false);
  });
});

describe('npm run simulate --checkpoint-every / --resume', () => {
  it('resumes an interrupted run to the same result file as an uninterrupted one', () => {
    const experiment = {
      dims: [3, 4, 2],
      neuron: { noise: 0.1 },
      plasticity: { eta: { up: [0.01, 0.01], ip: [0.01], pi: [0.01] } },
      protocol: { tPattern: 20, outputLag: 5, patterns: Array.from({ length: 6 }, (_, p) => ({ input: [0.1 * p, 0.5, 0.9], target: [0.2, -0.1] })) },
      record: { every: 1, probes: [{ population: 'pyramidal', layer: 1, variable: 'apical' }] },
    };
    const whole = simulate(experiment);
    expect(whole.status).toBe(0);
    // A run that saves every 2 patterns, then is resumed from its last checkpoint.
    const first = simulate(experiment, '--checkpoint-every', '2');
    expect(first.status).toBe(0);
    expect(existsSync(`${first.out}.ckpt`)).toBe(true);
    const file = join(dir, 'resume.json');
    writeFileSync(file, JSON.stringify(experiment));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', file, '--out', first.out, '--resume'], { encoding: 'utf8', env: { ...process.env, NO_PROGRESS: '1' } });
    expect(r.status).toBe(0);
    const a = JSON.parse(readFileSync(whole.out, 'utf8'));
    const b = JSON.parse(readFileSync(first.out, 'utf8'));
    expect(b.outputs).toEqual(a.outputs);
    expect(b.weights).toEqual(a.weights);
    expect(b.recordings).toEqual(a.recordings);
    expect(b.stats.steps).toBe(a.stats.steps);
  });

  it('names the problem when there is nothing to resume', () => {
    const r = simulate(small, '--resume');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: --resume: no checkpoint at .*\.ckpt/);
  });
});
