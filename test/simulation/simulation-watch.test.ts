import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { watchSimulations } from '../../src/simulation/simulation-watch.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

/** A watcher hears of every Simulation built in this thread while installed, and of none after. */
describe('watchSimulations', () => {
  const build = () => {
    const dims = [2, 3, 2];
    const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights: initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 1), plasticity: null });
    return new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
  };

  it('calls the watcher with each new simulation, fully built, until removed', () => {
    const seen: Simulation[] = [];
    const times: number[] = [];
    const stop = watchSimulations((sim) => {
      seen.push(sim as unknown as Simulation);
      sim.frames(1).subscribe((f) => times.push(f.t)); // a built simulation: frames work from here
    });
    const a = build();
    const b = build();
    stop();
    build();
    expect(seen).toEqual([a, b]);
    a.advanceTo(2);
    expect(times).toEqual([0, 1, 2]);
  });
});
