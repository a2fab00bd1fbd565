import { describe, expect, it } from 'vitest';
import { boxPlot } from '../../src/plot/box-plot.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { checkSvg } from './svg-check.ts';

describe('boxPlot', () => {
  it('draws one box per group with values, every finite value as a point, and the reference ticks', async () => {
    const spec = boxPlot({
      title: 'DSA to Master',
      x: { label: 'group' },
      y: { label: 'DSA angle' },
      groups: [
        { name: 'untrained', values: [0.6, 0.7, 0.65, NaN] },
        { name: 'partial', values: [0.3, 0.31, 0.29] },
        { name: 'empty', values: [] },
      ],
      references: [{ group: 'untrained', value: 0.68 }],
    });
    const svg = await renderSvg(spec);
    checkSvg(svg);
    expect(svg).toContain('DSA to Master');
    const layers = (spec as unknown as { layer: { data: { values: unknown[] } }[] }).layer;
    expect(layers.map((l) => l.data.values.length)).toEqual([6, 6, 1]);
    // vega draws a boxplot as a rule (whiskers), a bar (the box) and a tick (median) per group
    expect(svg.match(/aria-roledescription="box"/g)?.length ?? svg.match(/<path[^>]*aria-roledescription="bar"/g)?.length).toBeGreaterThanOrEqual(2);
    expect(svg.match(/aria-roledescription="point"/g)?.length).toBe(6);
    expect(() => boxPlot({ title: '', x: { label: '' }, y: { label: '' }, groups: [{ name: 'a', values: [] }, { name: 'a', values: [] }] })).toThrow(/distinct/);
  });
});
