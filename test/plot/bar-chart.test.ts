import { describe, expect, it } from 'vitest';
import { barChart } from '../../src/plot/bar-chart.ts';
import type { BarValue } from '../../src/plot/bar-chart.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { checkSvg } from './svg-check.ts';

const axes = { title: 'Test error', x: { label: 'task' }, y: { label: 'error (mean ± sd)' } };

/** The rect paths vega draws for the bar layer: one per drawn bar. */
const barCount = (svg: string) => svg.match(/aria-roledescription="bar"/g)?.length ?? 0;

describe('barChart', () => {
  it('draws a bar per finite mean and an error bar per finite spread', async () => {
    const bars: BarValue[] = [];
    for (const group of ['xor', 'regression']) {
      for (const [k, series] of ['backprop', 'dendritic', 'feedback alignment'].entries()) {
        bars.push({ group, series, mean: 0.1 * (k + 1), spread: series === 'dendritic' ? undefined : 0.02 });
      }
    }
    bars.push({ group: 'xor', series: 'failed', mean: NaN, spread: 0.1 });
    const spec = barChart({ ...axes, bars });
    const svg = await renderSvg(spec);
    checkSvg(svg);
    expect(svg).toContain('Test error');
    expect(barCount(svg)).toBe(6);
    const layers = (spec as unknown as { layer: { name: string; data: { values: unknown[] } }[] }).layer;
    expect(layers.map((l) => [l.name, l.data.values.length])).toEqual([
      ['bar', 6],
      ['error', 4],
    ]);
    expect(layers[1].data.values[0]).toMatchObject({ group: 'xor', series: 'backprop', lo: 0.08, hi: 0.12000000000000001 });
    for (const name of ['backprop', 'dendritic', 'feedback alignment', 'failed']) expect(svg).toContain(`>${name}</text>`);
  });

  it('rejects two bars for the same group and series', () => {
    const bar = { group: 'g', series: 's', mean: 1 };
    expect(() => barChart({ ...axes, bars: [bar, bar] })).toThrow(/group "g", series "s"/);
  });
});
