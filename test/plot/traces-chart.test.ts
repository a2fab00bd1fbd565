import { describe, expect, it } from 'vitest';
import { MAX_POINTS } from '../../src/plot/decimate.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { tracesChart } from '../../src/plot/traces-chart.ts';
import type { TracesChartOptions } from '../../src/plot/traces-chart.ts';
import { checkSvg, countMarkGroups } from './svg-check.ts';

interface Row {
  panel: string;
  line: string;
  t: number;
  v: number;
}

function rows(options: TracesChartOptions): Row[] {
  return (tracesChart(options) as unknown as { data: { values: Row[] } }).data.values;
}

const time = [0, 0.1, 0.2, 0.3];

describe('tracesChart', () => {
  it('renders one panel per neuron with a line per trace', async () => {
    const panels = [0, 1, 2].map((k) => ({
      title: `neuron ${k}`,
      lines: [
        { name: 'output', values: time.map((t) => t + k) },
        { name: 'target', values: time.map(() => k), dashed: true },
      ],
    }));
    const svg = await renderSvg(tracesChart({ title: 'Output potentials', time, timeLabel: 'time (ms)', panels }));
    checkSvg(svg);
    expect(svg).toContain('Output potentials');
    for (const k of [0, 1, 2]) expect(svg).toContain(`>neuron ${k}</text>`);
    expect(countMarkGroups(svg, 'line', 'trace')).toBe(3 * 2);
    expect(svg).toContain('stroke-dasharray="4,3"');
  });

  it('thins long traces and drops non-finite values', () => {
    const n = 50_000;
    const t = Float64Array.from({ length: n }, (_, i) => i);
    const v = t.map((x) => (x === 5 ? NaN : x));
    const kept = rows({ title: 'T', time: t, panels: [{ title: 'p', lines: [{ name: 'u', values: v }] }] });
    expect(kept.length).toBeLessThanOrEqual(MAX_POINTS);
    expect(kept[0].t).toBe(0);
    expect(kept.at(-1)?.t).toBe(n - 1);

    const short = rows({ title: 'T', time: [0, NaN, 2, 3], panels: [{ title: 'p', lines: [{ name: 'u', values: [0, 1, Infinity, 3] }] }] });
    expect(short.map((r) => r.t)).toEqual([0, 3]);
  });

  it('rejects mismatched lengths, duplicate panels and a line both dashed and solid', () => {
    const line = { name: 'u', values: time };
    expect(() => tracesChart({ title: 'T', time, panels: [{ title: 'p', lines: [{ name: 'u', values: [1] }] }] })).toThrow(
      /panel "p" line "u" has 1 values, time has 4/,
    );
    expect(() => tracesChart({ title: 'T', time, panels: [{ title: 'p', lines: [line] }, { title: 'p', lines: [line] }] })).toThrow(/unique/);
    expect(() =>
      tracesChart({ title: 'T', time, panels: [{ title: 'p', lines: [line] }, { title: 'q', lines: [{ ...line, dashed: true }] }] }),
    ).toThrow(/dashed in one panel and solid in another/);
  });
});
