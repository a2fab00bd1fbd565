/**
 * The run browser's page (serve-runs.ts): fetches `runs.json` and shows the runs grouped by
 * experiment. Each group starts with an overlay chart (uPlot): a series chosen from those its runs'
 * result.json hold (run-folders.ts `runSeries`), one line per run. Each run shows its folder, the
 * command's JSON line, its settings, its SVG figures and links to its files. The list is exposed as
 * `window.viewRuns` and the overlay charts as `window.viewOverlays` (uPlot instances), for tests.
 */
export function runsPage(token: string, root: string): string {
  const q = `token=${encodeURIComponent(token)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Runs in ${escapeHtml(root)}</title>
<link rel="stylesheet" href="uplot.css?${q}">
<script src="uplot.js?${q}"></script>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fff; }
  h1 { font-size: 18px; margin: 0 0 8px; } h2 { font-size: 16px; margin: 26px 0 6px; border-top: 1px solid #ccc; padding-top: 10px; }
  h3 { font-size: 14px; margin: 14px 0 4px; font-family: ui-monospace, monospace; }
  pre { background: #f6f6f6; padding: 6px 8px; overflow-x: auto; font-size: 12px; max-height: 260px; }
  .figures img { max-width: 560px; border: 1px solid #ddd; margin: 4px 8px 4px 0; vertical-align: top; background: #fff; }
  .files a { margin-right: 12px; font-family: ui-monospace, monospace; font-size: 12px; }
  .hint { color: #555; font-size: 13px; }
  .u-legend { font-size: 12px; text-align: left; }
</style>
</head>
<body>
<h1>Runs in ${escapeHtml(root)}</h1>
<div class="hint" id="summary">reading…</div>
<div id="groups"></div>
<script>
"use strict";
const Q = ${JSON.stringify(q)};
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
window.viewOverlays = [];
const el = (tag, props, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  for (const c of children) e.append(c);
  return e;
};
const fileUrl = (path) => 'file?path=' + encodeURIComponent(path) + '&' + Q;
fetch('runs.json?' + Q).then((r) => r.json()).then(show, (e) => { document.getElementById('summary').textContent = 'could not read the runs: ' + e; });
function show(runs) {
  window.viewRuns = runs;
  const groups = new Map();
  for (const run of runs) groups.set(run.experiment, [...(groups.get(run.experiment) ?? []), run]);
  document.getElementById('summary').textContent = runs.length + ' run(s) of ' + groups.size + ' experiment(s); runs of one experiment share the overlay chart. Drag to zoom, double-click to zoom out.';
  for (const [experiment, members] of groups) {
    const box = el('section', { className: 'group' });
    box.dataset.experiment = experiment;
    box.append(el('h2', { textContent: experiment + ' — ' + members.length + ' run(s)' }));
    overlay(box, members);
    for (const run of members) box.append(runCard(run));
    document.getElementById('groups').append(box);
  }
}
function overlay(box, runs) {
  const count = new Map();
  for (const run of runs) for (const name of Object.keys(run.series)) count.set(name, (count.get(name) ?? 0) + 1);
  const names = [...count.keys()].sort((a, b) => count.get(b) - count.get(a) || a.localeCompare(b));
  if (names.length === 0) return box.append(el('p', { className: 'hint', textContent: 'no series in these results to overlay' }));
  const select = el('select', {});
  for (const name of names) select.append(el('option', { value: name, textContent: name + ' (' + count.get(name) + ' run' + (count.get(name) > 1 ? 's' : '') + ')' }));
  const holder = el('div', {});
  box.append(el('div', {}, 'overlay: ', select), holder);
  let plot = null;
  const draw = () => {
    const name = select.value;
    const having = runs.filter((r) => r.series[name] !== undefined);
    const tables = having.map((r) => [r.series[name].x, r.series[name].y.map((v) => (v === null || Number.isNaN(v) ? null : v))]);
    const data = uPlot.join(tables);
    const opts = {
      width: Math.max(400, Math.min(1100, window.innerWidth - 60)), height: 280,
      scales: { x: { time: false } },
      series: [{ label: having[0].series[name].xLabel }].concat(having.map((r, i) => ({ label: r.path || '(root)', stroke: PALETTE[i % PALETTE.length], width: 1.5, spanGaps: true }))),
      axes: [{ label: having[0].series[name].xLabel, labelSize: 22, size: 40 }, { label: name, labelSize: 22, size: 60, values: (u, ticks) => ticks.map((v) => +v.toPrecision(3)) }],
      cursor: { drag: { x: true, y: false } },
    };
    if (plot !== null) { plot.destroy(); window.viewOverlays.splice(window.viewOverlays.indexOf(plot), 1); }
    plot = new uPlot(opts, data, holder);
    plot.experiment = box.dataset.experiment;
    plot.seriesName = name;
    window.viewOverlays.push(plot);
  };
  select.onchange = draw;
  draw();
}
function runCard(run) {
  const card = el('div', { className: 'run' });
  card.dataset.path = run.path;
  card.append(el('h3', { textContent: (run.path || '(root)') + '  ·  ' + new Date(run.modified).toISOString().replace('T', ' ').slice(0, 19) }));
  if (run.line !== null) card.append(el('div', { className: 'hint', textContent: 'JSON line:' }), el('pre', { className: 'line', textContent: JSON.stringify(run.line) }));
  if (run.settings !== null) card.append(el('details', {}, el('summary', { textContent: 'settings' }), el('pre', { textContent: JSON.stringify(run.settings, null, 1) })));
  const figures = el('div', { className: 'figures' });
  for (const f of run.figures) figures.append(el('a', { href: fileUrl(f), target: '_blank' }, el('img', { src: fileUrl(f), alt: f, title: f })));
  card.append(figures);
  const files = el('div', { className: 'files' }, 'files: ');
  for (const f of run.files.concat(run.figures)) files.append(el('a', { href: fileUrl(f), textContent: f.split('/').pop() }));
  card.append(files);
  return card;
}
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
