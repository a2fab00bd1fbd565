/**
 * The live page: a status line (simulated time, wall time, speed, patterns, ETA, state, dropped
 * updates), the buttons the run offers (pause / resume / stop), a probe selector, and one uPlot
 * line chart per chart of the layout. It opens the WebSocket `ws?token=…` of the page's own
 * origin; the server sends a `hello` with the charts (each drawing one stream of flat
 * [x, lines…] rows), then `update`s with each stream's new rows and the run's status, and answers
 * an added probe with a `probe` message shown beside the selector. The charts are exposed as
 * `window.liveCharts` (uPlot instances, with `.liveTitle`) and the last status as
 * `window.liveStatus`, so tests can read what the page shows.
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
  #probeForm { margin-top: 10px; } #probeForm input, #probeForm select { font: inherit; }
  .probe-error { color: #a40e26; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<div id="status">
  <span>simulated time <b id="simTime">–</b></span>
  <span>wall time <b id="wallTime">–</b></span>
  <span>speed <b id="speed">–</b></span>
  <span>done <b id="patterns">–</b></span>
  <span>ETA <b id="eta">–</b></span>
  <span>state <b id="state">connecting</b></span>
  <span>dropped updates <b id="drops">0</b></span>
</div>
<div><span id="controls"><button id="pause" hidden>Pause</button><button id="resume" hidden>Resume</button><button id="stop" hidden>Stop</button></span>
<span class="hint">Potentials are dimensionless (resting potential 0); time is simulated time in ms. Drag across a chart to zoom, double-click to zoom out; click a legend entry to show or hide its line.</span></div>
<form id="probeForm">Add a probe:
  <select id="population"><option>pyramidal</option><option>interneuron</option><option>input</option><option>target</option></select>
  layer <input id="layer" type="number" min="1" value="1" style="width:4em">
  <select id="variable"></select>
  indices <input id="indices" placeholder="all, or e.g. 0-4,7" style="width:9em">
  <select id="reduce"><option value="each">each value</option><option value="rms">RMS</option></select>
  <button id="addProbe" type="submit">Add</button> <span id="probeMessage" class="hint"></span>
</form>
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
  if (msg.type === 'update') { for (const id in msg.streams) append(id, msg.streams[id].rows, msg.streams[id].width); status(msg.status); }
  if (msg.type === 'probe') { $('probeMessage').textContent = msg.ok ? 'added: streaming from now on' : msg.message; $('probeMessage').className = msg.ok ? 'hint' : 'hint probe-error'; }
};
const VARIABLES = { pyramidal: ['soma', 'basal', 'apical', 'rate'], interneuron: ['soma', 'dendrite', 'rate'], input: ['rate'], target: ['potential'] };
function fillVariables() {
  const population = $('population').value;
  $('variable').innerHTML = VARIABLES[population].map((v) => '<option>' + v + '</option>').join('');
  $('layer').disabled = population === 'input' || population === 'target';
}
$('population').onchange = fillVariables;
fillVariables();
// "0-4,7" → [0, 1, 2, 3, 4, 7]; blank → all (undefined). Anything else is sent as written, for the server to refuse.
function parseIndices(text) {
  if (text.trim() === '') return undefined;
  const out = [];
  for (const part of text.split(',')) {
    const m = /^\\s*(\\d+)\\s*(?:-\\s*(\\d+)\\s*)?$/.exec(part);
    if (m === null) return text;
    const from = Number(m[1]), to = m[2] === undefined ? from : Number(m[2]);
    for (let i = from; i <= to && out.length <= 10000; i++) out.push(i);
  }
  return out;
}
$('probeForm').onsubmit = (event) => {
  event.preventDefault();
  const population = $('population').value;
  const probe = { population, variable: $('variable').value };
  if (!$('layer').disabled) probe.layer = Number($('layer').value);
  const indices = parseIndices($('indices').value);
  if (indices !== undefined) probe.indices = indices;
  $('probeMessage').textContent = 'asking…';
  ws.send(JSON.stringify({ command: 'add-probe', probe, reduce: $('reduce').value }));
};
function setup(msg) {
  history = msg.history;
  for (const command of ['pause', 'resume', 'stop']) $(command).hidden = !msg.controls.includes(command);
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
    const series = [{ label: layout.x, value: (u, v) => v == null ? '–' : +v.toPrecision(6) }].concat(layout.lines.map((line) => ({
      label: line.label, stroke: PALETTE[line.color % PALETTE.length], width: 1.5, dash: line.dashed ? [6, 4] : undefined, show: line.shown,
      value: (u, v) => v == null ? '–' : v.toPrecision(4),
    })));
    const opts = {
      width: Math.max(400, Math.min(1100, window.innerWidth - 60)), height: 300, series,
      scales: { x: { time: false } },
      axes: [
        { label: layout.x, labelSize: 22, size: 40 },
        { label: layout.axis, labelSize: 22, size: 56, values: (u, ticks) => ticks.map((v) => +v.toPrecision(3)) },
      ],
      legend: { live: true },
      cursor: { drag: { x: true, y: false } },
    };
    const data = [[]].concat(layout.lines.map(() => []));
    const plot = new uPlot(opts, data, box);
    plot.liveTitle = layout.title;
    charts.push({ layout, data, plot });
    window.liveCharts.push(plot);
  }
}
// Rows are appended as they arrive; the charts are redrawn at most once per animation frame, so
// a slow machine draws less often rather than falling behind the messages.
let redrawPending = false;
function append(stream, rows, width) {
  if (rows.length === 0) return;
  for (const chart of charts) {
    if (chart.layout.stream !== stream) continue;
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
  $('simTime').textContent = s.t === null ? '–' : fmtTime(s.t);
  $('wallTime').textContent = fmtTime(s.wallMs);
  $('speed').textContent = s.speed === null ? '–' : fmtNum(s.speed) + ' simulated ms / s';
  $('patterns').textContent = (s.total === null ? String(s.patterns) : s.patterns + ' / ' + s.total) + ' ' + s.unit;
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
