/**
 * The live page: a status line (simulated time, wall time, speed, patterns, ETA, state, dropped
 * updates), pause / resume / stop buttons, and one uPlot line chart per chart of the layout
 * (x: simulated time in ms). It opens the WebSocket `ws?token=…` of the page's own origin; the
 * server sends a `hello` with the charts' layout, then `update`s with the new rows (flat
 * [t, lines…] rows) and the run's status. The charts are exposed as `window.liveCharts` (uPlot
 * instances) and the last status as `window.liveStatus`, so tests can read what the page shows.
 */
export function livePage(token: string, title: string): string {
  const q = `token=${encodeURIComponent(token)}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)} — live</title>
<link rel="stylesheet" href="uplot.css?${q}">
<script src="uplot.js?${q}"></script>
<style>
  body { font: 14px system-ui, sans-serif; margin: 16px 24px; color: #222; background: #fff; }
  h1 { font-size: 18px; margin: 0 0 8px; }
  #status { display: flex; flex-wrap: wrap; gap: 6px 22px; margin: 8px 0; font-variant-numeric: tabular-nums; }
  #status b { font-weight: 600; }
  .state-running { color: #1a7f37; } .state-paused { color: #b35900; } .state-stopped, .state-done, .state-closed { color: #a40e26; }
  button { font: inherit; padding: 3px 14px; margin-right: 6px; }
  .hint { color: #555; font-size: 13px; margin-left: 10px; }
  .chart { margin-top: 14px; }
  .chart h2 { font-size: 15px; margin: 0 0 2px; font-weight: 600; }
  .u-legend { font-size: 12px; text-align: left; }
  .u-legend .u-series > * { padding: 1px 3px; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="status">
  <span>simulated time <b id="simTime">–</b></span>
  <span>wall time <b id="wallTime">–</b></span>
  <span>speed <b id="speed">–</b></span>
  <span>patterns <b id="patterns">–</b></span>
  <span>ETA <b id="eta">–</b></span>
  <span>state <b id="state">connecting</b></span>
  <span>dropped updates <b id="drops">0</b></span>
</div>
<div><button id="pause">Pause</button><button id="resume">Resume</button><button id="stop">Stop</button>
<span class="hint">Potentials are dimensionless (resting potential 0); time is simulated time in ms. Drag across a chart to zoom, double-click to zoom out; click a legend entry to show or hide its line.</span></div>
<div id="charts"></div>
<script>
"use strict";
const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
const charts = [];
window.liveCharts = [];
let history = 5000;
const $ = (id) => document.getElementById(id);
const fmtTime = (ms) => ms < 1000 ? ms.toFixed(1) + ' ms' : ms < 60000 ? (ms / 1000).toFixed(2) + ' s' : Math.floor(ms / 60000) + ' min ' + ((ms % 60000) / 1000).toFixed(0) + ' s';
const fmtNum = (v) => Math.abs(v) >= 1000 ? Math.round(v).toLocaleString('en') : v.toPrecision(3);
const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?${q}');
for (const command of ['pause', 'resume', 'stop']) $(command).onclick = () => ws.send(JSON.stringify({ command }));
ws.onclose = () => { $('state').textContent = 'closed'; $('state').className = 'state-closed'; };
ws.onmessage = (event) => {
  const msg = JSON.parse(event.data);
  if (msg.type === 'hello') return setup(msg);
  if (msg.type === 'update') { append(msg.rows, msg.width); status(msg.status); }
};
function setup(msg) {
  history = msg.history;
  $('charts').textContent = '';
  charts.length = 0;
  window.liveCharts.length = 0;
  for (const layout of msg.charts) {
    const box = document.createElement('div');
    box.className = 'chart';
    const heading = document.createElement('h2');
    heading.textContent = layout.title;
    box.appendChild(heading);
    $('charts').appendChild(box);
    const series = [{ label: 'simulated time (ms)', value: (u, v) => v == null ? '–' : v.toFixed(1) + ' ms' }].concat(layout.lines.map((line) => ({
      label: line.label, stroke: PALETTE[line.color % PALETTE.length], width: 1.5, dash: line.dashed ? [6, 4] : undefined, show: line.shown,
      value: (u, v) => v == null ? '–' : v.toPrecision(4),
    })));
    const opts = {
      width: Math.max(400, Math.min(1100, window.innerWidth - 60)), height: 300, series,
      scales: { x: { time: false } },
      axes: [
        { label: 'simulated time (ms)', labelSize: 22, size: 40 },
        { label: layout.axis, labelSize: 22, size: 56, values: (u, ticks) => ticks.map((v) => +v.toPrecision(3)) },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    const data = [[]].concat(layout.lines.map(() => []));
    const plot = new uPlot(opts, data, box);
    charts.push({ layout, data, plot });
    window.liveCharts.push(plot);
  }
}
// Rows are appended as they arrive; the charts are redrawn at most once per animation frame, so
// a slow machine draws less often rather than falling behind the messages.
let redrawPending = false;
function append(rows, width) {
  if (rows.length === 0) return;
  for (const chart of charts) {
    for (let r = 0; r < rows.length; r += width) {
      chart.data[0].push(rows[r]);
      chart.layout.lines.forEach((line, i) => chart.data[i + 1].push(rows[r + line.column]));
    }
    const excess = chart.data[0].length - history;
    if (excess > 0) for (const column of chart.data) column.splice(0, excess);
  }
  if (!redrawPending) {
    redrawPending = true;
    requestAnimationFrame(() => {
      redrawPending = false;
      for (const chart of charts) chart.plot.setData(chart.data);
    });
  }
}
function status(s) {
  window.liveStatus = s;
  $('simTime').textContent = fmtTime(s.t);
  $('wallTime').textContent = fmtTime(s.wallMs);
  $('speed').textContent = s.speed === null ? '–' : fmtNum(s.speed) + ' simulated ms / s';
  $('patterns').textContent = s.total === null ? String(s.patterns) : s.patterns + ' / ' + s.total;
  $('eta').textContent = s.etaMs === null ? '–' : fmtTime(s.etaMs);
  $('state').textContent = s.state;
  $('state').className = 'state-' + s.state;
  $('drops').textContent = String(s.drops);
}
</script>
</body>
</html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
