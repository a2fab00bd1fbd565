import { describe, expect, it } from 'vitest';
import { parallelMap } from '../../src/experiments/parallel-map.ts';

const task = new URL('../helpers/square-task.ts', import.meta.url);

describe('parallelMap', () => {
  it('returns results in input order, from worker threads and inline alike', async () => {
    const inputs = [3, 1, 4, 1, 5];
    const progress: number[][] = [];
    const parallel = await parallelMap<number, { square: number; draws: number[] }>(task, inputs, {
      concurrency: 2,
      onProgress: (i, p) => progress.push([i, p]),
    });
    const inline = await parallelMap<number, { square: number; draws: number[] }>(task, inputs, { concurrency: 1 });
    expect(parallel.map((r) => r.square)).toEqual([9, 1, 16, 1, 25]);
    expect(parallel).toEqual(inline); // seeded work gives the same numbers in any thread
    expect(progress.map(([i, p]) => p - inputs[i] * inputs[i]).every((d) => d === 0)).toBe(true);
    expect(progress.length).toBe(5);
  });

  it('rejects with the task error', async () => {
    await expect(parallelMap(task, [-1], { concurrency: 2 })).rejects.toThrow(/negative input -1/);
    // The error's name crosses the thread, so commands can still tell bad input from bugs.
    await expect(parallelMap(task, [-1, 2], { concurrency: 2 })).rejects.toMatchObject({ name: 'RangeError' });
  });

  it('after the first failure starts no further task and stops the running ones', async () => {
    const reports: number[] = [];
    await expect(parallelMap(task, [1000, -1, 3], { concurrency: 2, onProgress: (i) => reports.push(i) })).rejects.toThrow(/negative input -1/);
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    await sleep(300);
    const afterStop = reports.length;
    // The long task would report every 10 ms for 5 s; stopped, it reports nothing more.
    await sleep(300);
    expect(reports.length).toBe(afterStop);
    expect(reports).not.toContain(2);
  });
});
