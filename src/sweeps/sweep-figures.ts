import { join } from 'node:path';
import { lineChart, type LineSeries } from '../plot/line-chart.ts';
import { writeSvg } from '../plot/render-svg.ts';
import type { PointRecord } from './point-record.ts';

/** The axis that counts repetitions: its values are averaged over, never drawn along x. */
export const SEED_AXIS = '/seed';
/** More combinations of the other axes than this and the figure pools them into one line. */
const MAX_SERIES = 8;

/** `/neuron/noise` → `neuron-noise`, for file names. */
function slug(pointer: string): string {
  return pointer.replace(/^\//, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'root';
}

/**
 * One SVG per metric and numeric swept parameter (`<metric>--<param>.svg`): the metric's mean
 * against the parameter with its range (min to max) shaded, over the seeds and every point with
 * equal values of the drawn axes. One line per combination of the other non-seed axes (up to
 * MAX_SERIES, else one pooled line). Only finished points count. Returns the files written.
 */
export async function writeSweepFigures(
  dir: string,
  records: readonly PointRecord[],
  axes: readonly string[],
  logAxes: readonly string[],
  metrics: readonly string[],
): Promise<string[]> {
  const done = records.filter((r) => r.status === 'done' && r.metrics !== null);
  const written: string[] = [];
  const drawn = axes.filter((a) => a !== SEED_AXIS);
  for (const param of drawn) {
    const xs = new Set(done.map((r) => r.params[param]));
    if (xs.size < 2 || ![...xs].every((x) => typeof x === 'number' && Number.isFinite(x))) continue;
    const others = drawn.filter((a) => a !== param);
    const label = (r: PointRecord) => others.map((a) => `${a}=${JSON.stringify(r.params[a])}`).join(', ') || 'all';
    const labels = new Set(done.map(label));
    const seriesOf = labels.size > MAX_SERIES ? () => 'all points' : label;
    for (const metric of metrics) {
      const groups = new Map<string, Map<number, number[]>>();
      for (const r of done) {
        const s = seriesOf(r);
        if (!groups.has(s)) groups.set(s, new Map());
        const byX = groups.get(s)!;
        const x = r.params[param] as number;
        if (!byX.has(x)) byX.set(x, []);
        byX.get(x)!.push(r.metrics![metric]);
      }
      const series: LineSeries[] = [...groups].map(([name, byX]) => {
        const x = [...byX.keys()].sort((a, b) => a - b);
        const ys = x.map((v) => byX.get(v)!);
        return {
          name,
          x,
          y: ys.map((v) => v.reduce((a, b) => a + b, 0) / v.length),
          band: { lo: ys.map((v) => Math.min(...v)), hi: ys.map((v) => Math.max(...v)) },
        };
      });
      const path = join(dir, 'figures', `${slug(metric)}--${slug(param)}.svg`);
      const spec = lineChart({
        title: `${metric} against ${param} (mean, range over ${axes.includes(SEED_AXIS) ? 'seeds' : 'repeats'})`,
        x: { label: param, scale: logAxes.includes(param) ? 'log' : 'linear' },
        y: { label: metric },
        series,
      });
      await writeSvg(path, spec);
      written.push(path);
    }
  }
  return written;
}
