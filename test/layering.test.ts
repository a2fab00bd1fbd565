import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, bottom first, as ARCHITECTURE.md's table gives them (read from there, so the
 * document and this check cannot disagree). A folder may import its own files and folders of a
 * lower layer, never one of its own layer or above; nothing in src/ imports examples/, bench/ or
 * test/. src/index.ts, the public entry point, sits above every layer.
 */
function layersFromArchitecture(): string[][] {
  const text = readFileSync(resolve(__dirname, '../ARCHITECTURE.md'), 'utf8');
  const rows = [...text.matchAll(/^\| (\d+) \| ([a-z, -]+) \|/gm)];
  rows.forEach((r, i) => {
    if (Number(r[1]) !== i) throw new Error(`ARCHITECTURE.md: layer ${r[1]} where ${i} was expected (layers count up from 0)`);
  });
  return rows.map((r) => r[2].split(',').map((f) => f.trim()));
}

const LAYERS = layersFromArchitecture();
const SRC = resolve(__dirname, '../src');
const rank = new Map(LAYERS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

it('ARCHITECTURE.md gives the layers: at least core at the bottom and cli at the top', () => {
  expect(LAYERS[0]).toEqual(['core']);
  expect(LAYERS[LAYERS.length - 1]).toEqual(['cli']);
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.(ts|mts|mjs)$/.test(name) ? [path] : [];
  });
}

/** Relative specifiers of every static import, re-export and dynamic import of a file. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) specs.push(m[1]);
  return specs;
}

/** The top-level folder of src/ a path lies in, '' for src/ itself, null outside src/. */
function folderOf(path: string): string | null {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return null;
  return rel.includes(sep) ? rel.split(sep)[0] : '';
}

describe('layering of src/', () => {
  const files = sourceFiles(SRC);

  it('every folder of src/ has a layer', () => {
    const folders = readdirSync(SRC).filter((n) => statSync(join(SRC, n)).isDirectory());
    expect(folders.filter((f) => !rank.has(f))).toEqual([]);
  });

  it('no file imports its own layer or one above it, nor anything outside src/', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = folderOf(file)!;
      for (const spec of importsOf(file)) {
        const target = resolve(dirname(file), spec);
        const to = folderOf(target);
        const where = `${relative(SRC, file)} → ${spec}`;
        if (to === null) violations.push(`${where} (outside src/)`);
        else if (from === '' || to === from) continue;
        else if (to === '') violations.push(`${where} (the entry point)`);
        else if (!(rank.get(to)! < rank.get(from)!)) violations.push(`${where} (${to} is not below ${from})`);
      }
    }
    expect(violations).toEqual([]);
  });
});
