import { describe, expect, it } from 'vitest';
import { heatMap } from '../../src/plot/heat-map.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { checkSvg } from './svg-check.ts';

describe('heatMap', () => {
  it('draws one cell per finite value with its number, rows and columns in the given order', async () => {
    const names = ['r=0.25', 'r=5', 'r=40'];
    const values = [
      [0, 0.4, 0.7],
      [0.4, 0, Number.NaN],
      [0.7, 0.123, 0],
    ];
    const spec = heatMap({ title: 'DSA dissimilarity', rows: names, values, colorLabel: 'angle (rad)' });
    const svg = await renderSvg(spec);
    checkSvg(svg);
    expect(svg).toContain('DSA dissimilarity');
    expect(svg.match(/aria-roledescription="rect mark"/g)?.length).toBe(8);
    expect(svg).toContain('>0.12</text>');
    for (const n of names) expect(svg).toContain(`>${n}</text>`);
    const data = (spec as unknown as { data: { values: { row: string; column: string; value: number }[] } }).data.values;
    expect(data.length).toBe(8);
    expect(data[7]).toMatchObject({ row: 'r=40', column: 'r=40', value: 0 });
  });

  it('rejects values of the wrong shape', () => {
    expect(() => heatMap({ title: '', rows: ['a', 'b'], values: [[1, 2]], colorLabel: '' })).toThrow(/1 rows of values for 2/);
    expect(() => heatMap({ title: '', rows: ['a'], values: [[1, 2]], colorLabel: '' })).toThrow(/row 0 has 2 values for 1/);
  });
});
