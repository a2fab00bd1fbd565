import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { LiveRunner } from '../../src/live/live-runner.ts';
import { serveLive } from '../../src/live/serve-live.ts';
import { learningSimulation } from '../helpers/learning-simulation.ts';

/**
 * serveLive's transport without a browser (node `ws` clients): a client that reads gets every row
 * in order at no more than the message rate; a client that stops reading is skipped (drops
 * counted) and never holds the run; a late client gets the recent history.
 */
function run(patterns: number, chunkWallMs?: number) {
  const sim = learningSimulation(1);
  const input = Array.from({ length: 30 }, (_, i) => (i % 7) / 7);
  let shown = 0;
  const runner = new LiveRunner(() => (sim.run([{ input, target: Array(10).fill(0.2) }], { tPattern: 50, outputLag: 20 }), ++shown < patterns), { chunkWallMs });
  return { sim, runner };
}

type Update = { type: 'update'; streams: Record<string, { width: number; rows: number[] }>; status: { t: number; drops: number; state: string } };
/** The times of the default stream's rows, over all updates. */
const frameTimes = (updates: Update[]) => updates.flatMap((u) => u.streams.frames?.rows.filter((_, i) => i % u.streams.frames.width === 0) ?? []);

function connect(url: string): Promise<{ socket: WebSocket; updates: Update[]; arrivals: number[] }> {
  const u = new URL(url);
  const socket = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`);
  const updates: Update[] = [];
  const arrivals: number[] = [];
  socket.on('message', (data) => {
    const m = JSON.parse(String(data));
    if (m.type === 'update') (updates.push(m), arrivals.push(performance.now()));
  });
  return new Promise((resolve) => socket.on('open', () => resolve({ socket, updates, arrivals })));
}

describe('serveLive transport', () => {
  it('a reading client gets every row once, in order, at ≤ 30 messages per second; a stalled client only drops', async () => {
    const { sim, runner } = run(300); // 15 s simulated, 0.1 ms steps; 1 row per simulated ms
    // Wide rows (every apical potential, ~1 kB a row as JSON, ~15 MB in all) so that the stalled
    // client's socket buffers in the kernel fill up and the server has to skip it.
    const series = [{ probe: { population: 'pyramidal', layer: 1, variable: 'apical' }, reduce: 'each', label: 'v_A', chart: 'apical', axis: 'v_A' } as const];
    const server = await serveLive(sim, { runner, series, every: 1, maxRowsPerSecond: Infinity, history: 20_000, maxBufferedBytes: 64 * 1024 });
    const reader = await connect(server.url);
    const stalled = await connect(server.url);
    // Stop reading: the server's writes to it pile up in its socket until it is skipped.
    (stalled.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const started = performance.now();
    expect(await runner.run()).toBe('done');
    const ownSpeed = sim.t / ((performance.now() - started) / 1000);
    await new Promise((r) => setTimeout(r, 150)); // last flushes
    const stats = server.stats();
    await server.close();
    reader.socket.close();
    stalled.socket.terminate();

    expect(sim.t).toBe(15_000);
    expect(stats.rows).toBe(15_001 + 300); // t = 0, 1, …, 15000, and the loss of each of the 300 patterns
    const times = frameTimes(reader.updates);
    expect(times).toHaveLength(15_001);
    expect(times.every((t, i) => t === i)).toBe(true);
    // The page's drop counter is the server's (the stalled client's skips), not the reader's: the reader lost no row.
    expect(reader.updates.at(-1)!.status.drops).toBeLessThanOrEqual(stats.drops);
    expect(reader.updates.at(-1)!.status.state).toBe('done');
    // The page's speed (simulated ms per running wall second) is the run's own, measured here.
    const shownSpeed = (reader.updates.at(-1)!.status as unknown as { speed: number }).speed;
    expect(Math.abs(shownSpeed / ownSpeed - 1)).toBeLessThan(0.1);
    // Message rate: no two messages closer than the flush period, bar timer jitter.
    const span = (reader.arrivals.at(-1)! - reader.arrivals[0]) / 1000;
    expect(reader.updates.length).toBeLessThanOrEqual(Math.ceil(30 * span) + 2);
    expect(stats.drops).toBeGreaterThan(0); // all the stalled client's
    console.log(`serveLive: ${reader.updates.length} messages in ${span.toFixed(2)} s to the reader, ${stats.drops} skipped for the stalled client`);
  }, 20_000);

  it('a client that connects late gets the recent history (bounded by `history`) and then continues', async () => {
    // The run must not outpace the 500-row history between two sends, or the late client misses
    // rows (correctly counted as drops, but then the times are not contiguous): the runner yields
    // after every pattern (50 rows) and the server sends every millisecond.
    const { sim, runner } = run(40, 0); // 2 s simulated
    const server = await serveLive(sim, { runner, every: 1, maxRowsPerSecond: Infinity, history: 500, maxMessagesPerSecond: 1000 });
    const done = runner.run();
    while (sim.t < 1000) await new Promise((r) => setTimeout(r, 5));
    runner.pause(); // holds at the next pattern boundary, so the history at connection is known
    await new Promise((r) => setTimeout(r, 50));
    const pausedAt = sim.t;
    const late = await connect(server.url);
    await new Promise((r) => setTimeout(r, 100));
    runner.resume();
    await done;
    await new Promise((r) => setTimeout(r, 150));
    await server.close();
    late.socket.close();
    const times = frameTimes(late.updates);
    expect(times.at(-1)).toBe(2000);
    expect(times.every((t, i) => i === 0 || t === times[i - 1] + 1)).toBe(true);
    expect(pausedAt % 50).toBe(0);
    expect(times[0]).toBe(pausedAt - 499); // the last 500 rows: t = pausedAt − 499, …, pausedAt
    expect(late.updates.at(-1)!.status.drops).toBe(0); // history trimmed before its first update is not a drop
  }, 20_000);
});
