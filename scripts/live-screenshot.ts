/**
 * The README's screenshot of the live page during `npm run example -- self-prediction --live`:
 * starts that command (one seed, output in a temporary folder), opens its page in Debian's
 * chromium, waits until the seed has reported `patterns` patterns (the PI/IP ratio chart then
 * holds patterns/250 points), adds a probe through the page's selector (interneuron rates 0–4),
 * lets it stream for a few seconds, pauses the run, and saves a full-page PNG. Then ends the command.
 *   npx tsx scripts/live-screenshot.ts docs/figures/live-self-prediction.png [patterns, default 2000]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const [png, patternsText] = process.argv.slice(2);
if (png === undefined) throw new Error('usage: npx tsx scripts/live-screenshot.ts <out.png> [patterns]');
const patterns = Number(patternsText ?? 2000);
const out = mkdtempSync(join(tmpdir(), 'live-screenshot-'));
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/example.ts', 'self-prediction', '--seeds', '1', '--live', '--out', out, '--quiet']);
let stderr = '';
const url = await new Promise<string>((resolve, reject) => {
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    const m = /live view: (\S+)/.exec(stderr);
    if (m) resolve(m[1]);
  });
  child.on('exit', () => reject(new Error(`the example ended before printing its address: ${stderr}`)));
});
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1240, height: 1000 } });
  await page.goto(url);
  await page.waitForFunction(`(window.liveStatus?.patterns ?? 0) >= ${patterns}`, undefined, { timeout: 3_600_000, polling: 1000 });
  await page.selectOption('#population', 'interneuron');
  await page.fill('#layer', '1');
  await page.selectOption('#variable', 'rate');
  await page.fill('#indices', '0-4');
  await page.click('#addProbe');
  await new Promise((r) => setTimeout(r, 6000));
  await page.click('#pause');
  await page.waitForFunction("window.liveStatus.state === 'paused'");
  await new Promise((r) => setTimeout(r, 500));
  await page.screenshot({ path: png, fullPage: true });
  const status = await page.evaluate('window.liveStatus');
  process.stdout.write(`${JSON.stringify({ png, status })}\n`);
} finally {
  await browser.close();
  child.kill();
  rmSync(out, { recursive: true, force: true });
}
