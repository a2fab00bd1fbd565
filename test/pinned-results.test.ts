import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExperiment } from '../src/experiment-file/load-experiment.ts';
import { runExperiment } from '../src/experiment-file/run-experiment.ts';
import regression from '../src/experiments/regression.ts';

/**
 * Results pinned to the digit: each expected file was written by the engine before a refactoring
 * (`npm run simulate` on the fixture, `npm start -- --quick`), and a change that is meant to keep
 * the numerics must reproduce them exactly — every integrator, with plasticity and noise.
 */
const FIXTURES = resolve(__dirname, 'fixtures/pinned');
const EXAMPLES = resolve(__dirname, '../examples/experiments');
const dir = mkdtempSync(join(tmpdir(), 'pinned-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The result as the result file holds it (typed arrays become lists), without the wall time. */
function asWritten(value: unknown): any {
  const parsed = JSON.parse(JSON.stringify(value));
  delete parsed.stats?.wallMs;
  return parsed;
}

function expected(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8'));
}

describe('pinned results', () => {
  const plastic = readdirSync(FIXTURES).filter((f) => f.endsWith('.json') && !f.endsWith('.expected.json'));

  it.each(plastic)('%s: outputs, weights, recordings and step counts to the last digit', (file) => {
    const result = asWritten(runExperiment(loadExperiment(join(FIXTURES, file)), {}).result);
    const want = expected(file.replace(/\.json$/, ''));
    expect(result.stats).toMatchObject(want.stats);
    expect(result.outputs).toEqual(want.outputs);
    expect(result.weights).toEqual(want.weights);
    expect(result.recordings).toEqual(want.recordings);
  });

  it('examples/experiments/fixed-weights-30-50-10.json: outputs to the last digit', () => {
    const result = asWritten(runExperiment(loadExperiment(join(EXAMPLES, 'fixed-weights-30-50-10.json')), {}).result);
    const want = expected('fixed-weights-30-50-10');
    expect(result.stats).toMatchObject(want.stats);
    expect(result.outputs).toEqual(want.outputs);
  });

  it('npm start -- --quick: the headline numbers to the last digit', async () => {
    const headline = asWritten(await regression.run({ outDir: join(dir, 'regression'), seeds: [1, 2, 3], quick: true }));
    delete headline.wallSeconds;
    expect(headline).toEqual(expected('regression-quick'));
  });
});
