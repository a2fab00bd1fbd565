import type { ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { get } from 'node:http';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Random } from '../../src/random/random.ts';
import { startLiveCommand } from '../helpers/live-command.ts';

/**
 * `npm run simulate -- exp.json --live` driven by a real headless Chromium (Debian's package via
 * playwright-core): the page's charts plot exactly what a Recorder on the same run records, pause
 * holds simulated time, resume continues, stop ends the run with its result written, and requests
 * without the token or from another origin are refused.
 */
const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'live-'));
const out = join(dir, 'result.json');
const screenshot = join(dir, 'live.png');

// A 30-50-10 learning run far longer than the test (stopped from the page): random inputs and a
// teacher-free constant target; records what the page plots by default, every 5 ms: the page
// samples at the experiment's record.every.
const rng = new Random(7, 'test-inputs');
const pattern = () => ({ input: Array.from({ length: 30 }, () => rng.uniform()), target: Array.from({ length: 10 }, () => rng.uniform() - 0.5) });
const experiment = {
  dims: [30, 50, 10],
  weights: { init: { up: 0.1, down: 0.3, ip: 0.1, pi: 0.1 }, selfPredicting: true },
  plasticity: { eta: { up: [0.0011875, 0.0005], ip: [0.0011875], pi: [0.0059375] } },
  integrator: { method: 'euler', dt: 0.1 },
  protocol: { tPattern: 100, outputLag: 30, patterns: Array.from({ length: 20 }, pattern) },
  record: {
    every: 5,
    probes: [
      { population: 'pyramidal', layer: 1, variable: 'apical' },
      { population: 'pyramidal', layer: 2, variable: 'soma' },
      { population: 'target', variable: 'potential' },
    ],
  },
  seed: 3,
};
// 20 distinct patterns, repeated: 2000 patterns, 200 s simulated.
experiment.protocol.patterns = Array.from({ length: 2000 }, (_, i) => experiment.protocol.patterns[i % 20]);

let child: ChildProcess;
let stdout: () => string;
let exited: Promise<number | null>;
let url = '';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no ${CHROMIUM}: the live view's browser test drives Debian's chromium; install it with \`apt-get update && apt-get install -y chromium\` (as root)`);
  }
  const file = join(dir, 'exp.json');
  writeFileSync(file, JSON.stringify(experiment));
  const run = startLiveCommand('simulate.ts', [file, '--out', out, '--live', '--quiet'], { ...process.env, NO_PROGRESS: '1' });
  ({ child, exited, stdout } = run);
  const urlPrinted = run.url;
  [url, browser] = await Promise.all([urlPrinted, chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] })]);
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
}, 25_000);

