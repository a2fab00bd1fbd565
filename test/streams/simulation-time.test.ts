import { bufferCount, pairwise, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';
import { bufferSim, sampleSim, throttleSim } from '../../src/streams/simulation-time.ts';
import type { FrameSnapshot } from '../../src/streams/snapshot.ts';

const dims = [3, 5, 2];

/** A noisy 3-5-2 circuit under Euler at dt 0.1, with a recorder of the first hidden layer's somata every 0.1 ms as the reference. */
function setup() {
  const weights = initUniformWeights(new CircuitShape(dims), { up: 1, down: 1, ip: 1, pi: 1 }, 3);
  const c = new Microcircuit({ dims, neuron: { ...PAPER_NEURON_PARAMETERS, noise: 0.2 }, weights });
  const sim = new Simulation(c, createIntegrator({ method: 'euler', dt: 0.1 }), { seed: 9 });
  c.setInput([0.5, 0.1, 0.9]);
  const recorder = new Recorder([new Probe({ population: 'pyramidal', layer: 1, variable: 'soma' }, c)]);
  sim.frames(0.1).subscribe(recorder);
  return { c, sim, recorder };
}

/** The recorder's soma values at the frame nearest to time t (frames every 0.1 ms from 0). */
function somaAt(recorder: Recorder, t: number): number[] {
  const k = Math.round(t / 0.1);
  return Array.from(recorder.values(0).slice(k * 5, k * 5 + 5));
}

const soma = (s: FrameSnapshot) => Array.from(s.state.slice(0, 5));

describe('the safe path: snapshots and probe samples with ordinary rxjs operators', () => {
  it('take(3) + toArray keep three different frames (times 0, 1, 2 and their states)', () => {
    const { sim, recorder } = setup();
    let kept: FrameSnapshot[] = [];
    sim.snapshots(1).pipe(take(3), toArray()).subscribe((a) => (kept = a));
    sim.advanceTo(5);
    expect(kept.map((s) => s.t)).toEqual([0, 1, 2]);
    kept.forEach((s) => expect(soma(s)).toEqual(somaAt(recorder, s.t)));
  });

  it('bufferCount and pairwise see distinct consecutive frames', () => {
    const { sim, recorder } = setup();
    const buffers: FrameSnapshot[][] = [];
    const pairs: [FrameSnapshot, FrameSnapshot][] = [];
    sim.snapshots(1).pipe(bufferCount(2)).subscribe((b) => buffers.push(b));
    sim.snapshots(1).pipe(pairwise()).subscribe((p) => pairs.push(p));
    sim.advanceTo(5);
    expect(buffers.map((b) => b.map((s) => s.t))).toEqual([[0, 1], [2, 3], [4, 5]]);
    expect(pairs.map(([a, b]) => [a.t, b.t])).toEqual([[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]]);
    for (const [a, b] of pairs) {
      expect(soma(a)).toEqual(somaAt(recorder, a.t));
      expect(soma(b)).toEqual(somaAt(recorder, b.t));
    }
  });

  it('probes$ gives fresh arrays per probe, equal to a recorder of the same probes', () => {
    const { sim, recorder } = setup();
    const samples: { t: number; values: readonly Float64Array[] }[] = [];
    sim.probes$([{ population: 'pyramidal', layer: 1, variable: 'soma' }, { population: 'pyramidal', layer: 2, variable: 'rate', indices: [1] }], 0.5).subscribe((s) => samples.push(s));
    sim.advanceTo(3);
    expect(samples.map((s) => s.t)).toEqual([0, 0.5, 1, 1.5, 2, 2.5, 3]);
    for (const s of samples) {
      expect(Array.from(s.values[0])).toEqual(somaAt(recorder, s.t));
      expect(s.values[1].length).toBe(1);
    }
    expect(samples[0].values[0]).not.toBe(samples[1].values[0]);
  });
});

describe('simulation-time operators', () => {
  it('sampleSim(1) on frames every 0.1 ms: one sample per simulated ms over 2,000 ms (rxjs sampleTime gives none)', () => {
    const { sim, recorder } = setup();
    const sampled: FrameSnapshot[] = [];
    sim.snapshots(0.1).pipe(sampleSim(1)).subscribe((s) => sampled.push(s));
    sim.advanceTo(2000);
    expect(sampled.length).toBe(2001);
    sampled.forEach((s, k) => expect(s.t).toBeCloseTo(k, 9));
    expect(soma(sampled[1234])).toEqual(somaAt(recorder, 1234));
  });

  it('sampleSim emits the latest item before each grid time when none falls on it', () => {
    const { sim } = setup();
    const sampled: number[] = [];
    sim.snapshots(0.3).pipe(sampleSim(1)).subscribe((s) => sampled.push(s.t));
    sim.advanceTo(3);
    // items at 0, 0.3, 0.6, 0.9, 1.2, …, 3: at grid 1 the latest is 0.9, at 2 it is 1.8, at 3 the item on it
    expect(sampled.map((t) => Number(t.toFixed(6)))).toEqual([0, 0.9, 1.8, 3]);
  });

  it('throttleSim(1) lets through one frame per simulated ms (rxjs throttleTime lets through one in all)', () => {
    const { sim } = setup();
    const times: number[] = [];
    sim.frames(0.1).pipe(throttleSim(1)).subscribe((f) => times.push(f.t));
    sim.advanceTo(100);
    expect(times.length).toBe(101);
    for (let i = 1; i < times.length; i++) expect(times[i] - times[i - 1]).toBeGreaterThanOrEqual(1 - 1e-9);
  });

  it('bufferSim(1) groups 0.1 ms snapshots into windows of ten, the last one on completion', () => {
    const { sim } = setup();
    const windows: FrameSnapshot[][] = [];
    sim.snapshots(0.1).pipe(bufferSim(1)).subscribe((w) => windows.push(w));
    sim.advanceTo(3);
    sim.complete();
    expect(windows.map((w) => w.length)).toEqual([10, 10, 10, 1]);
    windows.forEach((w, k) => w.forEach((s) => expect(Math.floor(s.t + 1e-9)).toBe(k)));
  });

  it('operators that keep items refuse raw (reused) frames, saying what to pipe first', () => {
    const { sim } = setup();
    let error: unknown = null;
    sim.frames(1).pipe(bufferSim(2)).subscribe({ error: (e) => (error = e) });
    sim.advanceTo(1);
    expect(String(error)).toMatch(/frames are reused.*pipe snapshot\(\) or probeSamples\(\)/);
    expect(() => sampleSim(0)).toThrow(/sampleSim\(period\): expected a positive simulation time/);
  });
});
