import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveRuns, type RunsServer } from '../../src/live/serve-runs.ts';

/**
 * `npm run view` over the output of `npm start -- --quick --seeds 1` and
 * `npm run example -- replay --quick --seeds 1`, in Debian's chromium: the page lists both runs with
 * their JSON lines, shows every SVG figure they wrote (loaded), overlays runs of one experiment on
 * one chart with the values of their result files, and the server refuses requests without the
 * token or for paths outside the folder.
 */
const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'view-'));
const run = promisify(execFile);
let server: RunsServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) to run the live view's browser tests`);
  const tsx = (args: string[]) => run(process.execPath, ['--import', 'tsx', ...args, '--quiet']);
  [, , browser] = await Promise.all([
    tsx(['src/cli/main.ts', '--quick', '--seeds', '1', '--out', join(root, 'start')]),
    tsx(['src/cli/example.ts', 'replay', '--quick', '--seeds', '1', '--out', join(root, 'replay')]),
    chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] }),
  ]);
  // A second run of the regression experiment (the same files in another folder), to overlay.
  cpSync(join(root, 'start', 'regression'), join(root, 'again', 'regression'), { recursive: true });
  server = await serveRuns(root);
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction(() => (globalThis as unknown as { viewRuns?: unknown[] }).viewRuns !== undefined, undefined, { timeout: 5000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(root, { recursive: true, force: true });
});

type Run = { path: string; experiment: string; figures: string[] };

describe('npm run view in Chromium', () => {
  it('lists the runs with their JSON lines and shows every figure they wrote', async () => {
    const runs = (await page.evaluate(() => (globalThis as unknown as { viewRuns: Run[] }).viewRuns)) as Run[];
    expect(runs.map((r) => [r.path, r.experiment])).toEqual([
      ['again/regression', 'regression'],
      ['start/regression', 'regression'],
      ['replay', 'replay'],
    ]);
    for (const r of runs) {
      const svgs = readdirSync(join(root, r.path)).filter((f) => f.endsWith('.svg'));
      expect(svgs.length).toBeGreaterThan(0);
      expect(r.figures).toEqual(svgs.sort().map((f) => `${r.path}/${f}`));
    }
    // Every figure image loaded (an SVG of non-zero size).
    await page.waitForFunction('[...document.images].every((img) => img.complete)', undefined, { timeout: 5000 });
    const sizes = (await page.evaluate('[...document.images].map((img) => [img.alt, img.naturalWidth])')) as [string, number][];
    expect(sizes.map(([alt]) => alt).sort()).toEqual(runs.flatMap((r) => r.figures).sort());
    for (const [, width] of sizes) expect(width).toBeGreaterThan(100);
    // The JSON line shown is the file's, which is what the command printed.
    const shown = (await page.evaluate("[...document.querySelectorAll('.run')].map((card) => [card.dataset.path, card.querySelector('pre.line')?.textContent ?? null])")) as [string, string | null][];
    for (const [path, text] of shown) expect(JSON.parse(text!)).toEqual(JSON.parse(readFileSync(join(root, path!, 'line.json'), 'utf8')));
    expect(JSON.parse(shown.find(([p]) => p === 'replay')![1]!)).toMatchObject({ experiment: 'replay', seeds: 1 });
  });

  it('overlays the runs of one experiment with the values of their result files', async () => {
    const overlay = (await page.evaluate(() => {
      const plots = (globalThis as unknown as { viewOverlays: { experiment: string; seriesName: string; data: number[][]; series: { label: string }[] }[] }).viewOverlays;
      const p = plots.find((u) => u.experiment === 'regression')!;
      return { name: p.seriesName, data: p.data.map((c) => Array.from(c)), labels: p.series.map((s) => s.label) };
    })) as { name: string; data: (number | null)[][]; labels: string[] };
    expect(overlay.labels.slice(1)).toEqual(['again/regression', 'start/regression']);
    // The chosen series, read from the result file by its path, e.g. seeds[0].angle against seeds[0].patterns.
    const result = JSON.parse(readFileSync(join(root, 'start', 'regression', 'result.json'), 'utf8'));
    const m = /^seeds\[0\]\.(\w+)$/.exec(overlay.name);
    expect(m).not.toBeNull();
    const seed = result.seeds[0];
    expect(overlay.data[0]).toEqual(seed.patterns);
    expect(overlay.data[1]).toEqual(seed[m![1]]);
    expect(overlay.data[2]).toEqual(seed[m![1]]);
  });

  it('refuses requests without the token and paths outside the folder', async () => {
    const base = server.url.slice(0, server.url.indexOf('?'));
    const token = new URL(server.url).searchParams.get('token')!;
    expect((await fetch(`${base}runs.json`)).status).toBe(403);
    expect((await fetch(`${base}file?path=replay/line.json`)).status).toBe(403);
    expect((await fetch(`${base}file?path=replay/line.json&token=${token}`)).status).toBe(200);
    for (const path of ['../package.json', 'replay/../../x', '/etc/passwd']) {
      expect((await fetch(`${base}file?path=${encodeURIComponent(path)}&token=${token}`)).status).toBe(404);
    }
    const raw = await new Promise<number>((resolve, reject) => {
      get({ host: '127.0.0.1', port: server.port, path: `/../etc/passwd?token=${token}` }, (res) => (res.resume(), resolve(res.statusCode ?? 0))).on('error', reject);
    });
    expect(raw).toBe(404);
  });
});
