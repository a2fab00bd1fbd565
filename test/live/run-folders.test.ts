import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findRuns, runSeries } from '../../src/live/run-folders.ts';
import { insideRoot } from '../../src/live/serve-runs.ts';

/** What the run browser finds in a folder of runs, and which paths its /file endpoint serves. */
const root = mkdtempSync(join(tmpdir(), 'runs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runSeries', () => {
  it('pairs numeric arrays with their x array (own or a parent\'s) and epoch records with their epoch', () => {
    const result = {
      settings: { patterns: 4 },
      seeds: [{ seed: 1, patterns: [10, 20, 30], piRatio: [0.9, 0.5, 0.2], short: [1, 2], mse: { backprop: [3, 2, 1] } }],
      history: [
        { epoch: 1, trainLoss: 0.5, testError: null },
        { epoch: 2, trainLoss: 0.25, testError: 0.1 },
      ],
      conditions: { none: { time: [0, 5], taskA: [1, 2] } },
    };
    expect(runSeries(result)).toEqual({
      'seeds[0].piRatio': { x: [10, 20, 30], y: [0.9, 0.5, 0.2], xLabel: 'patterns' },
      'seeds[0].mse.backprop': { x: [10, 20, 30], y: [3, 2, 1], xLabel: 'patterns' },
      'history.trainLoss': { x: [1, 2], y: [0.5, 0.25], xLabel: 'epoch' },
      'history.testError': { x: [1, 2], y: [NaN, 0.1], xLabel: 'epoch' },
      'conditions.none.taskA': { x: [0, 5], y: [1, 2], xLabel: 'time' },
    });
  });
});

describe('findRuns and insideRoot', () => {
  it('lists folders with a result.json, named by their JSON line or folder; serves only files inside the root', () => {
    mkdirSync(join(root, 'a', 'regression'), { recursive: true });
    writeFileSync(join(root, 'a', 'regression', 'result.json'), JSON.stringify({ settings: { eta: 1 } }));
    writeFileSync(join(root, 'a', 'regression', 'fig.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    mkdirSync(join(root, 'b'));
    writeFileSync(join(root, 'b', 'result.json'), JSON.stringify({ data: 'teacher', model: 'backprop', mode: 'steady', setup: { batch: 1 } }));
    writeFileSync(join(root, 'b', 'line.json'), '{"experiment":"regression","x":1}\n');
    mkdirSync(join(root, 'c'));
    writeFileSync(join(root, 'c', 'result.json'), JSON.stringify({ data: 'teacher', model: 'backprop', mode: 'full' }));
    const runs = findRuns(root);
    expect(runs.map((r) => [r.path, r.experiment])).toEqual([
      ['a/regression', 'regression'],
      ['b', 'regression'],
      ['c', 'train teacher backprop full'],
    ]);
    expect(runs[0]).toMatchObject({ settings: { eta: 1 }, figures: ['a/regression/fig.svg'], files: ['a/regression/result.json'], line: null });
    expect(runs[1]).toMatchObject({ settings: { batch: 1 }, line: { experiment: 'regression', x: 1 }, files: ['b/line.json', 'b/result.json'] });

    symlinkSync('/etc', join(root, 'out-link'));
    writeFileSync(join(root, '..', `${root.split('/').pop()}-sibling.txt`), 'outside');
    expect(insideRoot(root, 'a/regression/fig.svg')).toBe(join(root, 'a/regression/fig.svg'));
    for (const bad of ['../x', 'a/../../x', `../${root.split('/').pop()}-sibling.txt`, '/etc/passwd', 'out-link/hostname', 'a', '', 'nothing.json', 'a/regression/\0']) {
      expect(insideRoot(root, bad)).toBeNull();
    }
    rmSync(join(root, '..', `${root.split('/').pop()}-sibling.txt`));
  });
});
