import { existsSync, readdirSync, readFileSync, statSync, type Dirent } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';

/** A numeric series of a finished run, as the run browser overlays it: y against x. */
export interface RunSeries {
  readonly x: number[];
  readonly y: number[];
  /** Title of the x axis: the key the x values came from (patterns, epoch, …). */
  readonly xLabel: string;
}

/** One finished run: a folder holding result.json, with what the run browser shows of it. */
export interface RunFolder {
  /** Folder path relative to the root, with '/' separators ('' for the root itself). */
  readonly path: string;
  /** Runs with the same name are overlaid: the JSON line's `experiment`, the training's data and model, or the folder's name. */
  readonly experiment: string;
  /** The command's JSON line (line.json), or null when the folder has none. */
  readonly line: Record<string, unknown> | null;
  /** `settings` (examples) or `setup` (training) of result.json, or null. */
  readonly settings: unknown;
  /** Files of the folder, relative to the root: figures (.svg) and the rest. */
  readonly figures: readonly string[];
  readonly files: readonly string[];
  /** Series found in result.json (runSeries), by name. */
  readonly series: Readonly<Record<string, RunSeries>>;
  /** Last modification of result.json (ms since 1970). */
  readonly modified: number;
}

/** Keys whose numeric array is the x of its sibling arrays of the same length. */
const X_KEYS = ['patterns', 'epochs', 'epoch', 'times', 'time', 'steps', 'x'];
/** result.json files larger than this are listed without settings or series (not parsed). */
const MAX_PARSED_BYTES = 64 * 2 ** 20;
/** Folder levels searched below the root. */
const MAX_DEPTH = 4;

const isNumbers = (v: unknown): v is number[] => Array.isArray(v) && v.length > 0 && v.every((e) => typeof e === 'number');

/**
 * The series of a result: in every object, each numeric array beside an x array of the same length
 * (a key of X_KEYS, e.g. `seeds[0].piRatio` against `seeds[0].patterns`; objects without one use
 * their parent's: `seeds[0].mse.backprop`), and in every array of records with a numeric `epoch`,
 * each numeric field against it (`history.testError`).
 */
export function runSeries(result: unknown): Record<string, RunSeries> {
  const out: Record<string, RunSeries> = {};
  type X = { values: number[]; label: string } | null;
  const walk = (value: unknown, path: string, depth: number, inherited: X) => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      if (value.length > 0 && value.every((r) => r !== null && typeof r === 'object' && typeof (r as { epoch?: unknown }).epoch === 'number')) {
        const records = value as Record<string, unknown>[];
        const x = records.map((r) => r.epoch as number);
        for (const key of Object.keys(records[0])) {
          if (key === 'epoch' || !records.every((r) => typeof r[key] === 'number' || r[key] === null)) continue;
          out[`${path}.${key}`] = { x, y: records.map((r) => (r[key] as number | null) ?? NaN), xLabel: 'epoch' };
        }
        return;
      }
      if (value.length <= 64) value.forEach((v, i) => walk(v, `${path}[${i}]`, depth + 1, null));
      return;
    }
    const record = value as Record<string, unknown>;
    const xKey = X_KEYS.find((k) => isNumbers(record[k]));
    const x: X = xKey === undefined ? inherited : { values: record[xKey] as number[], label: xKey };
    for (const [key, v] of Object.entries(record)) {
      const name = path === '' ? key : `${path}.${key}`;
      if (x !== null && key !== xKey && isNumbers(v) && v.length === x.values.length) out[name] = { x: x.values, y: v, xLabel: x.label };
      else walk(v, name, depth + 1, x);
    }
  };
  walk(result, '', 0, null);
  return out;
}

/** The folders under `root` (at most MAX_DEPTH levels down, symbolic links not followed) that hold a result.json. */
export function findRuns(root: string): RunFolder[] {
  const runs: RunFolder[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === 'result.json')) runs.push(readRun(root, dir, entries));
    if (depth < MAX_DEPTH) for (const e of entries) if (e.isDirectory() && !e.name.startsWith('.')) visit(join(dir, e.name), depth + 1);
  };
  visit(root, 0);
  return runs.sort((a, b) => a.experiment.localeCompare(b.experiment) || a.path.localeCompare(b.path));
}

function readJson(file: string): unknown {
  if (!existsSync(file) || statSync(file).size > MAX_PARSED_BYTES) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function readRun(root: string, dir: string, entries: Dirent[]): RunFolder {
  const rel = (name: string) => relative(root, join(dir, name)).split(sep).join('/');
  const result = readJson(join(dir, 'result.json')) as Record<string, unknown> | null;
  const lineValue = readJson(join(dir, 'line.json'));
  const line = lineValue !== null && typeof lineValue === 'object' && !Array.isArray(lineValue) ? (lineValue as Record<string, unknown>) : null;
  const files = entries.filter((e) => e.isFile()).map((e) => e.name).sort();
  const training = result !== null && typeof result.data === 'string' && typeof result.model === 'string' ? `train ${result.data} ${result.model}${typeof result.mode === 'string' ? ` ${result.mode}` : ''}` : null;
  const experiment = typeof line?.experiment === 'string' ? line.experiment : training ?? basename(dir);
  return {
    path: rel(''),
    experiment,
    line,
    settings: result?.settings ?? result?.setup ?? null,
    figures: files.filter((f) => f.endsWith('.svg')).map(rel),
    files: files.filter((f) => !f.endsWith('.svg')).map(rel),
    series: result === null ? {} : runSeries(result),
    modified: statSync(join(dir, 'result.json')).mtimeMs,
  };
}
