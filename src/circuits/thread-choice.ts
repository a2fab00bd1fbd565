import { availableParallelism } from 'node:os';
import { createIntegrator } from '../integrators/create-integrator.ts';
import type { IntegrableSystem } from '../integrators/integrable-system.ts';
import type { KernelKind } from '../kernels/dense-kernels.ts';
import type { ThreadSetting } from '../kernels/thread-setting.ts';
import { threadedFloat32Available } from '../kernels/threaded-float32-ops.ts';
import { threadedKernelsAvailable } from '../kernels/threaded-kernels.ts';
import { Random } from '../random/random.ts';
import type { Precision } from './microcircuit.ts';

/**
 * `threads: 'auto'`: the thread count of a circuit's kernels, chosen when the circuit is built by
 * timing a few steps of it on one thread and on two. Results are bit-identical either way
 * (row-sharing.ts), so the choice changes only the speed. Whether two threads pay depends on the
 * machine and on what else runs on it (on a 2-vCPU AMD EPYC VM they were slower at every size; on a
 * 2-vCPU Intel Xeon ×1.42 faster at 784-500-500-10 while the second core was free, ×0.6–0.8 while
 * other jobs held it: README, "Speed II: both cores"), so it is measured, not ruled.
 */

/** What the run used and how it was chosen; the run's result records it (`stats.threads`). */
export interface ThreadChoice {
  /** The setting asked for. */
  readonly setting: ThreadSetting;
  /** The threads the kernels run on. */
  readonly threads: 1 | 2;
  /** With 'auto': the calibration's median wall time per step, in ms, on one thread and on two; null when none ran. */
  readonly calibration: {
    readonly oneThreadMsPerStep: number;
    readonly twoThreadsMsPerStep: number;
    readonly stepsPerRound: number;
    readonly rounds: number;
    /** Wall time of the whole calibration, building the two copies included. */
    readonly wallMs: number;
  } | null;
  /** Why this count, in a few words. */
  readonly reason: string;
}

/**
 * 'auto' calibrates only from this many synapses (entries of all weight matrices) on, and keeps
 * smaller circuits on one thread without timing them: 30-50-10 (4,000 synapses) makes no call
 * large enough to share (threaded-kernels.ts shares calls from 16,384 multiply-adds on) and loses
 * its fused step with two threads (×0.67–0.70 measured on both machines, bench/threads.ts);
 * 784-500-500-10 has 1.16 million.
 */
export const AUTO_MIN_SYNAPSES = 100_000;
/**
 * Two threads are chosen when their steps are at least this much faster in wall time: the second
 * thread doubles the CPU the run takes, which a near tie does not pay for.
 */
export const AUTO_MIN_GAIN = 1.1;
/**
 * Each warm-up (per thread count) lasts at least this many steps and this long: the first steps of
 * a new circuit are 5–20 times slower than later ones (compilation, first touch of the memory, the
 * worker starting).
 */
const WARM_UP_STEPS = 8;
const WARM_UP_MS = 20;
/** Wall time of each timed round, about. */
const ROUND_MS = 10;
/** Timed rounds, alternating one thread and two; the median of each is compared. */
const ROUNDS = 7;
const CALIBRATION_DT = 0.1;

/** The part of a Microcircuit the calibration drives. */
export interface CalibrationCircuit extends IntegrableSystem {
  readonly state: Float64Array;
  readonly threads: 1 | 2;
  readonly shape: { readonly inputSize: number; readonly outputSize: number };
  setInput(rates: ArrayLike<number>): void;
  setTarget(target: ArrayLike<number> | null): void;
  setPlasticity(on: boolean): void;
  /** Ends the kernels' worker thread. */
  dispose(): void;
}

/**
 * Whether a circuit's kernels can run on two threads here: only the WebAssembly kernels can, and
 * only where WebAssembly threads exist (SharedArrayBuffer and the threaded module of the circuit's
 * storage precision, which is what KernelMemory and Float32Memory check before they start a worker).
 */
export function threadsCanStart(kernels: KernelKind, precision: Precision): boolean {
  if (kernels !== 'wasm') return false;
  return precision === 'float32' ? threadedFloat32Available() : threadedKernelsAvailable();
}

/**
 * Resolves a thread setting for a circuit of `synapses` synapses, where two threads can start or
 * not (`canStart`, from threadsCanStart). 1 is taken as asked, and so is 2 where two threads can
 * start (else 1, saying so); 'auto' is 1 below AUTO_MIN_SYNAPSES, on a single CPU or where two
 * threads cannot start, and otherwise the faster count over a calibration: two throw-away copies of
 * the circuit built by `build` (one thread, two threads) take Euler steps at dt 0.1 ms with
 * plasticity on, a fixed input and a target, in alternating rounds of about 10 ms after a warm-up
 * (0.3–1.4 s in all at 784-500-500-10, longer under load). The circuit that runs is built
 * afterwards and never stepped here. The choice holds for the circuit's life: a load that changes
 * later is not followed.
 */
