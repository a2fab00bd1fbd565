import { InputError } from '../core/input-error.ts';
import type { CheckpointContents } from '../io/checkpoint-file.ts';
import type { RandomState } from '../random/random.ts';
import type { Simulation } from './simulation.ts';

/**
 * The complete state of a run between patterns — state vector (potentials, filters, traces,
 * plastic weights), fixed weights, drive and gates, learning rates, the random stream, time,
 * pattern count and integrator statistics — so that a restored run continues bit for bit as if
 * it had never stopped. `extras` carries what the caller adds (outputs so far, a replay buffer).
 */
export interface SimulationHeader {
  kind: 'microcircuit-simulation';
  version: 1;
  dims: number[];
  plastic: string[];
  integrator: string;
  t: number;
  patternCount: number;
  rng: RandomState;
  flags: { nudged: boolean; plasticity: boolean; averaging: boolean };
  steps: number;
  evaluations: number;
  extras: Record<string, unknown>;
}

function plasticNames(sim: Simulation): string[] {
  return sim.circuit.layout.plastic.map((s) => `${s.connection}[${s.index}]`);
}

export function captureSimulation(sim: Simulation, extras: Record<string, unknown> = {}, blocks: Record<string, Float64Array> = {}): CheckpointContents {
  if (!sim.idle) throw new Error('a checkpoint is taken between patterns, when no event is pending');
  const c = sim.circuit;
  const settings = c.captureSettings();
  const header: SimulationHeader = {
    kind: 'microcircuit-simulation',
    version: 1,
    dims: [...c.shape.dims],
    plastic: plasticNames(sim),
    integrator: sim.integrator.method,
    t: sim.t,
    patternCount: sim.patternCount,
    rng: sim.rng.getState(),
    flags: settings.flags,
    steps: sim.integrator.stats.steps,
    evaluations: sim.integrator.stats.evaluations,
    extras,
  };
  return {
    header: header as unknown as Record<string, unknown>,
    blocks: {
      state: Float64Array.from(c.state),
      input: settings.input,
      target: settings.target,
      fixedWeights: settings.fixedWeights,
      learningRates: c.plasticity?.learningRates() ?? new Float64Array(0),
      ...blocks,
    },
  };
}

/** What the run that restores a checkpoint allows: at most `patternLimit` patterns of `tPattern` ms each. */
export interface RestoreExpectation {
  readonly patternLimit: number;
  readonly tPattern: number;
}

