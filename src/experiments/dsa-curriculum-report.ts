/**
 * What a curriculum test case writes from its measured configurations (the example's run, or
 * configurations pooled from several runs): table.md (our medians beside the authors', how often
 * each group is farther from Master than another, every configuration's values) and one box plot
 * per metric.
 */
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { boxPlot } from '../plot/box-plot.ts';
import { writeSvg } from '../plot/render-svg.ts';
import { AUTHORS, GROUP_ORDER, groupFamily } from './dsa-curriculum-settings.ts';
import type { GroupFamily } from './dsa-curriculum-settings.ts';
import { curriculumSummary, median } from './dsa-curriculum-summary.ts';
import type { CurriculumSummary } from './dsa-curriculum-summary.ts';
import type { DsaCurriculumResult } from './dsa-curriculum-measure.ts';
import { METRICS } from './dsa-lorenz-metrics.ts';
import type { Metric } from './dsa-lorenz-metrics.ts';

const METRIC_NAMES: Record<Metric, string> = { dsa: 'DSA', cka: 'CKA', procrustes: 'Procrustes' };
const METRIC_UNITS: Record<Metric, string> = { dsa: 'DSA angle (rad)', cka: 'arccos(CKA)/(π/2)', procrustes: 'Procrustes angle/(π/2)' };
const GROUP_NAMES: Record<GroupFamily, string> = { untrained: 'Untrained', 'master-frozen': 'Master-Frozen', partial: 'Partial', full: 'Full', 'full-unfrozen': 'Full & Unfrozen' };

