import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startLiveCommand } from '../helpers/live-command.ts';

/**
 * `npm run train -- … --live` without a browser (a `ws` client): the page gets the training loss
 * as the progress reports it, against samples done; pause holds the synchronous training loop;
 * the run then ends as usual. With one batch per epoch every report is an epoch's end, so every
 * loss point is that epoch's trainLoss in result.json.
 */
const out = mkdtempSync(join(tmpdir(), 'train-live-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

type Update = { type: string; charts?: { title: string; stream: string }[]; streams?: Record<string, { width: number; rows: number[] }>; status?: { patterns: number; state: string; unit: string; total: number } };

describe('train --live', () => {
  it('streams the training loss, pauses the loop, and matches the result file at epoch ends', async () => {
    const nTrain = 100;
    // ~1 s of training here: loss points at up to 20 per s give well over the 3 asserted below.
    const epochs = 600;
    const run = startLiveCommand('train.ts', ['--data', 'teacher', '--model', 'microcircuit', '--mode', 'steady', '--epochs', String(epochs), '--limit-train', String(nTrain), '--batch', String(nTrain), '--limit-test', '50', '--out', out, '--live', '--quiet']);
    const { exited } = run;
    const url = await run.url;
    const u = new URL(url);
    const socket = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`);
    const messages: Update[] = [];
    socket.on('message', (data) => messages.push(JSON.parse(String(data)) as Update));
    const lastStatus = () => messages.filter((m) => m.type === 'update').at(-1)?.status;
    const waitFor = async (test: () => boolean, ms: number) => {
      const end = performance.now() + ms;
      while (!test()) {
        if (performance.now() > end) throw new Error(`timed out; stderr: ${run.stderr()}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // Paused as soon as connected, so the run holds at its first progress report however fast it
    // trains.
    await new Promise((resolve) => socket.on('open', resolve));
    socket.send(JSON.stringify({ command: 'pause' }));
    await waitFor(() => lastStatus()?.state === 'paused' && (lastStatus()?.patterns ?? 0) > 0, 15_000);
    expect(lastStatus()).toMatchObject({ unit: 'samples', total: epochs * nTrain });
    await new Promise((r) => setTimeout(r, 300));
    const held = lastStatus()!.patterns;
    await new Promise((r) => setTimeout(r, 700));
    expect(lastStatus()!.patterns).toBe(held);
    socket.send(JSON.stringify({ command: 'resume' }));
    expect(await exited).toBe(0);
    socket.close();

    const hello = messages.filter((m) => m.type === 'hello').at(-1)!;
    expect(hello.charts!.map((c) => c.title)).toEqual(['Training loss (mean over the epoch so far)']);
    const points = messages.flatMap((m) => m.streams?.['progress:loss']?.rows ?? []);
    expect(points.length / 2).toBeGreaterThan(3);
    const history = (JSON.parse(readFileSync(join(out, 'result.json'), 'utf8')) as { history: { trainLoss: number }[] }).history;
    let atEpochEnds = 0;
    for (let i = 0; i < points.length; i += 2) {
      const [done, loss] = [points[i], points[i + 1]];
      expect(done).toBeGreaterThan(0);
      if (done % nTrain === 0) {
        expect(Math.abs(loss - history[done / nTrain - 1].trainLoss)).toBeLessThanOrEqual(1e-12 * Math.abs(loss));
        atEpochEnds++;
      }
    }
    expect(atEpochEnds).toBe(points.length / 2);
    console.log(`train --live: ${points.length / 2} loss points, ${atEpochEnds} at epoch ends checked against result.json`);
  }, 40_000);
});
