import { afterEach, describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/cli/progress.ts';
import type { ProgressOptions } from '../../src/cli/progress.ts';

/** A writable that records what it is given, as a terminal (`isTTY`) or a pipe. */
class FakeStream {
  readonly chunks: string[] = [];
  constructor(
    readonly isTTY = false,
    readonly columns?: number,
  ) {}
  write(chunk: string): boolean {
    this.chunks.push(chunk);
    return true;
  }
  get text(): string {
    return this.chunks.join('');
  }
}

/** A run whose clock is advanced by hand; `clock.reads` counts how often the reporter looked at it. */
function setup(options: Partial<ProgressOptions> = {}, stream = new FakeStream()) {
  const clock = { t: 0, reads: 0 };
  const now = () => {
    clock.reads++;
    return clock.t;
  };
  const progress = createProgress({ label: 'train', total: 1000, unit: 'patterns', stream, now, ...options });
  return { progress, stream, clock };
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('createProgress on a pipe', () => {
  it('prints nothing for a run that finishes within 2 s', () => {
    const { progress, stream, clock } = setup();
    for (let i = 1; i <= 1000; i++) {
      clock.t = i * 1.9;
      progress.update(i);
    }
    progress.finish();
    expect(stream.chunks).toEqual([]);
  });

  it('states percentage, counts, rate and ETA', () => {
    const { progress, stream, clock } = setup();
    clock.t = 10_000 / 3; // 400 patterns in 3.33 s: 120 patterns/s, 600 left take 5 s
    progress.update(400);
    expect(stream.chunks).toEqual(['train: 40% (400/1000 patterns), 120 patterns/s, ETA 5 s\n']);
  });

  it('prints its first line after 2 s, then at most one every 5 s, and a summary at the end', () => {
    const { progress, stream, clock } = setup({ total: 600 });
    const times: number[] = [];
    for (let i = 1; i <= 600; i++) {
      clock.t = i * 100;
      const before = stream.chunks.length;
      progress.update(i);
      if (stream.chunks.length > before) times.push(clock.t);
    }
    expect(times).toEqual([2000, 7000, 12_000, 17_000, 22_000, 27_000, 32_000, 37_000, 42_000, 47_000, 52_000, 57_000]);
    expect(stream.chunks[1]).toBe('train: 11% (70/600 patterns), 10.0 patterns/s, ETA 53 s\n');
    progress.finish();
    expect(stream.chunks.at(-1)).toBe('train: 600/600 patterns in 1 min 00 s, 10.0 patterns/s\n');
    expect(stream.chunks).toHaveLength(times.length + 1);
  });

  it('shows the latest extra values and long durations in minutes and hours', () => {
    const { progress, stream, clock } = setup({ total: 100_000 });
    clock.t = 100_000;
    progress.update(1000, { loss: 0.0123456, epoch: 2, phase: 'replay' });
    clock.t = 3_700_000;
    progress.update(50_000);
    expect(stream.chunks).toEqual([
      'train: 1% (1000/100000 patterns), 10.0 patterns/s, ETA 2 h 45 min, loss=0.01235, epoch=2, phase=replay\n',
      'train: 50% (50000/100000 patterns), 13.5 patterns/s, ETA 1 h 01 min, loss=0.01235, epoch=2, phase=replay\n',
    ]);
  });

  it('says the ETA is unknown while nothing is done', () => {
    const { progress, stream, clock } = setup();
    clock.t = 2500;
    progress.update(0);
    expect(stream.text).toBe('train: 0% (0/1000 patterns), 0.00 patterns/s, ETA ?\n');
  });

  it('reads the clock only every so many calls when updates are frequent', () => {
    const { progress, stream, clock } = setup({ total: 1_000_000 });
    for (let i = 1; i <= 1_000_000; i++) {
      clock.t = i * 0.01; // 10 µs per pattern: 10 s in all
      progress.update(i);
    }
    expect(clock.reads).toBeLessThan(2000);
    expect(stream.chunks.length).toBe(2); // at 2 s and 7 s
    expect(stream.chunks[0]).toMatch(/^train: 20% \(20\d{4}\/1000000 patterns\)/);
  });

  it('ignores updates after finish and a second finish', () => {
    const { progress, stream, clock } = setup();
    clock.t = 3000;
    progress.update(10);
    progress.finish();
    clock.t = 9000;
    progress.update(20);
    progress.finish();
    expect(stream.chunks).toHaveLength(2);
  });
});

describe('createProgress on a terminal', () => {
  it('redraws a bar in place and ends the line on finish', () => {
    const { progress, stream, clock } = setup({}, new FakeStream(true, 120));
    for (let i = 1; i <= 1000; i++) {
      clock.t = i * 5;
      progress.update(i);
    }
    progress.finish();
    const draws = stream.chunks.slice(0, -2);
    expect(draws.length).toBeGreaterThan(20); // every ≥ 100 ms from 2 s to 5 s
    expect(draws.length).toBeLessThanOrEqual(30);
    for (const draw of draws) expect(draw).toMatch(/^\rtrain [█░]{24} \d+% \(\d+\/1000 patterns\), 200 patterns\/s, ETA \d+ s\x1b\[K$/);
    expect(draws[0]).toBe(`\rtrain ${'█'.repeat(10)}${'░'.repeat(14)} 40% (401/1000 patterns), 200 patterns/s, ETA 3 s\x1b[K`);
    expect(stream.chunks.slice(-2)).toEqual(['\rtrain: 1000/1000 patterns in 5 s, 200 patterns/s\x1b[K', '\n']);
  });

  it('cuts the line to the terminal width', () => {
    const { progress, stream, clock } = setup({}, new FakeStream(true, 30));
    clock.t = 3000;
    progress.update(10);
    expect(stream.chunks).toEqual([`\rtrain ${'░'.repeat(23)}\x1b[K`]);
  });
});

describe('createProgress switched off', () => {
  const longRun = (options: Partial<ProgressOptions>) => {
    const { progress, stream, clock } = setup(options);
    clock.t = 60_000;
    progress.update(500);
    progress.finish();
    return stream.chunks;
  };

  it('is silent with quiet', () => {
    expect(longRun({ quiet: true })).toEqual([]);
  });

  it('is silent with NO_PROGRESS=1, and not with NO_PROGRESS=0', () => {
    vi.stubEnv('NO_PROGRESS', '1');
    expect(longRun({})).toEqual([]);
    vi.stubEnv('NO_PROGRESS', '0');
    expect(longRun({})).toHaveLength(2);
  });

  it('rejects a total that is not finite and positive', () => {
    expect(() => createProgress({ label: 'x', total: 0, unit: 'steps' })).toThrow(RangeError);
    expect(() => createProgress({ label: 'x', total: NaN, unit: 'steps' })).toThrow(RangeError);
  });
});
