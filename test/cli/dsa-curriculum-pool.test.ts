import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import example from '../../src/experiments/dsa-curriculum.ts';

const root = mkdtempSync(join(tmpdir(), 'dsa-pool-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function pool(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/dsa-curriculum-pool.ts', ...args], { encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('dsa-curriculum-pool', () => {
  it('pools runs of seed 1 and of seed 2 into what one run of both seeds writes; refuses overlapping or differently measured runs', async () => {
    const [one, two, both, pooled] = ['seed1', 'seed2', 'both', 'pooled'].map((d) => join(root, d));
    await example.run({ outDir: one, seeds: [1], quick: true });
    await example.run({ outDir: two, seeds: [2], quick: true });
    await example.run({ outDir: both, seeds: [1, 2], quick: true });

    const r = pool('--out', pooled, one, two);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const line = JSON.parse(r.stdout);
    expect(line).toMatchObject({ pooled: 2, configurations: 2, kept: 2 });
    const a = JSON.parse(read(pooled, 'result.json'));
    const b = JSON.parse(read(both, 'result.json'));
    expect(a.summary).toEqual(b.summary);
    expect(a.orderings).toEqual(b.orderings);
    expect([a.kept, a.table, a.authors]).toEqual([b.kept, b.table, b.authors]);
    // everything but the training seconds, which are wall time
    const timeless = (results: { seconds: number }[]) => results.map(({ seconds: _, ...rest }) => rest);
    expect(timeless(a.results)).toEqual(timeless(b.results));
    expect(read(pooled, 'table.md')).toBe(read(both, 'table.md'));
    expect(read(pooled, 'dsa-curriculum-dsa.svg')).toBe(read(both, 'dsa-curriculum-dsa.svg'));
    expect(line.dsaMedianUntrained).toBe(b.summary.medians.dsa.untrained);

    // a pooled folder is itself a run that can be pooled
    const again = pool('--out', join(root, 'again'), pooled);
    expect(again.status).toBe(0);
    expect(read(join(root, 'again'), 'table.md')).toBe(read(both, 'table.md'));

    const intoInput = pool('--out', one, one, two);
    expect(intoInput.status).toBe(2);
    expect(intoInput.stderr).toMatch(/--out: .*seed1 is a run being pooled, an input of this run; choose another output path/);

    const overlap = pool('--out', join(root, 'x'), one, both);
    expect(overlap.status).toBe(2);
    expect(overlap.stderr).toMatch(/configuration seed1 is also in .*seed1; pool runs of distinct seeds/);

    const result = JSON.parse(read(two, 'result.json'));
    result.configurations[0].measurement = { ...result.configurations[0].measurement, name: 'authors-pca' };
    writeFileSync(join(two, 'result.json'), JSON.stringify(result));
    const mixed = pool('--out', join(root, 'y'), one, two);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toMatch(/seed2: measured otherwise than .*seed1 \(measurement: \{"name":"authors-pca".* against \{"name":"time"/);

    const results = JSON.parse(read(both, 'result.json'));
    delete results.results[1].groups;
    const broken = join(root, 'broken');
    mkdirSync(broken);
    writeFileSync(join(broken, 'result.json'), JSON.stringify(results));
    const malformed = pool('--out', join(root, 'w'), broken);
    expect(malformed.status).toBe(2);
    expect(malformed.stderr).toMatch(/^error: .*broken\/result\.json: not the result of a dsa-curriculum run/);

    const usage = pool(one);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/required option '--out <dir>' not specified/);
    const help = pool('--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/--out <dir>\s+\(required\) where the pooled/);

    const missing = pool('--out', join(root, 'z'), join(root, 'nothing-here'));
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^error: .*nothing-here: no readable result\.json/);
  }, 120_000);
});
