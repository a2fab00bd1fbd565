import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment, parseExperiment, withPrecision } from '../../src/experiment-file/load-experiment.ts';
import { encodeNpy, writeNpy } from '../../src/io/npy.ts';
import { messageThrownBy } from '../helpers/thrown.ts';

const dir = mkdtempSync(join(tmpdir(), 'experiment-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const zeros = (r: number, c: number) => Array.from({ length: r }, () => new Array<number>(c).fill(0));

/** A small valid experiment: 3-4-2 circuit, two patterns. */
function valid(): Record<string, any> {
  return {
    dims: [3, 4, 2],
    neuron: { gl: 0.1, gb: 1, ga: 0.8, gd: 1, gsom: 0.8, noise: 0, noiseScaling: 'sqrt-dt', phi: { kind: 'softplus', gamma: 1, beta: 1, theta: 0 } },
    weights: { up: [zeros(4, 3), zeros(2, 4)], down: [zeros(4, 2)], ip: [zeros(2, 4)], pi: [zeros(4, 2)] },
    integrator: { method: 'euler', dt: 0.1 },
    protocol: {
      tPattern: 10,
      tau0: 3,
      outputLag: 2,
      patterns: [
        { input: [0, 0.5, 1], target: [0.1, 0.2] },
        { input: [1, 0.5, 0], target: null, learn: false },
      ],
    },
    seed: 1,
  };
}

/** The InputError message of parsing `doc`. */
const problem = (doc: unknown): string => messageThrownBy(() => parseExperiment(doc, dir));

function edit(change: (e: Record<string, any>) => void): Record<string, any> {
  const e = valid();
  change(e);
  return e;
}

describe('parseExperiment', () => {
  it('accepts a valid file and fills defaults', () => {
    const e = parseExperiment({ dims: [3, 4, 2], protocol: { tPattern: 10, patterns: [{ input: [1, 2, 3] }] } }, dir);
    expect(e.neuron.gl).toBe(0.1);
    expect(e.integrator).toEqual({ method: 'euler', dt: 0.1 });
    expect(e.timing).toEqual({ tPattern: 10, outputLag: 0 });
    expect(e.weights.up[1].rows).toBe(2);
    expect(parseExperiment(valid(), dir).patterns[1].learn).toBe(false);
  });

  it.each([
    ['a missing field', edit((e) => delete e.dims), /^dims: missing; expected an array$/],
    ['a missing pattern input', edit((e) => delete e.protocol.patterns[1].input), /^protocol\.patterns\[1\]\.input: missing/],
    ['a mistyped field', edit((e) => (e.dims[2] = 'a')), /^dims\[2\]: expected a number, got "a"$/],
    ['an unknown field', edit((e) => (e.neuron.gleak = 0.1)), /^neuron\.gleak: unknown field/],
    ['a wrong matrix shape', edit((e) => (e.weights.up[1] = zeros(2, 3))), /^weights\.up\[1\]: expected 2×4 matrix, got 2×3$/],
    ['a ragged matrix row', edit((e) => e.weights.pi[0][2].pop()), /^weights\.pi\[0\]\[2\]: expected a row of 2 numbers, got 1$/],
    ['a wrong number of matrices', edit((e) => e.weights.down.push(zeros(4, 2))), /^weights\.down: expected 1 matrices/],
    ['Infinity in a parameter', edit((e) => (e.neuron.gl = Infinity)), /^neuron\.gl: not a finite number \(Infinity; a number beyond ±1\.8e308, such as 1e309, overflows float64\)$/],
    ['NaN in a parameter', edit((e) => (e.neuron.noise = NaN)), /^neuron\.noise: not a finite number \(NaN\)$/],
    ['Infinity in a matrix', edit((e) => (e.weights.ip[0][1][3] = Infinity)), /^weights\.ip\[0\]\[1\]\[3\]: not a finite number \(Infinity; /],
    ['NaN in an input', edit((e) => (e.protocol.patterns[0].input[1] = NaN)), /^protocol\.patterns\[0\]\.input\[1\]: not a finite number \(NaN\)$/],
    ['a zero dt', edit((e) => (e.integrator.dt = 0)), /^integrator\.dt: expected a number > 0, got 0$/],
    ['a negative tau0', edit((e) => (e.protocol.tau0 = -3)), /^protocol\.tau0: expected a number > 0, got -3$/],
    ['a zero tauW', edit((e) => (e.plasticity = { tauW: 0, eta: { up: [1, 1], ip: [1], pi: [1] } })), /^plasticity\.tauW: expected a number > 0, got 0$/],
    ['an unknown rate function', edit((e) => (e.neuron.phi = { kind: 'sigmoidal' })), /^neuron\.phi\.kind: expected one of "softplus", "logistic", "tanh", "relu", "linear", got "sigmoidal"$/],
    ['an unknown integrator', edit((e) => (e.integrator = { method: 'rk45', dt: 0.1 })), /^integrator\.method: expected one of "euler", "expEuler", "rk4", "odex", got "rk45"$/],
    ['an unknown noise scaling', edit((e) => (e.neuron.noiseScaling = 'sqrt')), /^neuron\.noiseScaling: expected one of "sqrt-dt", "dt", got "sqrt"$/],
    ['a short input pattern', edit((e) => e.protocol.patterns[1].input.pop()), /^protocol\.patterns\[1\]\.input: expected 3 rates \(dims\[0\]\), got 2$/],
    ['a long target pattern', edit((e) => e.protocol.patterns[0].target.push(1)), /^protocol\.patterns\[0\]\.target: expected 2 potentials \(dims\[2\]\) or null, got 3$/],
    ['learning rates of the wrong count', edit((e) => (e.plasticity = { eta: { up: [1], ip: [1], pi: [1] } })), /^plasticity\.eta\.up: expected 2 learning rates \(one per layer 1…2\), got 1$/],
    ['an output lag beyond the pattern', edit((e) => (e.protocol.outputLag = 10)), /^protocol\.outputLag: expected less than protocol\.tPattern \(10 ms\), got 10$/],
    ['noise with odex', edit((e) => ((e.neuron.noise = 0.1), (e.integrator = { method: 'odex' }))), /^integrator\.method: odex is deterministic/],
    ['too few layers', edit((e) => (e.dims = [3, 2])), /^dims: expected at least 3 entries/],
    ['missing lateral weights', edit((e) => delete e.weights.ip), /^weights\.ip: missing; give the ip matrices or set weights\.selfPredicting to true$/],
    ['a plasticity window of 0 steps', edit((e) => (e.integrator.plasticityWindow = 0)), /^integrator\.plasticityWindow: expected a number ≥ 1, got 0$/],
    ['a fractional plasticity window', edit((e) => (e.integrator.plasticityWindow = 2.5)), /^integrator\.plasticityWindow: expected an integer, got 2\.5$/],
    ['a plasticity window beyond 64', edit((e) => (e.integrator.plasticityWindow = 65)), /^integrator\.plasticityWindow: expected at most 64, got 65$/],
    ['a plasticity window with rk4', edit((e) => (e.integrator = { method: 'rk4', dt: 0.1, plasticityWindow: 8 })), /^integrator\.plasticityWindow: the deferred plasticity update needs a one-stage method: use "euler" or "expEuler"/],
    ['a plasticity window with odex', edit((e) => (e.integrator = { method: 'odex', plasticityWindow: 8 })), /^integrator\.plasticityWindow: unknown field/],
    ['three threads', edit((e) => (e.integrator.threads = 3)), /^integrator\.threads: expected one of 1, 2, "auto", got 3$/],
    ['threads as a word', edit((e) => (e.integrator.threads = 'two')), /^integrator\.threads: expected one of 1, 2, "auto", got "two"$/],
  ])('names the field for %s', (_what, doc, message) => {
    expect(problem(doc)).toMatch(message);
  });

  it('reads weights from .npy files (float32 and float64) relative to the experiment file', () => {
    writeNpy(join(dir, 'up1.npy'), Float32Array.from({ length: 12 }, (_, i) => i / 8), [4, 3]);
    writeNpy(join(dir, 'up2.npy'), Float64Array.from({ length: 8 }, (_, i) => -i), [2, 4]);
    const e = parseExperiment(edit((x) => (x.weights.up = [{ npy: 'up1.npy' }, { npy: 'up2.npy' }])), dir);
    expect(Array.from(e.weights.up[0].data)).toEqual(Array.from({ length: 12 }, (_, i) => i / 8));
    expect(e.weights.up[1].data[7]).toBe(-7);
  });

  it('names the field and file for bad .npy weights', () => {
    writeNpy(join(dir, 'wrong.npy'), new Float64Array(6), [2, 3]);
    expect(problem(edit((x) => (x.weights.up[1] = { npy: 'wrong.npy' })))).toMatch(/^weights\.up\[1\]: expected 2×4 matrix, got shape \(2, 3\) in .*wrong\.npy$/);
    writeNpy(join(dir, 'nan.npy'), Float64Array.from([0, 0, 0, NaN, 0, 0, 0, 0]), [2, 4]);
    expect(problem(edit((x) => (x.weights.up[1] = { npy: 'nan.npy' })))).toMatch(/^weights\.up\[1\] \(.*nan\.npy\): value NaN at index 3 is not finite$/);
    const bytes = encodeNpy(new Float64Array(8), [2, 4]);
    writeFileSync(join(dir, 'truncated.npy'), bytes.subarray(0, bytes.length - 5));
    expect(problem(edit((x) => (x.weights.up[1] = { npy: 'truncated.npy' })))).toMatch(/truncated\.npy: /);
    expect(problem(edit((x) => (x.weights.up[1] = { npy: 'absent.npy' })))).toMatch(/absent\.npy: /);
  });
});

describe('loadExperiment', () => {
  it('names the file when it cannot be read or is not JSON', () => {
    expect(() => loadExperiment(join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read the experiment file \(ENOENT\)/);
    writeFileSync(join(dir, 'broken.json'), '{"dims": [3, 4, 2],');
    expect(() => loadExperiment(join(dir, 'broken.json'))).toThrow(/broken\.json: not valid JSON/);
  });

  it('turns 1e999 in the file into an error, not an Infinity', () => {
    writeFileSync(join(dir, 'inf.json'), JSON.stringify(valid()).replace('"gl":0.1', '"gl":1e999'));
    expect(() => loadExperiment(join(dir, 'inf.json'))).toThrow(/^neuron\.gl: not a finite number \(Infinity; a number beyond ±1\.8e308, such as 1e309, overflows float64\)$/);
  });
});

describe('precision', () => {
  it('defaults to float64 and is left out of the resolved experiment when absent', () => {
    const e = parseExperiment(valid(), dir);
    expect(e.precision).toBe('float64');
    expect('precision' in e.resolved).toBe(false);
    expect(parseExperiment(edit((x) => (x.precision = 'float32')), dir).precision).toBe('float32');
  });

  it('refuses float32 with rk4, odex or a plasticity window, and an unknown value, naming the field and the fix', () => {
    expect(problem(edit((x) => ((x.precision = 'float32'), (x.integrator = { method: 'rk4', dt: 0.1 }))))).toMatch(/^precision: "float32" works with integrator\.method "euler" or "expEuler", not "rk4"/);
    expect(problem(edit((x) => ((x.precision = 'float32'), (x.integrator = { method: 'odex' }))))).toMatch(/^precision: .*not "odex"/);
    expect(problem(edit((x) => ((x.precision = 'float32'), (x.integrator = { method: 'euler', dt: 0.1, plasticityWindow: 4 }))))).toMatch(/^precision: "float32" has no deferred plasticity update/);
    expect(problem(edit((x) => (x.precision = 'float16')))).toMatch(/^precision: /);
  });

  it('withPrecision (the commands\' --precision) overrides the file and echoes it in the resolved experiment', () => {
    const e = withPrecision(parseExperiment(valid(), dir), 'float32');
    expect(e.precision).toBe('float32');
    expect(e.resolved.precision).toBe('float32');
    expect(() => withPrecision(parseExperiment(edit((x) => (x.integrator = { method: 'rk4', dt: 0.1 })), dir), 'float32')).toThrow(/^precision: /);
  });
});
