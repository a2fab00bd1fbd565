import { MessageChannel, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { CircuitShape } from '../../src/anatomy/circuit-shape.ts';
import { Microcircuit } from '../../src/circuits/microcircuit.ts';
import { initUniformWeights } from '../../src/circuits/weight-init.ts';
import { createIntegrator } from '../../src/integrators/create-integrator.ts';
import { CONTROL, LivePublisher, type PublisherMessage } from '../../src/live/live-publisher.ts';
import { PAPER_NEURON_PARAMETERS } from '../../src/neurons/neuron-parameters.ts';
import { Simulation } from '../../src/simulation/simulation.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';

/**
 * The running side of `example --live` / `train --live` without a server: what a LivePublisher
 * posts for a simulation built after it (found through simulation-watch.ts), for values reported
 * with progress, and for a probe request — read back synchronously from the other end of its port.
 */
function drain(port: MessagePort): PublisherMessage[] {
  const out: PublisherMessage[] = [];
  for (let m = receiveMessageOnPort(port); m !== undefined; m = receiveMessageOnPort(port)) out.push(m.message as PublisherMessage);
  return out;
}

function circuitSim(seed: number) {
  const dims = [4, 6, 3];
  const weights = initUniformWeights(new CircuitShape(dims), { up: 0.5, down: 0.5, ip: 0.5, pi: 0.5 }, seed);
  const circuit = new Microcircuit({ dims, neuron: PAPER_NEURON_PARAMETERS, weights, plasticity: null });
  return new Simulation(circuit, createIntegrator({ method: 'euler', dt: 0.1 }), { seed });
}

describe('LivePublisher', () => {
  it('streams the new simulation\'s outputs and pattern losses, progress values, and answers probe requests', () => {
    const { port1, port2 } = new MessageChannel();
    const control = new SharedArrayBuffer(CONTROL.words * 4);
    const publisher = new LivePublisher(port1, control, { every: 1, maxRowsPerSecond: Infinity, maxPointsPerSecond: Infinity });
    const sim = circuitSim(3);
    const recorder = new Recorder([new Probe({ population: 'pyramidal', layer: 2, variable: 'soma' }, sim.circuit)]);
    sim.frames(1).subscribe(recorder);
    const target = [0.1, -0.2, 0.3];
    const ends = sim.run([{ input: [0.1, 0.5, 0.9, 0.3], target }, { input: [0.7, 0.2, 0.4, 0.6], target }], { tPattern: 20, outputLag: 5 });
    const progress = publisher.progress(() => ({ update() {}, finish() {} }))({ label: 'x', total: 10, unit: 'samples' });
    progress.update(4, { epoch: 1, loss: 0.5 });
    progress.update(8, { epoch: 1, loss: 0.25 });
    publisher.close();
    const messages = drain(port2);

    const streams = messages.filter((m) => m.kind === 'stream');
    expect(streams.map((m) => m.id)).toEqual(['sim:frames', 'sim:loss', 'progress:loss']);
    // Frame rows [t, RMS apical of layer 1, 3 outputs, 3 targets] equal the Recorder's outputs at
    // every 1 ms frame after the first (the simulation is shown from its first frame on).
    const frames = streams[0];
    expect(frames.width).toBe(1 + 1 + 3 + 3);
    const rows = messages.flatMap((m) => (m.kind === 'rows' && m.id === 'sim:frames' ? Array.from(m.rows) : []));
    const times = recorder.times();
    const values = recorder.values(0);
    expect(rows.length / frames.width).toBe(times.length - 1);
    for (let r = 0; r < rows.length / frames.width; r++) {
      const i = r + 1;
      expect(rows[r * frames.width]).toBe(times[i]);
      for (let k = 0; k < 3; k++) expect(rows[r * frames.width + 2 + k]).toBe(values[i * 3 + k]);
    }
    // One loss row per pattern: ½‖mean output − target‖².
    const losses = messages.flatMap((m) => (m.kind === 'rows' && m.id === 'sim:loss' ? Array.from(m.rows) : []));
    const expected = ends.map((output, p) => [p + 1, output.reduce((s, v, i) => s + (v - target[i]) ** 2, 0) / 2]).flat();
    expect(losses).toEqual(expected);
    // Progress values against units done (epoch is not charted).
    expect(streams[2].charts[0].lines.map((l) => l.label)).toEqual(['loss']);
    expect(messages.flatMap((m) => (m.kind === 'rows' && m.id === 'progress:loss' ? Array.from(m.rows) : []))).toEqual([4, 0.5, 8, 0.25]);
    const statuses = messages.filter((m) => m.kind === 'status');
    expect(statuses.at(-1)).toEqual({ kind: 'status', t: 40, done: 8, total: 10, unit: 'samples' });
    expect(messages.at(-1)).toEqual({ kind: 'end' });
  });

  it('answers a probe request at the next frame: a checker message, or a new stream', () => {
    const { port1, port2 } = new MessageChannel();
    const control = new SharedArrayBuffer(CONTROL.words * 4);
    const counters = new Int32Array(control);
    const publisher = new LivePublisher(port1, control, { every: 1, maxRowsPerSecond: Infinity });
    const sim = circuitSim(4);
    sim.advanceTo(2);
    port2.postMessage({ kind: 'add-probe', request: 1, probe: { population: 'interneuron', layer: 2, variable: 'soma' }, reduce: 'each' });
    port2.postMessage({ kind: 'add-probe', request: 2, probe: { population: 'interneuron', layer: 1, variable: 'rate', indices: [0, 2] }, reduce: 'rms' });
    Atomics.add(counters, CONTROL.requests, 2);
    sim.advanceTo(5);
    publisher.close();
    const messages = drain(port2);
    const results = messages.filter((m) => m.kind === 'probe-result');
    expect(results).toEqual([
      { kind: 'probe-result', request: 1, error: 'probe.layer: expected a hidden (interneuron) layer from 1 to 1, got 2' },
      { kind: 'probe-result', request: 2, error: null },
    ]);
    const added = messages.find((m) => m.kind === 'stream' && m.id.startsWith('sim:probe'));
    expect(added).toMatchObject({ width: 2, charts: [{ title: 'RMS of interneuron layer 1 rate [0, 2]' }] });
  });
});
