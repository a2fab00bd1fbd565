import { ignoreStreamError } from '../streams/ignore-stream-error.ts';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Microcircuit } from '../circuits/microcircuit.ts';
import type { ThreadChoice } from '../circuits/thread-choice.ts';
import { CONNECTIONS } from '../anatomy/circuit-shape.ts';
import { createIntegrator } from '../integrators/create-integrator.ts';
import { OdexIntegrator } from '../integrators/odex-integrator.ts';
import { matrixToRows } from '../linalg/dense-matrix.ts';
import { readCheckpoint, writeCheckpoint, type CheckpointContents } from '../io/checkpoint-file.ts';
import { unreadableFile } from '../io/read-input-file.ts';
import { oneLine } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { captureSimulation, restoreSimulation } from '../simulation/simulation-checkpoint.ts';
import { Simulation } from '../simulation/simulation.ts';
import { Probe } from '../streams/probe.ts';
import { Recorder } from '../streams/recorder.ts';
import { createSink, type SinkFormat } from '../streams/sinks/create-sink.ts';
import type { ExperimentFile } from './experiment-schema.ts';
import type { Experiment } from './load-experiment.ts';

/** The result file of `npm run simulate` (docs/experiment-format.md, "Result"). */
export interface ExperimentResult {
  /** Mean output potentials over [outputLag, tPattern) of each pattern, one row per pattern. */
  outputs: number[][];
  /** Final weights, in the experiment file's layout (rows of numbers, post × pre). */
  weights: Record<'up' | 'down' | 'ip' | 'pi', number[][][]>;
  /**
   * `largestStepMs`: the longest step the fixed-step method took — dt, or less when the events of
   * a pattern lie closer together than dt (null for odex). `threads`: the kernel threads the run
   * used, the setting asked for and, with "auto", the calibration's step times (thread-choice.ts).
   */
  stats: { simulatedMs: number; steps: number; evaluations: number; wallMs: number; largestStepMs: number | null; threads: ThreadChoice };
  /** Probe recordings when the experiment asked for them without a sink: times (ms) and rows of values. */
  recordings?: { probe: string; width: number; times: number[]; values: number[][] }[];
  /** Where the recording went when the experiment gave `record.sink`, and how many frames. */
  recordingFile?: { format: SinkFormat; path: string; frames: number };
  /** The experiment with every default filled in. */
  experiment: ExperimentFile;
}

export interface RunOptions {
  /** Reports progress after every pattern. */
  readonly onPattern?: (done: number, total: number) => void;
  /**
   * Reports the simulated time reached and the run's total (ms) every tenth of a pattern, or every
   * SIMULATED_TIME_REPORT_MS if that is sooner, so that a long pattern shows progress too.
   */
  readonly onSimulatedTime?: (ms: number, totalMs: number) => void;
  /** The experiment file's directory: `record.sink` paths are relative to it. */
  readonly baseDir?: string;
  /** Save a checkpoint to `path` every `every` patterns; with `resume`, continue from it first. */
  readonly checkpoint?: { readonly path: string; readonly every: number; readonly resume: boolean };
}

/** Longest simulated time between onSimulatedTime reports (ms). */
export const SIMULATED_TIME_REPORT_MS = 10;

/** Identifies the experiment a checkpoint belongs to: a digest of the resolved experiment. */
function fingerprint(exp: Experiment): string {
  return createHash('sha256').update(JSON.stringify(exp.resolved)).digest('hex');
}

function checkBlockLength(blocks: Record<string, Float64Array>, name: string, length: number, source: string, what: string): void {
  const got = blocks[name]?.length;
  if (got !== length) throw new InputError(`${source}: block ${name}`, `holds ${got ?? 'nothing'} values, expected ${length} (${what}); the checkpoint is damaged or was edited`);
}

/**
 * Reads a checkpoint: a regular file only (a pipe would block the run), and a layout whose
 * blocks lie outside the file is a damaged checkpoint, not an internal error.
 */
function readCheckpointFile(path: string): CheckpointContents {
  let regular: boolean;
  try {
    regular = statSync(path).isFile();
  } catch (e) {
    throw unreadableFile(path, 'checkpoint', e);
  }
  if (!regular) throw new InputError(path, 'the checkpoint is not a regular file (a named pipe, device or folder)');
  try {
    return readCheckpoint(path);
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(path, `not a usable checkpoint: its block list does not fit the file (${oneLine((e as Error).message, 120)})`);
  }
}

/**
 * An experiment built and ready to run, presented a few patterns at a time: `runExperiment` runs it
 * to the end at once; the live view (`src/live`) runs it in chunks with the event loop free between
 * them. Checkpoints are written as in one go.
 */
export interface ExperimentRun {
  readonly sim: Simulation;
  readonly circuit: Microcircuit;
  /** Patterns in the experiment. */
  readonly total: number;
  /** True when every pattern has been presented. */
  readonly done: boolean;
  /** Present the next pattern (writing a checkpoint when one is due); nothing once done. */
  presentNext(): void;
  /** End the streams and assemble the result; patterns not yet presented are left out (a stopped run). */
  finish(): ExperimentResult;
}

