import { InputError } from '../io/input-error.ts';
import type { RandomState } from '../random/random.ts';
import type { Simulation } from '../simulation/simulation.ts';

/**
 * Everything a simulation carries from one pattern to the next, between patterns: the circuit's
 * state vector (somata, τ_0 filters, τ_w traces and the plastic weights), the noise stream, the
 * clock and the pattern count. Restored into a simulation of the same circuit configuration, it
 * continues exactly as the original would, so several conditions can branch from one shared
 * history (e.g. the same task-A training) instead of each re-running it.
 */
export interface SimulationCheckpoint {
  readonly state: Float64Array;
  readonly noise: RandomState;
  readonly t: number;
  readonly patternCount: number;
}

/** Take between patterns (after `present` returns): the drive is set anew by the next pattern. */
export function checkpointSimulation(sim: Simulation): SimulationCheckpoint {
  return { state: sim.circuit.state.slice(), noise: sim.rng.getState(), t: sim.t, patternCount: sim.patternCount };
}

/** Puts a checkpoint into a fresh simulation built with the same circuit configuration. */
export function restoreSimulation(sim: Simulation, checkpoint: SimulationCheckpoint): void {
  if (checkpoint.state.length !== sim.circuit.state.length) {
    throw new InputError('checkpoint.state', `expected ${sim.circuit.state.length} values (same circuit configuration), got ${checkpoint.state.length}`);
  }
  sim.circuit.state.set(checkpoint.state);
  sim.rng.setState(checkpoint.noise);
  sim.t = checkpoint.t;
  sim.patternCount = checkpoint.patternCount;
}
