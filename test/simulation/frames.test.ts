import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator, type IntegratorSpec } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import type { Frame } from '../../src/streams/frame.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';
import { Simulation } from '../../src/simulation/simulation.ts';

const dims = [3, 5, 2];

function setup(spec: IntegratorSpec, noise: number, weightScale = 1) {
  const weights = initUniformWeights(new CircuitShape(dims), { up: weightScale, down: weightScale, ip: weightScale, pi: weightScale }, 3);
  const c = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise }, weights });
  const sim = new Simulation(c, createIntegrator(spec), { seed: 9 });
  c.setInput([0.5, 0.1, 0.9]);
  c.setTarget([0.3, -0.2]);
  return { c, sim };
}

describe('Simulation.frames', () => {
  it('delivers frames every 1 ms of simulation time and a recorder equal to the state then (Euler, noise on)', () => {
    const { c, sim } = setup({ method: 'euler', dt: 0.1 }, 0.2);
    const soma = new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, c);
    const apical = new Probe({ population: 'pyramidal', layer: 1, variable: 'apical', indices: [0, 4] }, c);
    const recorder = new Recorder([soma, apical], 4);
    sim.frames(1).subscribe(recorder);
    sim.advanceTo(20);
    sim.complete();
    expect(recorder.done).toBe(true);
    const times = recorder.times();
    expect(times.length).toBe(21);
    times.forEach((t, k) => expect(Math.abs(t - k)).toBeLessThan(1e-9));

    // The same run without a subscriber, stopped at each frame time: identical states, so the
    // subscription neither perturbed the dynamics nor the noise stream.
    const again = setup({ method: 'euler', dt: 0.1 }, 0.2);
    const L = again.c.layout.pyramidal[0];
    for (let k = 0; k <= 20; k++) {
      again.sim.advanceTo(k);
      const expected = again.c.state.slice(L.offset, L.offset + L.length);
      expect(recorder.values(0).slice(k * 5, k * 5 + 5)).toEqual(expected);
      const a = again.c.observeSignals(again.c.state).apical[0];
      expect(Array.from(recorder.values(1).slice(2 * k, 2 * k + 2))).toEqual([a[0], a[4]]);
    }
  });

  it('interpolates odex frames at exactly the requested times', () => {
    const { c, sim } = setup({ method: 'odex', rtol: 1e-10, atol: 1e-10, maxDt: 0 }, 0);
    const probe = new Probe({ population: 'interneuron', layer: 1, variable: 'soma' }, c);
    const recorder = new Recorder([probe]);
    sim.frames(2.5).subscribe(recorder);
    sim.advanceTo(20);
    expect(Array.from(recorder.times())).toEqual([0, 2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20]);
    const check = setup({ method: 'odex', rtol: 1e-10, atol: 1e-10, maxDt: 0 }, 0);
    const L = check.c.layout.interneuron[0];
    for (let k = 1; k <= 8; k++) {
      check.sim.advanceTo(2.5 * k);
      for (let i = 0; i < L.length; i++) {
        expect(Math.abs(recorder.values(0)[k * L.length + i] - check.c.state[L.offset + i])).toBeLessThan(1e-8);
      }
    }
  });

  it('stops delivering after unsubscribe and delivers a failed run as an error', () => {
    const { sim } = setup({ method: 'euler', dt: 0.1 }, 0);
    const seen: number[] = [];
    sim.frames(1).pipe(take(3)).subscribe((f: Frame) => seen.push(f.t));
    sim.advanceTo(10);
    expect(seen.length).toBe(3);

    const bad = setup({ method: 'euler', dt: 0.1 }, 0, 40);
    const lin = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, phi: { kind: 'linear' } }, weights: bad.c.weights() });
    const failing = new Simulation(lin, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 1 });
    lin.setInput([1, 1, 1]);
    let error: unknown = null;
    let frames = 0;
    failing.frames(1).subscribe({ next: () => frames++, error: (e) => (error = e) });
    expect(() => failing.advanceTo(5000)).toThrow(/non-finite/);
    expect(frames).toBeGreaterThan(0);
    expect(String(error)).toMatch(/non-finite at t = /);
    // A stream subscribed after the failure errors at once.
    let late: unknown = null;
    failing.frames(1).subscribe({ error: (e) => (late = e) });
    expect(late).toBe(error);
  });

  it('emits the mean output of every pattern on patternEnds$', () => {
    const { sim } = setup({ method: 'euler', dt: 0.1 }, 0);
    const ends: number[][] = [];
    sim.patternEnds$.subscribe((r) => ends.push([r.index, r.tStart, r.tEnd, r.output.length]));
    const outs = sim.run(
      [
        { input: [0, 0, 1], target: null },
        { input: [1, 0, 0], target: [0.5, 0.5] },
      ],
      { tPattern: 40, outputLag: 10 },
    );
    expect(ends).toEqual([
      [0, 0, 40, 2],
      [1, 40, 80, 2],
    ]);
    expect(outs.length).toBe(2);
  });
});