/** Runs a checked experiment, optionally saving checkpoints and resuming from one. */
export function runExperiment(exp: Experiment, options: RunOptions = {}): { result: ExperimentResult; circuit: Microcircuit } {
  const run = openExperiment(exp, options);
  while (!run.done) run.presentNext();
  return { result: run.finish(), circuit: run.circuit };
}

/** Builds the circuit, simulation and observers of a checked experiment (resuming when asked); runs nothing yet. */
export function openExperiment(exp: Experiment, options: RunOptions = {}): ExperimentRun {
  const { onPattern, onSimulatedTime, baseDir = '.', checkpoint } = options;
  const circuit = new Microcircuit({
    dims: exp.shape.dims,
    neuron: exp.neuron,
    weights: exp.weights,
    plasticity: exp.plasticity,
    tau0: exp.tau0,
    plasticityWindow: exp.integrator.method === 'odex' ? 1 : exp.integrator.plasticityWindow,
    threads: exp.integrator.threads,
    precision: exp.precision,
  });
  // odex's steps are not known in advance: the run's step limit bounds them as they are taken.
  const integrator = exp.integrator.method === 'odex' ? new OdexIntegrator({ ...exp.integrator, stepBudget: exp.limits.maxSteps }) : createIntegrator(exp.integrator);
  const sim = new Simulation(circuit, integrator, { seed: exp.seed });
  const probes = exp.record?.probes.map((spec, i) => new Probe(spec, circuit, `record.probes[${i}]`)) ?? [];
  const sinkSpec = exp.resolved.record?.sink;
  const sink = sinkSpec === undefined ? null : createSink(sinkSpec.format, resolve(baseDir, sinkSpec.path), probes);
  const recorder = exp.record === null || sink !== null ? null : new Recorder(probes);

  const start = performance.now();
  const total = exp.patterns.length;
  const outputs: Float64Array[] = [];
  const nOut = exp.shape.outputSize;
  if (checkpoint?.resume) {
    if (sink !== null) throw new InputError('--resume', 'a run that streams to record.sink cannot resume (the file holds the frames of the first attempt); drop --resume or the sink');
    const { extras, blocks } = restoreSimulation(sim, readCheckpointFile(checkpoint.path), checkpoint.path, { patternLimit: total, tPattern: exp.timing.tPattern });
    if (extras.experiment !== fingerprint(exp)) throw new InputError(checkpoint.path, 'this checkpoint belongs to another experiment file (or other settings); delete it or drop --resume');
    checkBlockLength(blocks, 'outputs', sim.patternCount * nOut, checkpoint.path, `${sim.patternCount} patterns × ${nOut} outputs`);
    for (let p = 0; p < sim.patternCount; p++) outputs.push(blocks.outputs.slice(p * nOut, (p + 1) * nOut));
    if (recorder !== null) {
      const frames = blocks.recordTimes?.length ?? -1;
      if (frames < 0) throw new InputError(`${checkpoint.path}: block recordTimes`, 'missing; the checkpoint is damaged or was edited');
      probes.forEach((probe, i) => checkBlockLength(blocks, `record${i}`, frames * probe.width, checkpoint.path, `${frames} frames × ${probe.width} values`));
      recorder.restore(blocks.recordTimes, probes.map((_, i) => blocks[`record${i}`]));
    }
  }
  const observer = sink ?? recorder;
  if (observer !== null) sim.frames(exp.record!.every, { origin: 0, firstIndex: recorder?.length ?? 0 }).subscribe(observer);
  if (onSimulatedTime !== undefined) {
    // Frames only read the state: the run is the same with or without this report.
    const totalMs = total * exp.timing.tPattern;
    sim.frames(Math.min(exp.timing.tPattern / 10, SIMULATED_TIME_REPORT_MS)).subscribe({ next: (frame) => onSimulatedTime(frame.t, totalMs), error: ignoreStreamError });
  }
  // Checkpoints fall every `every` patterns counted from where this run starts (0, or the resumed count).
  const every = checkpoint !== undefined && checkpoint.every > 0 ? checkpoint.every : total;
  let nextCheckpoint = Math.min(total, sim.patternCount + every);
  const presentNext = () => {
    if (sim.patternCount >= total) return;
    outputs.push(...sim.run([exp.patterns[sim.patternCount]], exp.timing, (r) => onPattern?.(r.index + 1, total)));
    if (sim.patternCount < nextCheckpoint) return;
    nextCheckpoint = Math.min(total, sim.patternCount + every);
    if (checkpoint !== undefined && sim.patternCount < total) {
      const blocks: Record<string, Float64Array> = { outputs: Float64Array.from(outputs.flatMap((o) => Array.from(o))) };
      if (recorder !== null) {
        blocks.recordTimes = Float64Array.from(recorder.times());
        probes.forEach((_, i) => (blocks[`record${i}`] = Float64Array.from(recorder.values(i))));
      }
      writeCheckpoint(checkpoint.path, captureSimulation(sim, { experiment: fingerprint(exp) }, blocks));
    }
  };
  return {
    sim,
    circuit,
    total,
    get done() {
      return sim.patternCount >= total;
    },
    presentNext,
    finish: () => finishExperiment(),
  };

  function finishExperiment(): ExperimentResult {
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
      stats: { simulatedMs: sim.t, steps: integrator.stats.steps, evaluations: integrator.stats.evaluations, wallMs, largestStepMs: exp.largestStep, threads: circuit.threadChoice },
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
    return result;
  }
}
