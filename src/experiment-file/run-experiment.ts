import { resolve } from 'node:path';
import { Microcircuit } from '../circuits/microcircuit.ts';
import { CONNECTIONS } from '../circuits/circuit-shape.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { matrixToRows } from '../linalg/dense-matrix.ts';
import { Simulation } from '../simulation/simulation.ts';
import { Probe } from '../streams/probe.ts';
import { Recorder } from '../streams/recorder.ts';
import { createSink, type SinkFormat } from '../streams/sinks/create-sink.ts';
import type { ExperimentFile } from './experiment-schema.ts';
import type { Experiment } from './load-experiment.ts';

/** The result file of `npm run simulate` (EXPERIMENT_FORMAT.md, "Result"). */
export interface ExperimentResult {
  /** Mean output potentials over [outputLag, tPattern) of each pattern, one row per pattern. */
  outputs: number[][];
  /** Final weights, in the experiment file's layout (rows of numbers, post × pre). */
  weights: Record<'up' | 'down' | 'ip' | 'pi', number[][][]>;
  stats: { simulatedMs: number; steps: number; evaluations: number; wallMs: number };
  /** Probe recordings when the experiment asked for them without a sink: times (ms) and rows of values. */
  recordings?: { probe: string; width: number; times: number[]; values: number[][] }[];
  /** Where the recording went when the experiment gave `record.sink`, and how many frames. */
  recordingFile?: { format: SinkFormat; path: string; frames: number };
  /** The experiment with every default filled in. */
  experiment: ExperimentFile;
}

/**
 * Runs a checked experiment; `onPattern(done, total)` reports progress. A `record.sink` path is
 * relative to `baseDir`, the experiment file's directory.
 */
export function runExperiment(exp: Experiment, onPattern?: (done: number, total: number) => void, baseDir = '.'): { result: ExperimentResult; circuit: Microcircuit } {
  const circuit = new Microcircuit({
    dims: exp.shape.dims,
    neuron: exp.neuron,
    weights: exp.weights,
    plasticity: exp.plasticity,
    tau0: exp.tau0,
  });
  const integrator = createIntegrator(exp.integrator);
  const sim = new Simulation(circuit, integrator, { seed: exp.seed });
  const probes = exp.record?.probes.map((spec, i) => new Probe(spec, circuit, `record.probes[${i}]`)) ?? [];
  const sinkSpec = exp.resolved.record?.sink;
  const sink = sinkSpec === undefined ? null : createSink(sinkSpec.format, resolve(baseDir, sinkSpec.path), probes);
  const recorder = exp.record === null || sink !== null ? null : new Recorder(probes);
  const observer = sink ?? recorder;
  if (observer !== null) sim.frames(exp.record!.every).subscribe(observer);

  const start = performance.now();
  const total = exp.patterns.length;
  const outputs = sim.run(exp.patterns, exp.timing, (r) => onPattern?.(r.index + 1, total));
  sim.complete();
  // A failed run has already thrown, its sink closed with the frames so far; a failed write surfaces here.
  if (sink !== null && sink.failure !== null) throw sink.failure;
  const wallMs = performance.now() - start;

  const w = circuit.weights();
  const weights = { up: [], down: [], ip: [], pi: [] } as ExperimentResult['weights'];
  for (const c of CONNECTIONS) weights[c] = w[c].map(matrixToRows);
  const result: ExperimentResult = {
    outputs: outputs.map((o) => Array.from(o)),
    weights,
    stats: { simulatedMs: sim.t, steps: integrator.stats.steps, evaluations: integrator.stats.evaluations, wallMs },
    experiment: exp.resolved,
  };
  if (sink !== null) result.recordingFile = { format: sinkSpec!.format, path: sink.path, frames: sink.length };
  if (recorder !== null) {
    const times = Array.from(recorder.times());
    result.recordings = probes.map((probe, p) => {
      const v = recorder.values(p);
      const rows: number[][] = [];
      for (let i = 0; i < recorder.length; i++) rows.push(Array.from(v.subarray(i * probe.width, (i + 1) * probe.width)));
      return { probe: probe.label, width: probe.width, times, values: rows };
    });
  }
  return { result, circuit };
}
