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
  const e = c.captureExtras();
  const header: SimulationHeader = {
    kind: 'microcircuit-simulation',
    version: 1,
    dims: [...c.shape.dims],
    plastic: plasticNames(sim),
    integrator: sim.integrator.method,
    t: sim.t,
    patternCount: sim.patternCount,
    rng: sim.rng.getState(),
    flags: e.flags,
    steps: sim.integrator.stats.steps,
    evaluations: sim.integrator.stats.evaluations,
    extras,
  };
  return {
    header: header as unknown as Record<string, unknown>,
    blocks: {
      state: Float64Array.from(c.state),
      input: e.input,
      target: e.target,
      fixedWeights: e.fixedWeights,
      learningRates: c.plasticity?.learningRates() ?? new Float64Array(0),
      ...blocks,
    },
  };
}

/**
 * Checks a checkpoint against the simulation (same circuit shape, plastic matrices and method)
 * and only then restores it, so a mismatched checkpoint never leaves a half-restored run.
 * Returns the caller's extras and blocks.
 */
export function restoreSimulation(sim: Simulation, contents: CheckpointContents, source: string): { extras: Record<string, unknown>; blocks: Record<string, Float64Array> } {
  const h = contents.header as unknown as SimulationHeader;
  const c = sim.circuit;
  const wrong = (what: string) => new InputError(source, `checkpoint is from another run: ${what}`);
  if (h.kind !== 'microcircuit-simulation' || h.version !== 1) throw wrong(`kind ${String(h.kind)} version ${String(h.version)}`);
  if (JSON.stringify(h.dims) !== JSON.stringify(c.shape.dims)) throw wrong(`circuit ${h.dims.join('-')}, this run ${c.shape.dims.join('-')}`);
  if (JSON.stringify(h.plastic) !== JSON.stringify(plasticNames(sim))) throw wrong(`plastic matrices ${h.plastic.join(', ') || 'none'}, this run ${plasticNames(sim).join(', ') || 'none'}`);
  if (h.integrator !== sim.integrator.method) throw wrong(`integrator ${h.integrator}, this run ${sim.integrator.method}`);
  const b = contents.blocks;
  const extras = c.captureExtras();
  const expect = { state: c.state.length, input: extras.input.length, target: extras.target.length, fixedWeights: extras.fixedWeights.length, learningRates: c.plasticity?.learningRates().length ?? 0 };
  for (const [name, length] of Object.entries(expect)) {
    if (b[name]?.length !== length) throw wrong(`block ${name} holds ${b[name]?.length ?? 'nothing'}, expected ${length}`);
  }
  if (!sim.idle) throw new Error('restore a checkpoint between patterns, when no event is pending');

  c.state.set(b.state);
  c.restoreExtras({ input: b.input, target: b.target, fixedWeights: b.fixedWeights, flags: h.flags });
  c.plasticity?.setLearningRates(b.learningRates);
  sim.rng.setState(h.rng);
  sim.t = h.t;
  sim.patternCount = h.patternCount;
  sim.integrator.stats.steps = h.steps;
  sim.integrator.stats.evaluations = h.evaluations;
  const { state: _s, input: _i, target: _t, fixedWeights: _f, learningRates: _l, ...rest } = b;
  return { extras: h.extras, blocks: rest };
}
