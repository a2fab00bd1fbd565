/**
 * Every figure kind, rendered with the longest labels the repository's figures use: no label is
 * cut ("…"), the legend spells each name in full, lines differ in style as well as colour, and
 * vega prints no warning.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { barChart } from '../../src/plot/bar-chart.ts';
import { DASHES } from '../../src/plot/legend-style.ts';
import { lineChart } from '../../src/plot/line-chart.ts';
import { renderSvg } from '../../src/plot/render-svg.ts';
import { tracesChart } from '../../src/plot/traces-chart.ts';
import { checkSvg } from './svg-check.ts';

/** Text of every legend label, XML entities decoded. */
function legendLabels(svg: string): string[] {
  return [...svg.matchAll(/class="mark-text role-legend-label"[^>]*><text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1].replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&quot;', '"').replaceAll('&#39;', "'").replaceAll('&amp;', '&'),
  );
}

/** The (colour, dash) of every legend symbol, in legend order. */
function legendSymbols(svg: string): { stroke: string; dash: string }[] {
  return [...svg.matchAll(/class="mark-symbol role-legend-symbol"[^>]*>(<path [^>]*\/>)/g)].map((m) => ({
    stroke: /stroke="([^"]+)"/.exec(m[1])?.[1] ?? 'none',
    dash: /stroke-dasharray="([^"]+)"/.exec(m[1])?.[1] ?? 'none',
  }));
}

/** Series names from the repository's figures (regression, self-prediction, classification, similarity). */
const LONG_NAMES = [
  'microcircuit (steady state)',
  'PI ratio, from self-predicting',
  'IP ratio, from self-predicting',
  'shallow (output layer only)',
  'feedback alignment',
  'microcircuit vs backprop (CKA, hidden layer 1)',
  'apical noise floor',
  'mean predictor',
];

let warnings: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  warnings = vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  expect(warnings).not.toHaveBeenCalled();
  warnings.mockRestore();
});

describe('figure legends', () => {
  it('line chart: full labels, and each series its own colour and dash pattern', async () => {
    const x = [1, 10, 100, 1000];
    const series = LONG_NAMES.map((name, k) => ({ name, x, y: x.map((v) => 1 / (v + k)), band: k === 0 ? { lo: x.map(() => 0.001), hi: x.map(() => 1) } : undefined }));
    const svg = await renderSvg(
      lineChart({ title: 'Self-prediction (30-20-10, seed 1, σ 0.1, paper rates): PI = ‖W^PI+W^down‖/‖W^down‖', x: { label: 'patterns seen', scale: 'log' }, y: { label: 'ratio', scale: 'log' }, series }),
    );
    checkSvg(svg);
    expect(svg).not.toContain('…');
    expect(legendLabels(svg)).toEqual(LONG_NAMES);
    const symbols = legendSymbols(svg);
    expect(symbols).toHaveLength(LONG_NAMES.length);
    expect(symbols.map((s) => s.dash)).toEqual(DASHES.map((d) => d.join(',')));
    expect(new Set(symbols.map((s) => s.stroke)).size).toBe(LONG_NAMES.length);
    // The lines themselves carry their series' dash: one line path per series with that pattern.
    for (const d of DASHES.slice(1)) expect(svg.split(`stroke-dasharray="${d.join(',')}"`).length - 1).toBe(2);
  });

  it('traces chart: full labels and panel titles, dashed targets in the legend', async () => {
    const time = [0, 1, 2, 3];
    const names = ['output u₁ of the nudged layer', 'target u₁ (low-pass filtered)', 'apical v_A,1 (hidden 1)', 'interneuron u^I₁'];
    const panels = ['neuron 1 of the output layer, before learning', 'neuron 1 of the output layer, after 500 presentations'].map((title) => ({
      title,
      lines: names.map((name, k) => ({ name, values: time.map((t) => t * k), dashed: k === 1 })),
    }));
    const svg = await renderSvg(tracesChart({ title: 'One association', time, timeLabel: 'time in the pattern (ms)', panels }));
    checkSvg(svg);
    expect(svg).not.toContain('…');
    expect(legendLabels(svg)).toEqual(names);
    expect(legendSymbols(svg).map((s) => s.dash)).toEqual(['1,0', '4,3', '1,0', '1,0']);
    for (const p of panels) expect(svg).toContain(`>${p.title}</text>`);
  });

  it('bar chart: full labels and group names, no warning without error bars', async () => {
    const groups = ['mnist (8000/2000)', 'yinyang (5000/1000), steady state'];
    const bars = groups.flatMap((group) => LONG_NAMES.slice(0, 4).map((series, k) => ({ group, series, mean: 2 + k })));
    const svg = await renderSvg(barChart({ title: 'Test error after the last epoch', x: { label: 'data set' }, y: { label: 'test error (%)' }, bars }));
    checkSvg(svg);
    expect(svg).not.toContain('…');
    expect(legendLabels(svg)).toEqual(LONG_NAMES.slice(0, 4));
    for (const g of groups) expect(svg).toContain(`>${g}</text>`);
  });
});
