import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { readCheckpoint, writeCheckpoint } from '../../src/io/checkpoint-file.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Random } from '../../src/random/random.ts';
import { captureSimulation, restoreSimulation } from '../../src/simulation/simulation-checkpoint.ts';
import { Simulation, type Pattern } from '../../src/simulation/simulation.ts';

const dir = mkdtempSync(join(tmpdir(), 'checkpoint-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function build(dims = [6, 9, 4], plasticityWindow = 1) {
  const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, 2);
  const N = dims.length - 1;
  const circuit = new Microcircuit({
    dims,
    neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2 },
    weights,
    plasticity: { tauW: 30, learningLag: 3, eta: { up: new Array(N).fill(0.01), ip: new Array(N - 1).fill(0.01), pi: new Array(N - 1).fill(0.01), down: new Array(N - 1).fill(0) } },
    plasticityWindow,
  });
  return { circuit, sim: new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 5 }) };
}

const rng = new Random(8);
const patterns: Pattern[] = Array.from({ length: 10 }, (_, p) => ({
  input: Array.from({ length: 6 }, () => rng.uniform()),
  target: p % 4 === 3 ? null : Array.from({ length: 4 }, () => rng.uniformIn(-1, 1)),
}));
const timing = { tPattern: 37.3, outputLag: 10 };

describe('simulation checkpoints', () => {
  // A plasticity window is flushed at the end of every integration span, so a checkpoint between
  // patterns holds the true weights and the resumed run opens its windows where the whole run did.
  it.each([1, 8])('resume bit-identically to a run never interrupted (noise and plasticity on, plasticity window %i)', (window) => {
    const whole = build(undefined, window);
    const outputs = whole.sim.run(patterns, timing);

    const first = build(undefined, window);
    const early = first.sim.run(patterns.slice(0, 4), timing);
    const path = join(dir, 'run.ckpt');
    writeCheckpoint(path, captureSimulation(first.sim, { note: 'outputs so far' }, { outputs: Float64Array.from(early.flatMap((o) => Array.from(o))) }));

    const resumed = build(undefined, window);
    const { extras, blocks } = restoreSimulation(resumed.sim, readCheckpoint(path), path);
    expect(extras).toEqual({ note: 'outputs so far' });
    expect(blocks.outputs.length).toBe(16);
    const late = resumed.sim.run(patterns.slice(4), timing);
    expect(resumed.circuit.state).toEqual(whole.circuit.state);
    expect(resumed.sim.t).toBe(whole.sim.t);
    expect(resumed.sim.rng.getState()).toEqual(whole.sim.rng.getState());
    expect([...early, ...late]).toEqual(outputs);
    expect(resumed.sim.integrator.stats).toEqual(whole.sim.integrator.stats);
  });

  it('refuses a corrupt or truncated file before restoring anything', () => {
    const { sim } = build();
    sim.run(patterns.slice(0, 2), timing);
    const path = join(dir, 'corrupt.ckpt');
    writeCheckpoint(path, captureSimulation(sim));
    const bytes = readFileSync(path);
    bytes[bytes.length - 3] ^= 0x40;
    writeFileSync(path, bytes);
    expect(() => readCheckpoint(path)).toThrow(/corrupt\.ckpt: not a usable checkpoint: its SHA-256 does not match/);
    writeFileSync(path, bytes.subarray(0, 20));
    expect(() => readCheckpoint(path)).toThrow(/corrupt\.ckpt: not a usable checkpoint/);
    writeFileSync(path, 'hello');
    expect(() => readCheckpoint(path)).toThrow(/magic string/);
    expect(() => readCheckpoint(join(dir, 'missing.ckpt'))).toThrow(/missing\.ckpt: cannot read the checkpoint \(ENOENT\)/);
  });

  it('refuses a checkpoint of another circuit shape and leaves the run untouched', () => {
    const small = build();
    small.sim.run(patterns.slice(0, 1), timing);
    const contents = captureSimulation(small.sim);
    const other = build([6, 8, 4]);
    const before = other.circuit.state.slice();
    expect(() => restoreSimulation(other.sim, contents, 'run.ckpt')).toThrow(/run\.ckpt: checkpoint is from another run: circuit 6-9-4, this run 6-8-4/);
    expect(other.circuit.state).toEqual(before);
    expect(other.sim.t).toBe(0);
  });
});