export function chooseThreads(setting: ThreadSetting, synapses: number, canStart: boolean, build: (threads: 1 | 2) => CalibrationCircuit): ThreadChoice {
  if (setting === 2 && !canStart) return { setting, threads: 1, calibration: null, reason: '2 asked; WebAssembly threads missing here (or the js kernels), so 1' };
  if (setting !== 'auto') return { setting, threads: setting, calibration: null, reason: 'as asked' };
  if (synapses < AUTO_MIN_SYNAPSES) return { setting, threads: 1, calibration: null, reason: `fewer than ${AUTO_MIN_SYNAPSES} synapses` };
  if (availableParallelism() < 2) return { setting, threads: 1, calibration: null, reason: 'one CPU' };
  if (!canStart) return { setting, threads: 1, calibration: null, reason: 'no WebAssembly threads (or the js kernels)' };
  const start = performance.now();
  const circuits = [build(1), build(2)];
  try {
    if (circuits[1].threads !== 2) return { setting, threads: 1, calibration: null, reason: 'the worker thread did not start' };
    let timed: ReturnType<typeof timeSteps>;
    try {
      timed = timeSteps(circuits);
    } catch (error) {
      // a copy that diverges under the calibration's fixed input must not stop the real run
      return { setting, threads: 1, calibration: null, reason: `calibration failed (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` };
    }
    const calibration = { ...timed, wallMs: performance.now() - start };
    const threads = fasterThreads(calibration.oneThreadMsPerStep, calibration.twoThreadsMsPerStep);
    const ratio = (calibration.oneThreadMsPerStep / calibration.twoThreadsMsPerStep).toFixed(2);
    return { setting, threads, calibration, reason: `two threads ×${ratio} the speed of one (chosen from ×${AUTO_MIN_GAIN})` };
  } finally {
    for (const c of circuits) c.dispose();
  }
}

/** 2 when two threads' step time is at least AUTO_MIN_GAIN times shorter than one thread's, else 1. */
export function fasterThreads(oneThreadMsPerStep: number, twoThreadsMsPerStep: number): 1 | 2 {
  return oneThreadMsPerStep >= AUTO_MIN_GAIN * twoThreadsMsPerStep ? 2 : 1;
}

/** Median wall ms per step of circuits[0] (one thread) and circuits[1] (two), in alternating rounds of equal step counts. */
function timeSteps(circuits: CalibrationCircuit[]): Omit<NonNullable<ThreadChoice['calibration']>, 'wallMs'> {
  const runs = circuits.map((c) => {
    c.setInput(new Float64Array(c.shape.inputSize).fill(0.5));
    c.setTarget(new Float64Array(c.shape.outputSize));
    c.setPlasticity(true);
    return { circuit: c, integrator: createIntegrator({ method: 'euler', dt: CALIBRATION_DT }), rng: new Random(1, 'thread calibration'), t: 0 };
  });
  const advance = (k: number, steps: number): number => {
    const run = runs[k];
    const start = performance.now();
    const t1 = run.t + steps * CALIBRATION_DT;
    run.integrator.advance(run.circuit, run.circuit.state, run.t, t1, run.rng, null);
    run.t = t1;
    return performance.now() - start;
  };
  // Warm-up; its last half estimates the step time.
  let longest = 0;
  for (let k = 0; k < runs.length; k++) {
    let steps = 0;
    let elapsed = 0;
    while (steps < WARM_UP_STEPS || elapsed < WARM_UP_MS) {
      elapsed += advance(k, 1);
      steps++;
    }
    const half = Math.ceil(steps / 2);
    longest = Math.max(longest, advance(k, half) / half);
  }
  // floor the step time so a timer that reads 0 cannot make the rounds endless
  const stepsPerRound = Math.max(2, Math.ceil(ROUND_MS / Math.max(longest, 1e-3)));
  const times: number[][] = [[], []];
  for (let r = 0; r < ROUNDS; r++) {
    for (let q = 0; q < 2; q++) {
      const k = (q + r) % 2;
      times[k].push(advance(k, stepsPerRound) / stepsPerRound);
    }
  }
  const median = (a: number[]) => a.slice().sort((x, y) => x - y)[a.length >> 1];
  return { oneThreadMsPerStep: median(times[0]), twoThreadsMsPerStep: median(times[1]), stepsPerRound, rounds: ROUNDS };
}
