import { totalmem } from 'node:os';
import { InputError } from '../core/input-error.ts';
import type { IntegratorSpec } from '../integrators/create-integrator.ts';
import { ODEX_MAX_STEPS_PER_SEGMENT } from '../integrators/odex-integrator.ts';

/**
 * Limits on what one run may ask for, checked from the experiment's numbers before anything is
 * allocated or integrated, so that a run that could not finish (dt 1e-300, tPattern 1e308) or
 * could not fit (dims [3, 1e9, 2]) is refused at once with the estimate instead of running for
 * hours or being killed by the operating system.
 */
export interface RunLimits {
  /** Most integration steps plus recorded frames (fixed-step methods; odex when maxDt bounds its steps). */
  readonly maxSteps: number;
  /** Most bytes the run's arrays and result may take. */
  readonly maxBytes: number;
}

/** Steps a run may take by default: 1e8 steps of a small circuit take a few minutes. */
export const DEFAULT_MAX_STEPS = 1e8;

/** Half the machine's memory: the estimate below is rough, and the machine runs more than this. */
export function defaultRunLimits(): RunLimits {
  return { maxSteps: DEFAULT_MAX_STEPS, maxBytes: Math.floor(totalmem() / 2) };
}

/** Weights (all matrices) and neurons of a circuit with these layer sizes (docs/model.md: up, down, ip, pi). */
export function circuitSize(dims: readonly number[]): { weights: number; neurons: number } {
  const N = dims.length - 1;
  let weights = 0;
  let neurons = 0;
  for (let k = 1; k <= N; k++) {
    weights += dims[k] * dims[k - 1];
    neurons += dims[k];
    // hidden layer k: down (d_k × d_{k+1}), ip (d_{k+1} × d_k), pi (d_k × d_{k+1}), and d_{k+1} interneurons
    if (k < N) {
      weights += 3 * dims[k] * dims[k + 1];
      neurons += dims[k + 1];
    }
  }
  return { weights, neurons: neurons + dims[0] };
}

/**
 * Bytes per weight: the weight set read from the file, the circuit's fixed copy, the plastic
 * weight and its trace in the state vector, the derivative's buffers, a checkpoint's copy, the
 * result's arrays (about 8 float64 copies, 64 bytes) and the result's JSON text (about 24 bytes
 * per number); per neuron the same order of copies.
 */
const BYTES_PER_VALUE = 88;
/**
 * Bytes per weight the `threads: 'auto'` calibration holds while it runs: two throw-away circuits
 * (src/circuits/thread-choice.ts), each with a fixed copy, the plastic weight and its trace.
 */
const CALIBRATION_BYTES_PER_WEIGHT = 2 * 24;
/** Bytes per recorded number held for the result: a float64 and its JSON text. */
const BYTES_PER_RECORDED = 32;

/** What the run's numbers imply, for the checks and their messages. */
export interface RunEstimate {
  readonly steps: number;
  readonly frames: number;
  readonly bytes: number;
}

export interface RunShape {
  readonly dims: readonly number[];
  readonly patterns: number;
  readonly tPattern: number;
  /** The longest span between two events of a pattern (≤ tPattern). */
  readonly longestSpan: number;
  readonly integrator: IntegratorSpec;
  /** Recording held in memory for the result (null: none, or it streams to a sink). */
  readonly heldRecord: { readonly every: number; readonly width: number } | null;
  /** Recording streamed to a file. */
  readonly streamedEvery: number | null;
}

/** Steps (each pattern's spans, partial steps included), frames and bytes of a run. */
export function estimateRun(r: RunShape): RunEstimate {
  const { weights, neurons } = circuitSize(r.dims);
  const simulated = r.patterns * r.tPattern;
  let steps = 0;
  const spec = r.integrator;
  if (spec.method !== 'odex') steps = r.patterns * (Math.ceil(r.tPattern / spec.dt) + 3);
  else if (spec.maxDt > 0) steps = r.patterns * Math.ceil(r.tPattern / spec.maxDt);
  const every = r.heldRecord?.every ?? r.streamedEvery;
  const frames = every === null ? 0 : Math.floor(simulated / every) + 1;
  const outputs = r.patterns * r.dims[r.dims.length - 1];
  const recorded = r.heldRecord === null ? 0 : frames * (r.heldRecord.width + 1);
  const calibration = spec.threads === 'auto' ? CALIBRATION_BYTES_PER_WEIGHT * weights : 0;
  const bytes = BYTES_PER_VALUE * (weights + neurons) + calibration + BYTES_PER_RECORDED * (outputs + recorded);
  return { steps, frames, bytes };
}

function human(bytes: number): string {
  if (!Number.isFinite(bytes)) return 'unboundedly many bytes';
  const units = ['bytes', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let u = 0;
  let x = bytes;
  while (x >= 1000 && u < units.length - 1) {
    x /= 1000;
    u++;
  }
  return `${Number(x.toPrecision(3))} ${units[u]}`;
}

function count(n: number): string {
  if (!Number.isFinite(n)) return 'unboundedly many';
  return n < 1e9 ? Number(n.toPrecision(3)).toLocaleString('en-US') : n.toExponential(2);
}

/** Throws an InputError (exit 2) with the estimate when the run exceeds a limit. */
export function checkRunLimits(r: RunShape, limits: RunLimits): RunEstimate {
  const e = estimateRun(r);
  const spec = r.integrator;
  if (!(e.bytes <= limits.maxBytes)) {
    throw new InputError(
      'dims',
      `the circuit ${r.dims.join('-')} (${count(circuitSize(r.dims).weights)} weights) and its result need about ${human(e.bytes)}, above the limit of ${human(limits.maxBytes)}; use smaller layers or raise the limit with --max-memory`,
    );
  }
  if (spec.method === 'odex' && spec.maxDt > 0 && r.longestSpan / spec.maxDt > ODEX_MAX_STEPS_PER_SEGMENT) {
    throw new InputError(
      'integrator.maxDt',
      `${spec.maxDt} ms makes odex take ${count(r.longestSpan / spec.maxDt)} steps between two events, above its limit of ${count(ODEX_MAX_STEPS_PER_SEGMENT)}; use a larger maxDt (or 0: odex chooses)`,
    );
  }
  if (!(e.steps + e.frames <= limits.maxSteps)) {
    const field = e.frames > e.steps ? 'record.every' : spec.method === 'odex' ? 'integrator.maxDt' : 'integrator.dt';
    throw new InputError(
      field,
      `this run would take about ${count(e.steps)} steps and ${count(e.frames)} recorded frames (${r.patterns} patterns × ${r.tPattern} ms), above the limit of ${count(limits.maxSteps)}; use a larger step or fewer or shorter patterns, or raise the limit with --max-steps`,
    );
  }
  return e;
}

/** The smallest odex relative tolerance float64 can meet: about 500 units of rounding (2.2e-16). */
export const ODEX_MIN_RTOL = 1e-13;

/** Refuses odex tolerances that float64 arithmetic cannot meet (the solver would shrink its step for ever). */
export function checkOdexTolerances(spec: IntegratorSpec): void {
  if (spec.method !== 'odex') return;
  if (spec.rtol < ODEX_MIN_RTOL) {
    throw new InputError('integrator.rtol', `${spec.rtol} is below what float64 arithmetic can meet (about ${ODEX_MIN_RTOL}, 500 units of rounding); use rtol ≥ ${ODEX_MIN_RTOL}`);
  }
}
