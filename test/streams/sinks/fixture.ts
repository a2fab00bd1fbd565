import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CircuitShape } from '../../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../../src/neurons/neuron-parameters.ts';
import { Simulation } from '../../../src/simulation/simulation.ts';
import { Probe } from '../../../src/streams/probe.ts';
import { Recorder } from '../../../src/streams/recorder.ts';
import type { FrameSink } from '../../../src/streams/sinks/frame-sink.ts';

/** A fresh temporary directory (the caller removes it). */
export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'sinks-test-'));
}

/** A noisy 3-5-2 circuit (Euler, dt 0.1); weights scaled by `weightScale`, linear φ when `linear`. */
export function setup(noise = 0.2, weightScale = 1, linear = false) {
  const dims = [3, 5, 2];
  const weights = initUniformWeights(new CircuitShape(dims), { up: weightScale, down: weightScale, ip: weightScale, pi: weightScale }, 3);
  const neuron = linear ? { ...PAPER_NEURON_PARAMETERS, noise, phi: { kind: 'linear' as const } } : { ...PAPER_NEURON_PARAMETERS, noise };
  const circuit = new Microcircuit({ dims, neuron, weights });
  const sim = new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 9 });
  circuit.setInput([0.5, 0.1, 0.9]);
  circuit.setTarget([0.3, -0.2]);
  return { circuit, sim };
}

/** Probes of several kinds, widths and label repeats (two `pyramidal 1 soma`). */
export function probesOf(circuit: Microcircuit): Probe[] {
  return [
    new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, circuit),
    new Probe({ population: 'pyramidal', layer: 1, variable: 'apical', indices: [4, 0] }, circuit),
    new Probe({ population: 'interneuron', layer: 1, variable: 'rate' }, circuit),
    new Probe({ population: 'pyramidal', layer: 1, variable: 'soma', indices: [2] }, circuit),
  ];
}

/** 101 frames of a noisy run recorded by a Recorder and by `makeSinks(probes)` alike. */
export function recordRun(makeSinks: (probes: Probe[]) => FrameSink[]): { recorder: Recorder; sinks: FrameSink[] } {
  const { circuit, sim } = setup();
  const probes = probesOf(circuit);
  const recorder = new Recorder(probes);
  const sinks = makeSinks(probes);
  sim.frames(0.5).subscribe(recorder);
  for (const s of sinks) sim.frames(0.5).subscribe(s);
  sim.advanceTo(50);
  sim.complete();
  return { recorder, sinks };
}

/** A run that diverges (non-finite state) after some frames, recorded alike; the run's error is checked. */
export function failingRun(makeSinks: (probes: Probe[]) => FrameSink[]): { recorder: Recorder; sinks: FrameSink[] } {
  const { circuit, sim } = setup(0, 40, true);
  const probes = probesOf(circuit);
  const recorder = new Recorder(probes);
  const sinks = makeSinks(probes);
  sim.frames(1).subscribe(recorder);
  for (const s of sinks) sim.frames(1).subscribe(s);
  expect(() => sim.advanceTo(5000)).toThrow(/non-finite/);
  expect(recorder.length).toBeGreaterThan(10);
  for (const s of sinks) {
    expect(s.done).toBe(true);
    expect(s.length).toBe(recorder.length);
    expect(String(s.failure)).toMatch(/non-finite/);
  }
  return { recorder, sinks };
}

/** The recorder's frames as sink rows: t, then every probe's values (frames × (1 + Σ widths)). */
export function expectedRows(recorder: Recorder): Float64Array {
  const widths = recorder.probes.map((p) => p.width);
  const rowLength = 1 + widths.reduce((a, b) => a + b, 0);
  const out = new Float64Array(recorder.length * rowLength);
  const times = recorder.times();
  for (let i = 0; i < recorder.length; i++) {
    let col = i * rowLength;
    out[col++] = times[i];
    recorder.probes.forEach((p, k) => {
      out.set(recorder.values(k).subarray(i * p.width, (i + 1) * p.width), col);
      col += p.width;
    });
  }
  return out;
}
