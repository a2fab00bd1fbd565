import type { SimulatedSystem, Simulation } from './simulation.ts';

/** Called with each Simulation constructed in this thread while it is installed. */
export type SimulationWatcher = (sim: Simulation<SimulatedSystem>) => void;

const watchers = new Set<SimulationWatcher>();

/**
 * Calls `watcher` with every Simulation constructed in this thread from now on, at the end of its
 * constructor, so that an observer (the live view of `npm run example -- … --live`) can follow
 * runs that experiments build deep inside their own code. Returns the function that removes it.
 */
export function watchSimulations(watcher: SimulationWatcher): () => void {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

/** Tells the watchers of this thread about a new simulation (called by the Simulation constructor). */
export function announceSimulation(sim: Simulation<SimulatedSystem>): void {
  for (const watcher of watchers) watcher(sim);
}
