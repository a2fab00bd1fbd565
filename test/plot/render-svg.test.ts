import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSvg, writeSvg } from '../../src/plot/render-svg.ts';
import type { VegaLiteSpec } from '../../src/plot/render-svg.ts';
import { checkSvg } from './svg-check.ts';

const spec: VegaLiteSpec = {
  title: 'Two points',
  data: { values: [{ x: 1, y: 2 }, { x: 2, y: 3 }] },
  mark: 'point',
  encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('renderSvg', () => {
  it('renders a well-formed SVG document', async () => {
    const svg = await renderSvg(spec);
    checkSvg(svg);
    expect(svg).toContain('Two points');
    expect(svg.match(/aria-roledescription="point"/g)).toHaveLength(2);
  });

  it('sends warnings to stderr and nothing to stdout', async () => {
    const stdout = vi.spyOn(process.stdout, 'write');
    const log = vi.spyOn(console, 'log');
    const info = vi.spyOn(console, 'info');
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    // An unknown encoding channel: vega-lite warns and drops it.
    const odd = { ...spec, encoding: { ...spec.encoding, wobble: { field: 'x' } } } as unknown as VegaLiteSpec;
    checkSvg(await renderSvg(odd));
    expect(error).toHaveBeenCalledWith('WARN', expect.stringContaining('wobble'));
    expect(stdout).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
    expect(info).not.toHaveBeenCalled();
  });
});

describe('writeSvg', () => {
  let dir = '';
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates missing folders and writes the SVG', async () => {
    dir = await mkdtemp(join(tmpdir(), 'plot-'));
    const path = join(dir, 'figures', 'nested', 'two-points.svg');
    await writeSvg(path, spec);
    checkSvg(await readFile(path, 'utf8'));
  });
});
