import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveCommand } from '../helpers/live-command.ts';

/**
 * `npm run example -- self-prediction --quick --seeds 1 --live` in Debian's chromium: the page,
 * served from its own thread while the seeds run synchronously in the main one, shows the RMS
 * apical potential of the simulation in progress and the PI/IP ratios the seed reports; pause holds
 * the run; the command then ends as usual (exit 0, result.json and line.json written).
 */
const CHROMIUM = '/usr/bin/chromium';
const dir = mkdtempSync(join(tmpdir(), 'example-live-'));
let child: ChildProcess;
let exited: Promise<number | null>;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) to run the live view's browser tests`);
  const run = startLiveCommand('example.ts', ['self-prediction', '--quick', '--seeds', '1', '--live', '--out', dir]);
  ({ child, exited } = run);
  const url = run.url;
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(await url);
}, 25_000);

afterAll(async () => {
  await browser?.close();
  if (child !== undefined && child.exitCode === null) child.kill();
  rmSync(dir, { recursive: true, force: true });
});

type Status = { t: number; state: string; patterns: number; total: number; unit: string };
const status = () => page.evaluate(() => (globalThis as unknown as { liveStatus: Status }).liveStatus);
const points = (title: string) =>
  page.evaluate((prefix) => {
    const chart = (globalThis as unknown as { liveCharts: { liveTitle: string; data: number[][] }[] }).liveCharts.find((c) => c.liveTitle.startsWith(prefix));
    return chart === undefined ? -1 : chart.data[0].length;
  }, title);

describe('example --live in Chromium', () => {
  it('shows the apical RMS of the running simulation and the PI/IP ratios the seed reports; pause holds it', async () => {
    await page.waitForFunction(
      () => {
        const charts = (globalThis as unknown as { liveCharts?: { liveTitle: string; data: number[][] }[] }).liveCharts ?? [];
        const apical = charts.find((c) => c.liveTitle.startsWith('Apical potentials'));
        const ratios = charts.find((c) => c.liveTitle.startsWith('Self-prediction: PI'));
        return apical !== undefined && apical.data[0].length >= 50 && ratios !== undefined && ratios.data[0].length >= 2;
      },
      undefined,
      { timeout: 15_000 },
    );
    expect(await points('Apical potentials')).toBeGreaterThanOrEqual(50);
    const ratioLegend = await page.evaluate(() =>
      (globalThis as unknown as { liveCharts: { liveTitle: string; series: { label: string }[] }[] }).liveCharts
        .find((c) => c.liveTitle.startsWith('Self-prediction: PI'))!
        .series.map((s) => s.label),
    );
    expect(ratioLegend).toEqual(['patterns', 'piRatio', 'ipRatio']);
    const running = await status();
    expect(running.unit).toBe('patterns');
    expect(running.total).toBe(420); // (200 + 200 + 20) patterns

    await page.click('#pause');
    await page.waitForFunction(() => (globalThis as unknown as { liveStatus: Status }).liveStatus.state === 'paused', undefined, { timeout: 3000 });
    await new Promise((r) => setTimeout(r, 300)); // the run holds at its next frame; the last rows arrive
    const held = await status();
    await new Promise((r) => setTimeout(r, 700));
    const later = await status();
    expect(later.state).toBe('paused');
    expect(later.t).toBe(held.t);
    expect(later.patterns).toBe(held.patterns);
    await page.click('#resume');
    expect(await exited).toBe(0);
    const line = JSON.parse(readFileSync(join(dir, 'line.json'), 'utf8')) as { experiment: string; seeds: number };
    expect(line).toMatchObject({ experiment: 'self-prediction', seeds: 1 });
    expect(existsSync(join(dir, 'result.json'))).toBe(true);
  }, 40_000);
});