afterAll(async () => {
  await browser?.close();
  if (child !== undefined && child.exitCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

type Status = { t: number; state: string; speed: number | null; patterns: number; total: number | null; drops: number };
const status = () => page.evaluate(() => (globalThis as unknown as { liveStatus?: Status }).liveStatus ?? null);
/** The charts' data as uPlot holds it: per chart, [times, line 1, line 2, …]. */
const chartData = () => page.evaluate(() => (globalThis as unknown as { liveCharts: { data: number[][] }[] }).liveCharts.map((u) => u.data.map((c) => Array.from(c))));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('simulate --live in Chromium', () => {
  let charts: number[][][] = [];
  let pausedAt = 0;

  it('refuses requests without the token, with a wrong one, and WebSockets from another origin', async () => {
    const base = url.slice(0, url.indexOf('?'));
    expect((await fetch(base)).status).toBe(403);
    expect((await fetch(`${base}?token=wrong`)).status).toBe(403);
    expect((await fetch(`${base}uplot.js`)).status).toBe(403);
    expect((await fetch(url)).status).toBe(200);
    const token = new URL(url).searchParams.get('token')!;
    expect((await fetch(`${base}nothing-here?token=${token}`)).status).toBe(404);
    // A path out of the page's few routes, sent verbatim (fetch would normalise it).
    const escaped = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port: new URL(url).port, path: `/../package.json?token=${token}` }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
    });
    expect(escaped).toBe(404);
    const wsUrl = `${base.replace('http', 'ws')}ws?token=${token}`;
    const refused = await new Promise<number>((resolve) => {
      const ws = new WebSocket(wsUrl, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => resolve(101));
    });
    expect(refused).toBe(403);
  });

  it('plots at least 50 points within 5 s of load', async () => {
    await page.goto(url);
    const loaded = performance.now();
    await page.waitForFunction(() => {
      const charts = (globalThis as unknown as { liveCharts?: { data: number[][] }[] }).liveCharts;
      return charts !== undefined && charts.length === 3 && charts[1].data[0].length >= 50;
    }, undefined, { timeout: 5000 });
    expect(performance.now() - loaded).toBeLessThan(5000);
    charts = await chartData();
    expect(charts).toHaveLength(3);
    expect(charts[0]).toHaveLength(1 + 1); // time, RMS apical of the one hidden layer
    expect(charts[1]).toHaveLength(1 + 10 + 10); // time, 10 outputs, 10 targets
    expect(charts[2]).toHaveLength(1 + 1); // pattern, loss
  });

  it('pause holds simulated time within 200 ms; resume continues', async () => {
    // In the page: click, then the wall time until a status says paused, and its simulated time.
    const ack = await page.evaluate(`new Promise((resolve) => {
      const clicked = performance.now();
      document.getElementById('pause').click();
      const poll = () => window.liveStatus.state === 'paused' ? resolve({ ms: performance.now() - clicked, t: window.liveStatus.t }) : setTimeout(poll, 2);
      poll();
    })`) as { ms: number; t: number };
    // Acts at the next step boundary (test/live/live-runner.test.ts); the page hears of it after a
    // WebSocket round trip and the next flush: ~60 ms on an idle machine. Bounded loosely here as
    // the test machine may be heavily loaded.
    console.log(`live test: pause acknowledged on the page ${ack.ms.toFixed(0)} ms after the click`);
    expect(ack.ms).toBeLessThan(1000);
    await sleep(100);
    const first = (await status())!;
    expect(first.t).toBe(ack.t);
    pausedAt = first.t;
    await sleep(600);
    const later = (await status())!;
    expect(later.state).toBe('paused');
    expect(later.t).toBe(pausedAt);
    const lastPlotted = (await chartData())[1][0].at(-1)!;
    expect(lastPlotted).toBeLessThanOrEqual(pausedAt);

    await page.screenshot({ path: screenshot, fullPage: true });
    if (process.env.LIVE_SCREENSHOT) copyFileSync(screenshot, process.env.LIVE_SCREENSHOT); // to look at it
    await page.click('#resume');
    await page.waitForFunction((t) => (globalThis as unknown as { liveStatus: Status }).liveStatus.t > t, pausedAt, { timeout: 3000 });
    expect((await status())!.state).toBe('running');
  });

  it('the screenshot shows drawn charts (not a blank page)', async () => {
    expect(readFileSync(screenshot).subarray(1, 4).toString()).toBe('PNG');
    // Coloured (non-grey) pixels on the charts' canvases: the lines.
    const coloured = (await page.evaluate(`[...document.querySelectorAll('canvas')].map((canvas) => {
      const { data } = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height);
      let n = 0;
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && Math.max(data[i], data[i + 1], data[i + 2]) - Math.min(data[i], data[i + 1], data[i + 2]) > 60) n++;
      return n;
    })`)) as number[];
    expect(coloured).toHaveLength(3);
    for (const n of coloured) expect(n).toBeGreaterThan(300);
  });

  it('stop ends the run with exit 0 and its result written; the charts hold the recorded probe values', async () => {
    charts = await chartData();
    const shown = (await status())!;
    await page.click('#stop');
    expect(await exited).toBe(0);
    const result = JSON.parse(readFileSync(out, 'utf8')) as {
      outputs: number[][];
      stats: { simulatedMs: number; wallMs: number };
      recordings: { times: number[]; values: number[][] }[];
    };
    expect(result.outputs.length).toBeGreaterThan(0);
    expect(result.outputs.length).toBeLessThan(2000);
    expect(result.stats.simulatedMs).toBe(100 * result.outputs.length);
    const line = JSON.parse(stdout().trim()) as { patterns: number };
    expect(line.patterns).toBe(result.outputs.length);

    // Every plotted point against the Recorder's frame at the same time.
    const [apical, output, target] = result.recordings;
    const frameAt = new Map(apical.times.map((t, i) => [t, i]));
    const [rmsChart, outputChart] = charts;
    expect(rmsChart[0].length).toBeGreaterThan(50);
    console.log(`live test: ${rmsChart[0].length} points compared, run stopped after ${result.outputs.length} patterns`);
    let compared = 0;
    let worstRms = 0;
    let unequal = 0;
    for (let p = 0; p < rmsChart[0].length; p++) {
      const i = frameAt.get(rmsChart[0][p]);
      if (i === undefined) continue;
      const a = apical.values[i];
      const rms = Math.sqrt(a.reduce((s, v) => s + v * v, 0) / a.length);
      worstRms = Math.max(worstRms, Math.abs(rmsChart[1][p] - rms) / Math.max(rms, 1e-12));
      if (outputChart[0][p] !== rmsChart[0][p]) unequal++;
      for (let k = 0; k < 10; k++) {
        if (outputChart[1 + k][p] !== output.values[i][k]) unequal++;
        if (outputChart[11 + k][p] !== target.values[i][k]) unequal++;
      }
      compared++;
    }
    expect(worstRms).toBeLessThan(1e-14);
    expect(unequal).toBe(0);
    expect(compared).toBe(rmsChart[0].length);
    // Points on the record.every = 5 ms grid of simulated time (frames in between are skipped when
    // the run outpaces 500 rows per wall second).
    const gaps = rmsChart[0].slice(1).map((t, p) => t - rmsChart[0][p]);
    expect(gaps.every((g) => g >= 5 - 1e-9 && Math.abs(g / 5 - Math.round(g / 5)) < 1e-9)).toBe(true);
    // The loss chart: ½‖mean output − target‖² of each pattern, from the result's outputs.
    const lossChart = charts[2];
    expect(lossChart[0].length).toBeGreaterThan(0);
    for (let p = 0; p < lossChart[0].length; p++) {
      const k = lossChart[0][p] - 1; // pattern numbers from 1
      const output = result.outputs[k];
      const targetK = experiment.protocol.patterns[k].target;
      const expected = output.reduce((s, v, i) => s + (v - targetK[i]) ** 2, 0) / 2;
      expect(Math.abs(lossChart[1][p] - expected)).toBeLessThanOrEqual(1e-12 * Math.max(1, expected));
    }
    expect(shown.total).toBe(2000);
    expect(shown.speed).toBeGreaterThan(0);
  });
});
