/**
 * Keeps docs/experiment-format.md true to the code: every field of the experiment file's zod schema
 * (and every allowed string value) is documented, every default the document states is the
 * schema's, every JSON example loads with the project's own loader, and the documented complete
 * example (with plasticity) runs through `npm run simulate` to a finite result.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CircuitShape, CONNECTIONS } from '../../src/anatomy/circuit-shape.ts';
import { experimentSchema, explicitWeightsSchema, initWeightsSchema } from '../../src/experiment-file/experiment-schema.ts';
import { loadExperiment, parseExperiment } from '../../src/experiment-file/load-experiment.ts';
import { writeNpy } from '../../src/io/npy.ts';
import { PAPER_REGRESSION_PLASTICITY } from '../../src/plasticity/plasticity-config.ts';

const DOC_PATH = join(__dirname, '../../docs/experiment-format.md');
const doc = readFileSync(DOC_PATH, 'utf8');
const dir = mkdtempSync(join(tmpdir(), 'experiment-format-doc-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface SchemaWalk {
  /** Dotted field paths, `[]` for array elements: `protocol.patterns[].input`. */
  fields: Set<string>;
  /** Every string an enum or literal allows. */
  values: Set<string>;
}

/** Collects field paths and allowed strings of a zod schema, looking through wrappers, arrays and unions. */
function walk(schema: z.ZodType, path: string, out: SchemaWalk): void {
  const def = (schema as unknown as { def: Record<string, any> }).def;
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, z.ZodType>)) {
        const p = path === '' ? key : `${path}.${key}`;
        out.fields.add(p);
        walk(child, p, out);
      }
      break;
    case 'optional':
    case 'default':
    case 'nullable':
    case 'prefault':
    case 'readonly':
      walk(def.innerType, path, out);
      break;
    case 'array':
      walk(def.element, `${path}[]`, out);
      break;
    case 'union':
      for (const option of def.options as z.ZodType[]) walk(option, path, out);
      break;
    case 'record':
      walk(def.valueType, path, out);
      break;
    case 'enum':
      for (const v of Object.values(def.entries as Record<string, string>)) out.values.add(v);
      break;
    case 'literal':
      for (const v of def.values as unknown[]) if (typeof v === 'string') out.values.add(v);
      break;
    default:
      break;
  }
}

const schemaWalk: SchemaWalk = { fields: new Set(), values: new Set() };
walk(experimentSchema, '', schemaWalk);
walk(explicitWeightsSchema, 'weights', schemaWalk);
walk(initWeightsSchema, 'weights', schemaWalk);

/** Every ```json block of the document, parsed. */
const examples: unknown[] = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]));

