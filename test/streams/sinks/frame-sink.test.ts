import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Observer } from 'rxjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { Frame } from '../../../src/streams/frame.ts';
import { Probe } from '../../../src/streams/probe.ts';
import { Recorder } from '../../../src/streams/recorder.ts';
import { CsvSink } from '../../../src/streams/sinks/csv-sink.ts';
import type { FrameSink } from '../../../src/streams/sinks/frame-sink.ts';
import { NdjsonSink } from '../../../src/streams/sinks/ndjson-sink.ts';
import { NpySink } from '../../../src/streams/sinks/npy-sink.ts';
import { setup, tempDir } from './fixture.ts';

const dir = tempDir();
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The garbage collector, reachable without starting node with --expose-gc. */
function collector(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/**
 * Memory in use after 20,000 and after 200,000 frames (every 0.1 ms) of a small probe recorded by
 * `observe`: the JS heap plus ArrayBuffer storage, which typed arrays keep outside heapUsed.
 */
function memoryAt20kAnd200k(observe: (probes: Probe[]) => Observer<Frame>[]): [number, number] {
  const gc = collector();
  const { circuit, sim } = setup();
  const probes = [new Probe({ population: 'pyramidal', layer: 2, variable: 'soma' }, circuit)];
  for (const o of observe(probes)) sim.frames(0.1).subscribe(o);
  const inUse = (t: number) => {
    sim.advanceTo(t);
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const result: [number, number] = [inUse(2_000), inUse(20_000)];
  sim.complete();
  return result;
}

describe('FrameSink', () => {
  it('holds memory flat: within 1 MiB from 20,000 to 200,000 frames, where a Recorder grows by over 4 MiB', () => {
    let sinks: FrameSink[] = [];
    const [at20k, at200k] = memoryAt20kAnd200k((probes) => {
      sinks = [new NpySink(join(dir, 'long.npy'), probes), new CsvSink(join(dir, 'long.csv'), probes), new NdjsonSink(join(dir, 'long.ndjson'), probes)];
      return sinks;
    });
    expect(sinks.map((s) => s.length)).toEqual([200_001, 200_001, 200_001]);
    // 1 MiB for the 180,000 frames between: under 2 bytes per frame for all three sinks together.
    expect(at200k - at20k).toBeLessThan(1 << 20);
    // The same measure sees the in-memory Recorder keep 180,000 × 3 values × 8 bytes ≈ 4.1 MiB.
    const [r20k, r200k] = memoryAt20kAnd200k((probes) => [new Recorder(probes)]);
    expect(r200k - r20k).toBeGreaterThan(4 << 20);
  });

  it.skipIf(!existsSync('/dev/full'))('keeps a failed write out of the frame stream: the sink closes, ignores later frames and reports it', () => {
    const { circuit, sim } = setup();
    const probes = [new Probe({ population: 'pyramidal', layer: 2, variable: 'soma' }, circuit)];
    const sink = new CsvSink('/dev/full', probes, { bufferBytes: 64 });
    sim.frames(0.1).subscribe(sink);
    sim.advanceTo(5); // the run goes on
    expect(sink.done).toBe(true);
    expect(String(sink.failure)).toBe('InputError: /dev/full: cannot write the file (ENOSPC)');
    expect(sink.length).toBe(0); // the first row did not fit beside the header
  });
});
