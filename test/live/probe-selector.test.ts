import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LiveRunner } from '../../src/live/live-runner.ts';
import { serveLive, type LiveServer } from '../../src/live/serve-live.ts';
import { Probe } from '../../src/streams/probe.ts';
import { Recorder } from '../../src/streams/recorder.ts';
import { learningSimulation } from '../helpers/learning-simulation.ts';

/**
 * The page's probe selector, in Debian's chromium: a probe chosen in the form is checked by the
 * server against the probe schema and the circuit; a bad one shows the checker's message on the
 * page and the run goes on; a good one becomes a chart whose values equal, bit for bit, what a
 * Recorder with the same probe records from the same run.
 */
const CHROMIUM = '/usr/bin/chromium';
let browser: Browser;
let page: Page;
let server: LiveServer;
let runner: LiveRunner;
let running: Promise<'done' | 'stopped'>;
let recorder: Recorder;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium) to run the live view's browser tests`);
  const sim = learningSimulation(2);
  // What the page will ask for, recorded independently on every 1 ms frame.
  recorder = new Recorder([new Probe({ population: 'interneuron', layer: 1, variable: 'soma', indices: [2, 3, 4, 7] }, sim.circuit)]);
  sim.frames(1).subscribe(recorder);
  const input = Array.from({ length: 30 }, (_, i) => (i % 5) / 5);
  runner = new LiveRunner(() => (sim.run([{ input, target: Array(10).fill(0.3) }], { tPattern: 50, outputLag: 20 }), true));
  server = await serveLive(sim, { runner, every: 1, title: 'probe selector test' });
  running = runner.run();
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  await page.goto(server.url);
  await page.waitForFunction(() => ((globalThis as unknown as { liveCharts?: unknown[] }).liveCharts?.length ?? 0) >= 2, undefined, { timeout: 5000 });
}, 25_000);

afterAll(async () => {
  await browser?.close();
  runner?.stop();
  await running;
  await server?.close();
});

const chartByTitle = (title: string) =>
  page.evaluate((t) => {
    const charts = (globalThis as unknown as { liveCharts: { liveTitle: string; data: number[][] }[] }).liveCharts;
    const chart = charts.find((c) => c.liveTitle === t);
    return chart === undefined ? null : chart.data.map((c) => Array.from(c));
  }, title);

/** Waits for the server's answer to the probe just sent (the message beside the form changes). */
const answered = () => page.waitForFunction("document.getElementById('probeMessage').textContent !== 'asking…'", undefined, { timeout: 3000 });

describe('probe selector', () => {
  it('a probe the circuit does not have shows the schema/checker message on the page; the run goes on', async () => {
    await page.selectOption('#population', 'pyramidal');
    await page.fill('#layer', '7');
    await page.click('#addProbe');
    await answered();
    expect(await page.textContent('#probeMessage')).toBe('probe.layer: expected a pyramidal layer from 1 to 2, got 7');
    // An index out of range, and text that is not indices: refused by the same checks as record.probes.
    await page.fill('#layer', '1');
    await page.fill('#indices', '0-60');
    await page.click('#addProbe');
    await answered();
    expect(await page.textContent('#probeMessage')).toBe('probe.indices[50]: expected an index from 0 to 49, got 50');
    await page.fill('#indices', 'all of them');
    await page.click('#addProbe');
    await answered();
    expect(await page.textContent('#probeMessage')).toBe('probe.indices: expected an array, got "all of them"');
    const before = await page.evaluate(() => (globalThis as unknown as { liveStatus: { t: number } }).liveStatus.t);
    await page.waitForFunction((t) => (globalThis as unknown as { liveStatus: { t: number; state: string } }).liveStatus.t > t, before, { timeout: 3000 });
    expect(runner.state).toBe('running');
  });

  it('an added probe streams values equal to a Recorder\'s with the same probe', async () => {
    await page.selectOption('#population', 'interneuron');
    await page.fill('#layer', '1');
    await page.selectOption('#variable', 'soma');
    await page.fill('#indices', '2-4,7');
    await page.selectOption('#reduce', 'each');
    await page.click('#addProbe');
    const title = 'interneuron layer 1 soma [2, 3, 4, 7]';
    await page.waitForFunction(
      (t) => ((globalThis as unknown as { liveCharts: { liveTitle: string; data: number[][] }[] }).liveCharts.find((c) => c.liveTitle === t)?.data[0].length ?? 0) >= 30,
      title,
      { timeout: 8000 },
    );
    expect(await page.textContent('#probeMessage')).toBe('added: streaming from now on');
    runner.pause();
    await new Promise((r) => setTimeout(r, 200));
    const chart = (await chartByTitle(title))!;
    expect(chart).toHaveLength(1 + 4);
    const times = recorder.times();
    const values = recorder.values(0);
    const frameAt = new Map(Array.from(times, (t, i) => [t, i]));
    let unequal = 0;
    for (let p = 0; p < chart[0].length; p++) {
      const i = frameAt.get(chart[0][p]);
      expect(i).toBeDefined();
      for (let k = 0; k < 4; k++) if (chart[1 + k][p] !== values[i! * 4 + k]) unequal++;
    }
    expect(unequal).toBe(0);
    console.log(`probe selector: ${chart[0].length} points of 4 interneurons equal the Recorder's`);
    runner.resume();
  });
});