/** Markdown table of our medians beside the authors'. */
export function comparisonTable(summary: CurriculumSummary): string {
  const authors = (m: Metric, g: GroupFamily): string => {
    if (m === 'dsa') return g in AUTHORS.dsaMedian ? AUTHORS.dsaMedian[g as keyof typeof AUTHORS.dsaMedian].toFixed(2) : '–';
    const [lo, hi] = m === 'cka' ? AUTHORS.ckaRange : AUTHORS.procrustesRange;
    return `${lo.toFixed(2)}–${hi.toFixed(2)}`;
  };
  const lines = ['| group | n | DSA (ours) | DSA (authors) | CKA (ours) | CKA (authors) | Procrustes (ours) | Procrustes (authors) |', '|---|---|---|---|---|---|---|---|'];
  for (const g of GROUP_ORDER) {
    const cells = METRICS.flatMap((m) => [summary.medians[m][g].toFixed(3), authors(m, g)]);
    lines.push(`| ${GROUP_NAMES[g]} | ${summary.values.dsa[g].length} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** Markdown table of every configuration: Master's accuracy and each group's DSA / CKA / Procrustes to Master. */
export function configurationTable(results: readonly DsaCurriculumResult[], keepAccuracy: number): string {
  const groups = [...new Set(results.flatMap((r) => r.groups.map((g) => g.group)))].filter((g) => g !== 'master');
  const lines = [`| configuration | Master accuracy (kept ≥ ${keepAccuracy}) | ${groups.join(' | ')} |`, `|---|---|${groups.map(() => '---|').join('')}`];
  for (const r of results) {
    const cells = groups.map((name) => {
      const d = r.groups.find((g) => g.group === name)?.d;
      return d == null ? '–' : METRICS.map((m) => d[m].toFixed(3)).join(' / ');
    });
    lines.push(`| ${r.configuration} | ${r.masterAccuracy.toFixed(3)}${r.masterAccuracy >= keepAccuracy ? '' : ' (left out)'} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

/** How often group `farther` lies farther from Master than group `nearer`, per metric, over configurations that have both. */
export interface OrderingCount {
  readonly farther: GroupFamily;
  readonly nearer: GroupFamily;
  /** k: configurations in which `farther`'s dissimilarity exceeds `nearer`'s (a tie does not); n: configurations compared. */
  readonly counts: Record<Metric, { k: number; n: number }>;
}

/**
 * Within each configuration, whether one group is farther from Master than another: the paper's
 * ordering read configuration by configuration, which needs no test across configurations (with a
 * handful of configurations a rank test has no power; n of n in a predicted direction happens by
 * chance with probability 1/2ⁿ when either order is equally likely). A configuration with several
 * Partial sets contributes the median of its Partials. A tie counts in n but not in k. One entry
 * per pair of GROUP_ORDER's families, the earlier family as `farther`.
 */
export function orderingCounts(results: readonly DsaCurriculumResult[]): OrderingCount[] {
  const perConfiguration = results.map((r) => {
    const values = new Map<GroupFamily, Record<Metric, number[]>>();
    for (const g of r.groups) {
      if (g.group === 'master' || g.d === null) continue;
      const family = groupFamily(g.group);
      const entry = values.get(family) ?? { dsa: [], cka: [], procrustes: [] };
      for (const m of METRICS) entry[m].push(g.d[m]);
      values.set(family, entry);
    }
    return values;
  });
  const counts: OrderingCount[] = [];
  for (let i = 0; i < GROUP_ORDER.length; i++) {
    for (let j = i + 1; j < GROUP_ORDER.length; j++) {
      const [farther, nearer] = [GROUP_ORDER[i], GROUP_ORDER[j]];
      const entry = { farther, nearer, counts: {} as OrderingCount['counts'] };
      for (const m of METRICS) {
        let k = 0;
        let n = 0;
        for (const values of perConfiguration) {
          const a = values.get(farther);
          const b = values.get(nearer);
          if (a === undefined || b === undefined) continue;
          n++;
          if (median(a[m]) > median(b[m])) k++;
        }
        entry.counts[m] = { k, n };
      }
      counts.push(entry);
    }
  }
  return counts;
}

/** Markdown table of orderingCounts: "k of n" per metric. */
export function orderingTable(counts: readonly OrderingCount[]): string {
  const lines = ['| farther from Master than | DSA | CKA | Procrustes |', '|---|---|---|---|'];
  for (const c of counts) lines.push(`| ${GROUP_NAMES[c.farther]} > ${GROUP_NAMES[c.nearer]} | ${METRICS.map((m) => `${c.counts[m].k} of ${c.counts[m].n}`).join(' | ')} |`);
  return lines.join('\n');
}

/** What writeCurriculumReport wrote, for the caller's result file and JSON line. */
export interface CurriculumReport {
  readonly kept: DsaCurriculumResult[];
  readonly summary: CurriculumSummary;
  readonly orderings: OrderingCount[];
  readonly table: string;
}

/**
 * Writes table.md and dsa-curriculum-{dsa,cka,procrustes}.svg into `outDir` from the measured
 * configurations; those whose Master reached less than `keepAccuracy` are listed but left out of
 * the medians, orderings and plots.
 */
export async function writeCurriculumReport(outDir: string, results: readonly DsaCurriculumResult[], keepAccuracy: number): Promise<CurriculumReport> {
  const kept = results.filter((r) => r.masterAccuracy >= keepAccuracy);
  const summary = curriculumSummary(kept);
  const orderings = orderingCounts(kept);
  const table = comparisonTable(summary);
  writeFileAtomic(
    `${outDir}/table.md`,
    `${table}\n\nWithin each kept configuration, is the first group farther from Master than the second?\n\n${orderingTable(orderings)}\n\nPer configuration, DSA / CKA / Procrustes to Master:\n\n${configurationTable(results, keepAccuracy)}\n`,
  );
  for (const m of METRICS) {
    await writeSvg(
      `${outDir}/dsa-curriculum-${m}.svg`,
      boxPlot({
        title: `${METRIC_NAMES[m]} dissimilarity to Master (${kept.length} of ${results.length} configurations; red: authors' median)`,
        x: { label: 'group' },
        y: { label: METRIC_UNITS[m] },
        groups: GROUP_ORDER.map((g) => ({ name: GROUP_NAMES[g], values: summary.values[m][g] })),
        references: m === 'dsa' ? Object.entries(AUTHORS.dsaMedian).map(([g, value]) => ({ group: GROUP_NAMES[g as GroupFamily], value })) : [],
      }),
    );
  }
  return { kept, summary, orderings, table };
}

/**
 * The report's part of a result.json, the same for the example's run and for pooled runs: which
 * configurations were kept, the authors' figures, our medians, orderings and table, and every
 * measured configuration (so a result file can itself be pooled).
 */
export function reportFields(results: readonly DsaCurriculumResult[], report: CurriculumReport) {
  return { kept: report.kept.map((r) => r.configuration), authors: AUTHORS, summary: report.summary, orderings: report.orderings, table: report.table, results };
}

/** The headline numbers of a report (medians per metric and group, Master's accuracies), for a JSON line. */
export function reportHeadline(results: readonly DsaCurriculumResult[], report: CurriculumReport): Record<string, number> {
  const camel = (g: GroupFamily) => g.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());
  const headline: Record<string, number> = { configurations: results.length, kept: report.kept.length };
  for (const m of METRICS) for (const g of GROUP_ORDER) headline[`${m}Median${camel(g)}`] = report.summary.medians[m][g];
  headline.masterAccuracyMedian = median(results.map((r) => r.masterAccuracy));
  headline.masterTestAccuracyMedian = median(results.map((r) => r.masterTestAccuracy.all));
  return headline;
}
