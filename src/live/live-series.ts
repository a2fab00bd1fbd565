import { Microcircuit } from '../circuits/microcircuit.ts';
import type { Frame, ObservableSystem } from '../streams/frame.ts';
import { Probe, type ProbeSpec } from '../streams/probe.ts';

/**
 * One probe shown live: every selected value as its own line ('each'), or their root mean square
 * as one line ('rms', e.g. how far a layer's apical potentials are from zero, the self-predicting
 * state). Probes with the same `chart` share a chart.
 */
export interface LiveSeries {
  readonly probe: ProbeSpec;
  readonly reduce: 'each' | 'rms';
  /** Line name in the legend; 'each' lines get ` i` appended (the neuron's index). */
  readonly label: string;
  /** Chart title. */
  readonly chart: string;
  /** y-axis title, with its unit. */
  readonly axis: string;
  /** Drawn dashed (targets beside what follows them). */
  readonly dashed?: boolean;
  /** 'each': how many of the lines are drawn at first (the rest are toggled from the legend); default all. */
  readonly shown?: number;
}

/** What the page needs to draw one chart: its title, y-axis title and lines. */
export interface LiveChartLayout {
  readonly title: string;
  readonly axis: string;
  /**
   * One per line: the legend name, whether dashed, the column of the line in each row (0 = time),
   * and a colour index (a neuron's index, so an output and its target share a colour).
   */
  readonly lines: readonly LiveLine[];
}

/** One line of a chart (see LiveChartLayout). */
export interface LiveLine {
  readonly label: string;
  readonly dashed: boolean;
  readonly column: number;
  readonly color: number;
  /** Drawn at first (false: hidden until its legend entry is clicked). */
  readonly shown: boolean;
}

const OUTPUTS_SHOWN = 3;

/**
 * What a microcircuit shows by default: the RMS of the apical potentials of every hidden layer
 * (zero in the self-predicting state, Sacramento et al. 2018, Fig. S1), and the output potentials
 * beside their targets. Other systems have no default: pass `series`.
 */
export function defaultLiveSeries(system: ObservableSystem): LiveSeries[] {
  if (!(system instanceof Microcircuit)) return [];
  const N = system.shape.depth;
  const series: LiveSeries[] = [];
  for (let layer = 1; layer < N; layer++) {
    series.push({ probe: { population: 'pyramidal', layer, variable: 'apical' }, reduce: 'rms', label: `layer ${layer}`, chart: 'Apical potentials: RMS over each hidden layer (0 in the self-predicting state)', axis: 'RMS apical potential' });
  }
  const chart = `Output potentials (solid) and their targets (dashed, τ₀-filtered); first ${OUTPUTS_SHOWN} shown, click the legend for more`;
  const outputs = { reduce: 'each', chart, axis: 'somatic potential', shown: OUTPUTS_SHOWN } as const;
  series.push({ probe: { population: 'pyramidal', layer: N, variable: 'soma' }, label: 'output', ...outputs });
  series.push({ probe: { population: 'target', variable: 'potential' }, label: 'target', dashed: true, ...outputs });
  return series;
}

/** The y-axis title of a probed variable: potentials are dimensionless (rest 0), rates φ(u) too. */
function axisOf(probe: ProbeSpec): string {
  if (probe.population === undefined) return `${probe.segment} (state units)`;
  return probe.variable === 'rate' ? 'rate φ(u)' : `${probe.variable} potential`;
}

/** A probe chosen on the page, as one chart: its values as lines, or their RMS as one line. */
export function probeSeries(probe: ProbeSpec, reduce: 'each' | 'rms'): LiveSeries {
  const name =
    probe.population === undefined
      ? probe.segment
      : `${probe.population}${'layer' in probe && probe.layer !== undefined ? ` layer ${probe.layer}` : ''} ${probe.variable}`;
  const indices = probe.indices === undefined ? '' : ` [${probe.indices.join(', ')}]`;
  return {
    probe,
    reduce,
    label: reduce === 'rms' ? `RMS ${name}` : name,
    chart: `${reduce === 'rms' ? 'RMS of ' : ''}${name}${indices}`,
    axis: reduce === 'rms' ? `RMS ${axisOf(probe)}` : axisOf(probe),
  };
}

/**
 * The loss of one pattern: ½‖mean output − target‖² over the averaging window (the quantity the
 * output layer's nudging reduces); null for a pattern without a target.
 */
export function patternLoss(output: ArrayLike<number>, target: ArrayLike<number> | null | undefined): number | null {
  if (target === null || target === undefined) return null;
  let sum = 0;
  for (let i = 0; i < output.length; i++) sum += (output[i] - target[i]) ** 2;
  return sum / 2;
}

/** The layout of the loss chart fed by `patternLoss` at every pattern end (rows [pattern, loss]). */
export const PATTERN_LOSS_CHART: LiveChartLayout = {
  title: 'Loss of each pattern: ½‖mean output − target‖² (patterns with a target)',
  axis: 'loss (potential²)',
  lines: [{ label: 'loss', dashed: false, column: 1, color: 3, shown: true }],
};

/**
 * The live series resolved against a system: reads one row [t, line values…] from a frame into a
 * caller's array without allocating, and lays the lines out into charts.
 */
export class LiveRowReader {
  /** Numbers per row: the time and one per line. */
  readonly rowWidth: number;
  readonly charts: readonly LiveChartLayout[];
  private readonly probes: readonly Probe[];
  private readonly scratch: Float64Array;

  constructor(
    private readonly series: readonly LiveSeries[],
    system: ObservableSystem,
    /** Field named in errors: `series[i].probe` by default; a single probe from the page is `probe`. */
    field?: string,
  ) {
    this.probes = series.map((s, i) => new Probe(s.probe, system, field ?? `series[${i}].probe`));
    this.scratch = new Float64Array(Math.max(1, ...this.probes.map((p) => p.width)));
    const charts = new Map<string, { title: string; axis: string; lines: LiveLine[]; reduced: number }>();
    let column = 1;
    series.forEach((s, i) => {
      const chart = charts.get(s.chart) ?? { title: s.chart, axis: s.axis, lines: [], reduced: 0 };
      charts.set(s.chart, chart);
      const width = s.reduce === 'rms' ? 1 : this.probes[i].width;
      const indices = s.probe.indices;
      for (let k = 0; k < width; k++) {
        const label = s.reduce === 'rms' ? s.label : `${s.label} ${indices?.[k] ?? k}`;
        const color = s.reduce === 'rms' ? chart.reduced++ : (indices?.[k] ?? k);
        chart.lines.push({ label, dashed: s.dashed === true, column: column++, color, shown: s.reduce === 'rms' || k < (s.shown ?? width) });
      }
    });
    this.rowWidth = column;
    this.charts = [...charts.values()].map(({ title, axis, lines }) => ({ title, axis, lines }));
  }

  /** Writes [frame.t, line values…] into `row` from `offset`. */
  read(frame: Frame, row: Float64Array, offset: number): void {
    row[offset] = frame.t;
    let column = offset + 1;
    for (let i = 0; i < this.probes.length; i++) {
      const probe = this.probes[i];
      if (this.series[i].reduce === 'each') {
        probe.read(frame, row, column);
        column += probe.width;
        continue;
      }
      probe.read(frame, this.scratch, 0);
      let sum = 0;
      for (let k = 0; k < probe.width; k++) sum += this.scratch[k] * this.scratch[k];
      row[column++] = Math.sqrt(sum / probe.width);
    }
  }
}
