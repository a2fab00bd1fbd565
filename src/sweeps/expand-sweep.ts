import { dirname, resolve } from 'node:path';
import { InputError } from '../core/input-error.ts';
import { experimentSchema } from '../experiment-file/experiment-schema.ts';
import { parseOrThrow } from '../core/zod-issues.ts';
import { readInputText } from '../io/read-input-file.ts';
import { Random } from '../random/random.ts';
import { drawValue, gridValues } from './axis-values.ts';
import { getPointer, setPointer } from './json-pointer.ts';
import { pointHash } from './point-hash.ts';
import { isTrainDocument, trainBaseSchema } from './train-config.ts';
import { sweepSchema, type MetricSpec } from './sweep-schema.ts';

/** One run of a sweep: the values its axes take and the experiment they make. */
export interface SweepPoint {
  /** Position in the expansion, from 0. */
  readonly index: number;
  /** Axis pointer → value, in the sweep file's axis order. */
  readonly params: Readonly<Record<string, unknown>>;
  /**
   * The experiment document of this point (or `{"train": …}` configuration): the base with every
   * default filled in, then the axes applied. When the axes made it invalid (a negative `dt`), it fails when run, naming the field.
   */
  readonly experiment: unknown;
  /** pointHash of the point's resolved experiment (of the document itself when it does not resolve). */
  readonly hash: string;
}

/** A sweep file expanded into its points. */
export interface Sweep {
  readonly points: readonly SweepPoint[];
  /** The axis pointers, in order. */
  readonly axes: readonly string[];
  /** Axes given as `log` or `logUniform` are drawn on a log scale in the figures. */
  readonly logAxes: readonly string[];
  readonly metrics: Readonly<Record<string, MetricSpec>>;
  /** Relative paths of the experiments (`.npy` weights, sinks) resolve from here. */
  readonly baseDir: string;
}

function readJson(path: string, what: string): unknown {
  const text = readInputText(path, what);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(path, `not valid JSON: ${(e as Error).message}`);
  }
}

/** Reads, checks and expands a sweep file; every problem is an InputError naming its field. */
export function loadSweep(path: string): Sweep {
  return parseSweep(readJson(path, 'sweep file'), dirname(path));
}

/**
 * Checks and expands a parsed sweep document. A base given as a path is read relative to
 * `sweepDir`, and its experiment's own relative paths to the base file's folder.
 */
export function parseSweep(json: unknown, sweepDir: string): Sweep {
  const file = parseOrThrow(sweepSchema, json, '');
  const basePath = typeof file.base === 'string' ? resolve(sweepDir, file.base) : null;
  const baseDoc = basePath === null ? file.base : readJson(basePath, 'base experiment file');
  // A training base (`{"train": …}`) or an experiment; either way the base's defaults are filled in.
  const schema = isTrainDocument(baseDoc) ? trainBaseSchema : experimentSchema;
  const base = parseOrThrow(schema, baseDoc, basePath === null ? 'base' : basePath);
  const axes = Object.keys(file.axes);
  for (const pointer of axes) {
    if (!pointer.startsWith('/')) throw new InputError(`axes.${pointer}`, `expected a JSON pointer starting with "/" (e.g. "/neuron/noise")`);
    getPointer(base, pointer.slice(0, pointer.lastIndexOf('/')), `axes.${pointer}`);
  }
  for (const [name, metric] of Object.entries(file.metrics)) {
    const pointer = typeof metric === 'string' ? metric : metric.pointer;
    if (!pointer.startsWith('/')) throw new InputError(`metrics.${name}`, `expected a JSON pointer into the result starting with "/" (e.g. "/outputs/0/0"), got ${JSON.stringify(pointer)}`);
  }

  const combos = combinations(file, axes);
  const points = combos.map((values, index) => {
    let experiment: unknown = base;
    const params: Record<string, unknown> = {};
    axes.forEach((pointer, a) => {
      params[pointer] = values[a];
      experiment = setPointer(experiment, pointer, values[a], `axes.${pointer}`);
    });
    const resolved = schema.safeParse(experiment);
    return { index, params, experiment, hash: pointHash(resolved.success ? resolved.data : experiment) };
  });
  const logAxes = axes.filter((a) => {
    const spec = file.axes[a];
    return !Array.isArray(spec) && ('log' in spec || 'logUniform' in spec);
  });
  return { points, axes, logAxes, metrics: file.metrics, baseDir: basePath === null ? sweepDir : dirname(basePath) };
}

/** The value of every axis at every point: a product, a zip, or random draws. */
function combinations(file: ReturnType<typeof sweepSchema.parse>, axes: readonly string[]): unknown[][] {
  if (file.random !== undefined) {
    // One stream per axis, so that adding an axis does not change the values drawn for the others.
    const streams = axes.map((pointer) => new Random(file.random!.seed, `sweep axis ${pointer}`));
    return Array.from({ length: file.random.samples }, () => axes.map((pointer, a) => drawValue(file.axes[pointer], `axes.${pointer}`, streams[a])));
  }
  const grids = axes.map((pointer) => gridValues(file.axes[pointer], `axes.${pointer}`));
  if (file.combine === 'zip') {
    const n = grids[0].length;
    grids.forEach((g, a) => {
      if (g.length !== n) throw new InputError(`axes.${axes[a]}`, `zip needs axes of equal length: ${axes[0]} has ${n} values, this one ${g.length}`);
    });
    return Array.from({ length: n }, (_, i) => grids.map((g) => g[i]));
  }
  let out: unknown[][] = [[]];
  for (const g of grids) out = out.flatMap((prefix) => g.map((v) => [...prefix, v]));
  return out;
}
