/**
 * Pools the configurations of several `npm run example -- dsa-curriculum` runs (other seeds run
 * apart, on other cores or machines) into one report: the table.md and box plots one run of all of
 * them would write, a result.json with their configurations, summary, orderings and results (and
 * so itself poolable), and a JSON line on stdout.
 *
 *     npx tsx src/cli/dsa-curriculum-pool.ts --out DIR RUN_DIR [RUN_DIR …]
 *
 * The runs must have measured alike (measurement, PCA, DSA settings, trials, keeping rule); a
 * configuration may come from one run only.
 */
import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { InputError } from '../core/input-error.ts';
import { checkOutputFolder } from '../io/output-path.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import type { DsaCurriculumResult } from '../experiments/dsa-curriculum-measure.ts';
import { reportFields, reportHeadline, writeCurriculumReport } from '../experiments/dsa-curriculum-report.ts';
import { measurementSettings, type DsaCurriculumSettings } from '../experiments/dsa-curriculum-settings.ts';
import { cliProgram } from './cli-program.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = cliProgram('npx tsx src/cli/dsa-curriculum-pool.ts', 'Pool the measured configurations of several dsa-curriculum runs into one table, box plots and result file.')
  .argument('<runs...>', 'output folders of `npm run example -- dsa-curriculum` runs (each with its result.json)')
  .requiredOption('--out <dir>', 'where the pooled table.md, figures and result.json go');
parseCommandLine(program);
const opts = program.opts<{ out: string }>();

interface RunResult {
  readonly variant: string;
  readonly configurations: DsaCurriculumSettings[];
  readonly results: DsaCurriculumResult[];
}

/** The measurement settings in which `a` and `b` differ, as "key: a against b". */
function differences(a: ReturnType<typeof measurementSettings>, b: ReturnType<typeof measurementSettings>): string {
  const keys = Object.keys(a) as (keyof typeof a)[];
  return keys
    .filter((k) => !isDeepStrictEqual(a[k], b[k]))
    .map((k) => `${k}: ${JSON.stringify(a[k])} against ${JSON.stringify(b[k])}`)
    .join('; ');
}

function readRun(dir: string): RunResult {
  const path = `${dir}/result.json`;
  let run: RunResult;
  try {
    run = JSON.parse(readFileSync(path, 'utf8')) as RunResult;
  } catch (e) {
    throw new InputError(dir, `no readable result.json of a dsa-curriculum run there (${(e as Error).message}); pass the run's --out folder`);
  }
  const isResult = (r: Partial<DsaCurriculumResult> | null) => typeof r === 'object' && r !== null && typeof r.configuration === 'string' && typeof r.masterAccuracy === 'number' && Array.isArray(r.groups);
  if (typeof run !== 'object' || run === null || !Array.isArray(run.configurations) || run.configurations.length === 0 || !Array.isArray(run.results) || !run.results.every(isResult)) {
    throw new InputError(path, 'not the result of a dsa-curriculum run (its configurations and measured results are missing); pass the run\'s --out folder');
  }
  return run;
}

await runCommand(async () => {
  checkOutputFolder(
    opts.out,
    '--out',
    program.args.map((dir) => ({ path: dir, what: 'a run being pooled' })),
  );
  const runs = program.args.map((dir) => ({ dir, run: readRun(dir) }));
  const reference = measurementSettings(runs[0].run.configurations[0]);
  const from = new Map<string, string>();
  const results: DsaCurriculumResult[] = [];
  for (const { dir, run } of runs) {
    for (const settings of run.configurations) {
      if (!isDeepStrictEqual(measurementSettings(settings), reference)) {
        throw new InputError(dir, `measured otherwise than ${runs[0].dir} (${differences(measurementSettings(settings), reference)}); pool runs of one measurement`);
      }
    }
    for (const r of run.results) {
      const other = from.get(r.configuration);
      if (other !== undefined) throw new InputError(dir, `configuration ${r.configuration} is also in ${other}; pool runs of distinct seeds or settings`);
      from.set(r.configuration, dir);
      results.push(r);
    }
  }
  const report = await writeCurriculumReport(opts.out, results, reference.keepAccuracy);
  writeFileAtomic(
    `${opts.out}/result.json`,
    JSON.stringify({
      variant: [...new Set(runs.map(({ run }) => run.variant))].join(', '),
      pooledFrom: runs.map(({ dir, run }) => ({ dir, variant: run.variant, configurations: run.results.map((r) => r.configuration) })),
      configurations: [...new Map(runs.flatMap(({ run }) => run.configurations).map((c) => [JSON.stringify(c), c])).values()],
      measurement: reference,
      ...reportFields(results, report),
    }),
  );
  process.stdout.write(`${JSON.stringify({ pooled: runs.length, ...reportHeadline(results, report), out: opts.out })}\n`);
});