/** The rows of every markdown table whose header has `field` and `default` columns: field path → default cell. */
function documentedDefaults(): Map<string, string> {
  const defaults = new Map<string, string>();
  const lines = doc.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i].startsWith('| field |')) continue;
    const header = lines[i].split('|').map((c) => c.trim());
    const col = header.indexOf('default');
    for (let j = i + 2; j < lines.length && lines[j].startsWith('|'); j++) {
      const cells = lines[j].split('|').map((c) => c.trim());
      const field = /^`([^`]+)`$/.exec(cells[1]);
      if (field !== null && col > 0) defaults.set(field[1], cells[col]);
    }
  }
  return defaults;
}

/** Writes the `.npy` files an example names, with the shapes its dims call for (values 0.1·(i+1)). */
function writeNamedNpyFiles(example: Record<string, any>, folder: string): number {
  const weights = example.weights as Record<string, unknown> | undefined;
  if (weights === undefined || 'init' in weights) return 0;
  const shape = new CircuitShape(example.dims as number[]);
  let written = 0;
  for (const c of CONNECTIONS) {
    const list = weights[c] as unknown[] | undefined;
    list?.forEach((m, i) => {
      if (typeof m !== 'object' || m === null || Array.isArray(m) || !('npy' in m)) return;
      const [rows, cols] = shape.matrixShape(c, i);
      const path = join(folder, (m as { npy: string }).npy);
      mkdirSync(dirname(path), { recursive: true });
      writeNpy(path, Float64Array.from({ length: rows * cols }, (_, k) => 0.1 * ((k % 7) - 3)), [rows, cols]);
      written++;
    });
  }
  return written;
}

describe('docs/experiment-format.md', () => {
  it('names every field of the schema and every allowed value', () => {
    // The walk itself must have found the schema (dims … seed, the nested blocks, both weight forms).
    expect(schemaWalk.fields.size).toBeGreaterThan(45);
    expect(schemaWalk.fields).toContain('protocol.patterns[].target');
    expect(schemaWalk.fields).toContain('weights.init.pi');
    expect(schemaWalk.values).toContain('expEuler');
    const missingFields = [...schemaWalk.fields].filter((f) => !doc.includes(`\`${f}\``));
    expect(missingFields).toEqual([]);
    const missingValues = [...schemaWalk.values].filter((v) => !doc.includes(`"${v}"`));
    expect(missingValues).toEqual([]);
  });

  it('states the schema\'s defaults', () => {
    // Resolve a document with every optional block present but empty, then read each default.
    const resolved = parseExperiment(
      { dims: [2, 3, 2], plasticity: { eta: { up: [0, 0], ip: [0], pi: [0] } }, protocol: { tPattern: 10, patterns: [{ input: [0, 0] }] } },
      dir,
    ).resolved as Record<string, any>;
    const odex = parseExperiment({ dims: [2, 3, 2], integrator: { method: 'odex' }, protocol: { tPattern: 10, patterns: [{ input: [0, 0] }] } }, dir)
      .resolved.integrator as Record<string, unknown>;
    const valueAt = (path: string): unknown => {
      if (path.startsWith('integrator.') && path !== 'integrator.method' && path !== 'integrator.dt') return odex[path.slice('integrator.'.length)];
      return path.split('.').reduce<any>((o, key) => o?.[key], resolved);
    };
    let checked = 0;
    for (const [field, cell] of documentedDefaults()) {
      const single = /^`([^`]+)`$/.exec(cell);
      if (single === null || field.includes('[]') || field.startsWith('weights')) continue;
      const actual = valueAt(field);
      if (actual === undefined) continue;
      expect({ field, value: JSON.parse(single[1]) }).toEqual({ field, value: actual });
      checked++;
    }
    // neuron (8 + 3 phi), plasticity (tauW, learningLag), integrator (method, rtol, atol, maxDt), protocol (tau0, outputLag), seed
    expect(checked).toBeGreaterThanOrEqual(19);
    // The default weights rule and the Fig. 2 rates quoted in the text.
    expect(resolved.weights).toEqual({ init: { up: 1, down: 1, ip: 1, pi: 1 } });
    expect(doc).toContain('`{ "init": { "up": 1, "down": 1, "ip": 1, "pi": 1 } }`');
    const { up, ip, pi, down } = PAPER_REGRESSION_PLASTICITY.eta;
    expect(doc).toContain(`"up": ${JSON.stringify(up).replaceAll(',', ', ')}, "ip": ${JSON.stringify(ip)}, "pi": ${JSON.stringify(pi)}, "down": ${JSON.stringify(down)}`);
  });

  it('has examples that all load with the project\'s loader', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
    let npyFiles = 0;
    examples.forEach((example, i) => {
      const folder = join(dir, `example-${i}`);
      mkdirSync(folder);
      npyFiles += writeNamedNpyFiles(example as Record<string, any>, folder);
      const file = join(folder, 'experiment.json');
      writeFileSync(file, JSON.stringify(example));
      expect(() => loadExperiment(file), `example ${i + 1}`).not.toThrow();
    });
    expect(npyFiles).toBe(5);
  });

  it('runs the complete example, with plasticity, through npm run simulate to a finite result', () => {
    const full = examples.find((e) => (e as Record<string, unknown>).plasticity !== undefined) as Record<string, any>;
    expect(full).toBeDefined();
    const folder = join(dir, 'full');
    mkdirSync(folder);
    const file = join(folder, 'experiment.json');
    writeFileSync(file, JSON.stringify(full));
    const out = join(folder, 'result.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', file, '--out', out], {
      encoding: 'utf8',
      env: { ...process.env, NO_PROGRESS: '1' },
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout.trim());
    expect(line.patterns).toBe(full.protocol.patterns.length);

    const result = JSON.parse(readFileSync(out, 'utf8'));
    const nPatterns = full.protocol.patterns.length;
    expect(result.outputs).toHaveLength(nPatterns);
    for (const row of result.outputs) {
      expect(row).toHaveLength(full.dims[2]);
      for (const x of row) expect(Number.isFinite(x)).toBe(true);
    }
    expect(result.stats.simulatedMs).toBeCloseTo(nPatterns * full.protocol.tPattern, 9);

    // Plasticity ran: W^up and W^PI moved from their start, W^down (rate 0) did not move at all.
    const start = parseExperiment(full, folder).weights;
    const change = (c: 'up' | 'pi' | 'down', i: number) =>
      Math.max(...(result.weights[c][i] as number[][]).flat().map((x, k) => Math.abs(x - start[c][i].data[k])));
    expect(change('up', 0)).toBeGreaterThan(1e-6);
    expect(change('up', 1)).toBeGreaterThan(1e-6);
    expect(change('pi', 0)).toBeGreaterThan(1e-6);
    expect(change('down', 0)).toBe(0);
    for (const x of result.weights.up.flat(2)) expect(Number.isFinite(x)).toBe(true);

    // The recording: one frame per ms from 0 to the end, two hidden apical potentials, the output rates.
    const frames = nPatterns * full.protocol.tPattern + 1;
    expect(result.recordings.map((p: { probe: string; width: number }) => [p.probe, p.width])).toEqual([
      ['pyramidal 1 apical', 2],
      ['pyramidal 2 rate', 3],
    ]);
    expect(result.recordings[0].times).toHaveLength(frames);
    for (const p of result.recordings) for (const x of p.values.flat()) expect(Number.isFinite(x)).toBe(true);
    // Defaults filled in and echoed.
    expect(result.experiment.plasticity.eta.down).toEqual([0]);
    expect(result.experiment.seed).toBe(full.seed);
  });

  it('is where the --help text and the unknown-field error send users', () => {
    const help = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/simulate.ts', '--help'], { encoding: 'utf8' });
    expect(help.stdout).toContain('docs/experiment-format.md');
    const unknown = () => parseExperiment({ dims: [2, 3, 2], neuron: { gleak: 0.1 }, protocol: { tPattern: 10, patterns: [{ input: [0, 0] }] } }, dir);
    expect(unknown).toThrow(/^neuron\.gleak: unknown field; .*\(docs\/experiment-format\.md lists the fields\)$/);
    expect(DOC_PATH.endsWith(join('docs', 'experiment-format.md'))).toBe(true);
  });
});