function isNonNegativeInteger(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function sameList(a: unknown, b: readonly unknown[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((x, i) => x === b[i]);
}

function listText(a: unknown): string {
  return Array.isArray(a) ? a.slice(0, 8).map(String).join('-') + (a.length > 8 ? '…' : '') : typeof a;
}

/**
 * Checks every field of a checkpoint — kind, circuit, method, time, pattern count, random state,
 * flags, counters, block lengths and that every block value is finite — against the simulation
 * and the run that continues it, and only then restores it, so neither a mismatched nor a forged
 * checkpoint (resealed after an edit: the seal is a checksum, not a signature) leaves a
 * half-restored or nonsensical run. Every problem is an InputError naming `source` and the field.
 * Returns the caller's extras and blocks.
 */
export function restoreSimulation(
  sim: Simulation,
  contents: CheckpointContents,
  source: string,
  expect: RestoreExpectation = { patternLimit: Number.MAX_SAFE_INTEGER, tPattern: NaN },
): { extras: Record<string, unknown>; blocks: Record<string, Float64Array> } {
  const h = contents.header as unknown as SimulationHeader;
  const c = sim.circuit;
  const wrong = (what: string) => new InputError(source, `checkpoint is from another run: ${what}`);
  const bad = (field: string, what: string) => new InputError(`${source}: ${field}`, `${what}; the checkpoint is damaged or was edited`);
  if (typeof h !== 'object' || h === null) throw bad('header', 'missing');
  if (h.kind !== 'microcircuit-simulation' || h.version !== 1) throw wrong(`kind ${String(h.kind).slice(0, 40)} version ${String(h.version).slice(0, 20)}`);
  if (!sameList(h.dims, c.shape.dims)) throw wrong(`circuit ${listText(h.dims)}, this run ${c.shape.dims.join('-')}`);
  const plastic = plasticNames(sim);
  if (!sameList(h.plastic, plastic)) throw wrong(`plastic matrices ${listText(h.plastic) || 'none'}, this run ${plastic.join(', ') || 'none'}`);
  if (h.integrator !== sim.integrator.method) throw wrong(`integrator ${String(h.integrator).slice(0, 40)}, this run ${sim.integrator.method}`);
  if (!isNonNegativeInteger(h.patternCount) || h.patternCount > expect.patternLimit) {
    throw bad('patternCount', `expected a whole number from 0 to ${expect.patternLimit}, got ${String(h.patternCount).slice(0, 40)}`);
  }
  if (typeof h.t !== 'number' || !Number.isFinite(h.t) || h.t < 0) throw bad('t', `expected a finite time ≥ 0 ms, got ${String(h.t).slice(0, 40)}`);
  if (Number.isFinite(expect.tPattern)) {
    const t = h.patternCount * expect.tPattern;
    if (Math.abs(h.t - t) > 1e-9 * Math.max(t, 1)) throw bad('t', `${h.t} ms does not match ${h.patternCount} patterns of ${expect.tPattern} ms`);
  }
  const rng = h.rng as { words?: unknown; spareNormal?: unknown } | undefined;
  const words = rng?.words;
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= -(2 ** 31) && w < 2 ** 32) || words.every((w) => w === 0)) {
    throw bad('rng.words', 'expected four 32-bit integer words, not all zero');
  }
  if (!(rng!.spareNormal === null || (typeof rng!.spareNormal === 'number' && Number.isFinite(rng!.spareNormal)))) throw bad('rng.spareNormal', 'expected null or a finite number');
  const flags = h.flags as Record<string, unknown> | undefined;
  for (const f of ['nudged', 'plasticity', 'averaging']) {
    if (typeof flags?.[f] !== 'boolean') throw bad(`flags.${f}`, 'expected true or false');
  }
  if (!isNonNegativeInteger(h.steps)) throw bad('steps', 'expected a whole number ≥ 0');
  if (!isNonNegativeInteger(h.evaluations)) throw bad('evaluations', 'expected a whole number ≥ 0');
  if (typeof h.extras !== 'object' || h.extras === null || Array.isArray(h.extras)) throw bad('extras', 'expected an object');
  const b = contents.blocks;
  const settings = c.captureSettings();
  const expected = { state: c.state.length, input: settings.input.length, target: settings.target.length, fixedWeights: settings.fixedWeights.length, learningRates: c.plasticity?.learningRates().length ?? 0 };
  for (const [name, length] of Object.entries(expected)) {
    if (b[name]?.length !== length) throw wrong(`block ${name} holds ${b[name]?.length ?? 'nothing'}, expected ${length}`);
  }
  for (const [name, block] of Object.entries(b)) {
    const i = block.findIndex((x) => !Number.isFinite(x));
    if (i >= 0) throw bad(`block ${name}`, `value ${block[i]} at index ${i} is not finite`);
  }
  if (!sim.idle) throw new Error('restore a checkpoint between patterns, when no event is pending');

  c.setState(b.state);
  c.restoreSettings({ input: b.input, target: b.target, fixedWeights: b.fixedWeights, flags: h.flags });
  c.plasticity?.setLearningRates(b.learningRates);
  sim.rng.setState(h.rng);
  sim.t = h.t;
  sim.patternCount = h.patternCount;
  sim.integrator.stats.steps = h.steps;
  sim.integrator.stats.evaluations = h.evaluations;
  const { state: _s, input: _i, target: _t, fixedWeights: _f, learningRates: _l, ...rest } = b;
  return { extras: h.extras, blocks: rest };
}
