import { describe, expect, it } from 'vitest';
import { LiveRunner, type LiveRunState } from '../../src/live/live-runner.ts';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('LiveRunner', () => {
  it('runs every step to the end and resolves done, yielding to the event loop between chunks', async () => {
    let steps = 0;
    let timersRun = 0;
    // Each step busy-waits 2 ms; with 5 ms chunks the event loop must get turns in between.
    const runner = new LiveRunner(() => {
      const until = performance.now() + 2;
      while (performance.now() < until);
      return ++steps < 40;
    }, { chunkWallMs: 5 });
    const timer = setInterval(() => timersRun++, 0);
    const states: LiveRunState[] = [];
    runner.onState((s) => states.push(s));
    expect(await runner.run()).toBe('done');
    clearInterval(timer);
    expect(steps).toBe(40);
    expect(timersRun).toBeGreaterThanOrEqual(40 / 3 - 1); // ≥ one turn per chunk of ≤ 3 steps
    expect(states).toEqual(['done']);
  });

  it('pause takes effect at the next step boundary: no step runs until resume', async () => {
    let steps = 0;
    let runner!: LiveRunner;
    // Pausing from inside step 3 (as a frame callback could): step 4 must wait for resume.
    runner = new LiveRunner(() => {
      steps++;
      if (steps === 3) runner.pause();
      return steps < 10;
    }, { chunkWallMs: 1000 });
    const done = runner.run();
    for (let i = 0; i < 20; i++) await tick();
    expect(steps).toBe(3);
    expect(runner.state).toBe('paused');
    runner.resume();
    expect(await done).toBe('done');
    expect(steps).toBe(10);
  });

  it('stop while paused ends the run as stopped, with no further step', async () => {
    let steps = 0;
    let runner!: LiveRunner;
    runner = new LiveRunner(() => {
      if (++steps === 2) runner.pause();
      return true;
    });
    const done = runner.run();
    for (let i = 0; i < 10; i++) await tick();
    runner.stop();
    expect(await done).toBe('stopped');
    expect(steps).toBe(2);
    runner.resume(); // no effect once stopped
    expect(runner.state).toBe('stopped');
  });

  it('stop from outside lands between chunks; an error thrown by a step rejects the run', async () => {
    let steps = 0;
    const runner = new LiveRunner(() => (steps++, true), { chunkWallMs: 0 });
    const done = runner.run();
    for (let i = 0; i < 5; i++) await tick();
    runner.stop();
    const at = steps;
    expect(await done).toBe('stopped');
    expect(steps).toBe(at);
    expect(at).toBeGreaterThan(0);

    const failing = new LiveRunner(() => {
      throw new Error('non-finite state at t = 12 ms');
    });
    await expect(failing.run()).rejects.toThrow('non-finite state at t = 12 ms');
  });
});
