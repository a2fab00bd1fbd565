import { describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../src/plot/decimate.ts';
import { lineChart } from '../../src/plot/line-chart.ts';
import type { LineChartOptions } from '../../src/plot/line-chart.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { checkSvg, countMarkGroups } from './svg-check.ts';

interface Row {
  series: string;
  x: number;
  y?: number;
  lo?: number;
  hi?: number;
}

/** The data rows of one layer (`line` or `band`) of a line chart spec. */
function rows(options: LineChartOptions, layer: string): Row[] {
  const spec = lineChart(options) as unknown as { layer: { name: string; data: { values: Row[] } }[] };
  return spec.layer.find((l) => l.name === layer)?.data.values ?? [];
}

const axes = { title: 'Learning curves', x: { label: 'pattern' }, y: { label: 'loss' } };

describe('lineChart', () => {
  it('renders one line per series, bands where given, and the title', async () => {
    const x = [0, 1, 2, 3];
    const series = ['a', 'b', 'c', 'd'].map((name, k) => ({
      name,
      x,
      y: x.map((v) => v + k),
      band: k < 2 ? { lo: x.map((v) => v + k - 0.5), hi: x.map((v) => v + k + 0.5) } : undefined,
    }));
    const svg = await renderSvg(lineChart({ ...axes, series }));
    checkSvg(svg);
    expect(svg).toContain('Learning curves');
    expect(countMarkGroups(svg, 'line', 'line')).toBe(4);
    expect(countMarkGroups(svg, 'area', 'band')).toBe(2);
    for (const name of ['a', 'b', 'c', 'd']) expect(svg).toContain(`>${name}</text>`);
  });

  it('thins a long series to the bound, keeping its first and last points', () => {
    const n = 100_000;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = x.map((v) => Math.sin(v));
    const band = { lo: y.map((v) => v - 1), hi: y.map((v) => v + 1) };
    const line = rows({ ...axes, series: [{ name: 's', x, y, band }] }, 'line');
    expect(line.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(line[0]).toEqual({ series: 's', x: 0, y: 0 });
    expect(line.at(-1)).toEqual({ series: 's', x: n - 1, y: y[n - 1] });
    expect(rows({ ...axes, series: [{ name: 's', x, y, band }] }, 'band').map((r) => r.x)).toEqual(line.map((r) => r.x));
  });

  it('drops points with a non-finite coordinate, and band points with a non-finite bound', () => {
    const x = [0, 1, NaN, 3, 4, Infinity];
    const y = [0, -Infinity, 2, 3, NaN, 5];
    const band = { lo: [-1, -1, -1, NaN, -1, -1], hi: [1, 1, 1, 1, 1, 1] };
    const options = { ...axes, series: [{ name: 's', x, y, band }] };
    expect(rows(options, 'line').map((r) => r.x)).toEqual([0, 3]);
    expect(rows(options, 'band').map((r) => r.x)).toEqual([0]);
  });

  it('drops non-positive values on a log axis', () => {
    const x = [-1, 0, 1, 2, 3, 4];
    const y = [1, 1, 1, 0, -2, 4];
    const log = { ...axes, x: { label: 'pattern', scale: 'log' as const }, series: [{ name: 's', x, y }] };
    expect(rows(log, 'line').map((r) => r.x)).toEqual([1, 2, 3, 4]);
    expect(rows({ ...log, y: { label: 'loss', scale: 'log' } }, 'line').map((r) => r.x)).toEqual([1, 4]);
  });

  it('rejects series of mismatched length and duplicate names', () => {
    expect(() => lineChart({ ...axes, series: [{ name: 's', x: [1, 2], y: [1] }] })).toThrow(/"s" y has 1 values, x has 2/);
    const s = { name: 's', x: [1], y: [1] };
    expect(() => lineChart({ ...axes, series: [s, s] })).toThrow(/unique/);
  });
});
