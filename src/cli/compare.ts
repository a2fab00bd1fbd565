/**
 * `npm run compare -- <a.npy> <b.npy> [options]`: DSA, CKA and Procrustes between two recordings
 * saved as .npy (time × units, or trials × time × units; any float or integer dtype), printed as
 * one JSON line with the settings used (src/experiments/compare-recordings.ts).
 */
import { Command } from 'commander';
import type { DsaOptions } from '../analysis/dsa.ts';
import { excerpt } from '../core/excerpt.ts';
import { InputError } from '../core/input-error.ts';
import { compareRecordings } from '../experiments/compare-recordings.ts';
import type { CompareSettings } from '../experiments/compare-recordings.ts';
import { METRICS } from '../experiments/dsa-lorenz-metrics.ts';
import { DSA_OPTIMIZERS } from '../experiments/dsa-lorenz-settings.ts';
import type { Metric } from '../experiments/dsa-lorenz-metrics.ts';
import { assertFinite, npyToFloat64, readNpy } from '../io/npy.ts';
import { wholeNumberOption } from './number-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

const program = new Command()
  .name('compare')
  .description('DSA angle, arccos(CKA)/(π/2) and Procrustes angle/(π/2) between two .npy recordings (time × units or trials × time × units)')
  .argument('<a>', 'first recording (.npy)')
  .argument('<b>', 'second recording (.npy)')
  .option('--metrics <list>', `comma-separated, some of ${METRICS.join(', ')}`, METRICS.join(','))
  .option('--n-delays <n>', 'DSA: delays of the embedding (n_delays)', '1')
  .option('--delay-interval <n>', 'DSA: steps between delays (delay_interval)', '1')
  .option('--rank <n>', 'DSA: rank of the operator (default: the numerical rank of the embedding)')
  .option('--optimizer <name>', 'DSA: lbfgs (4 starts, the first spectral) or adam (1000 steps at lr 1e-2 from I and a reflection, as the DSA package)', 'lbfgs')
  .option('--seed <k>', 'DSA: seed of the random starts', '0')
  .option('--pca <k>', 'project both recordings on their k common principal components first');
parseCommandLine(program);
const [pathA, pathB] = program.args;
const opts = program.opts<{ metrics: string; nDelays: string; delayInterval: string; rank?: string; optimizer: string; seed: string; pca?: string }>();

/** A whole number ≥ 1 from an option. */
function countOption(option: string, text: string | undefined): number | undefined {
  const n = wholeNumberOption(option, text);
  if (n === 0) throw new InputError(option, `expected a whole number ≥ 1, got ${excerpt(text ?? '')}`);
  return n;
}

await runCommand(() => {
  const metrics = opts.metrics.split(',').map((s) => s.trim());
  for (const m of metrics) if (!(METRICS as readonly string[]).includes(m)) throw new InputError('--metrics', `unknown metric ${excerpt(m)}; expected some of ${METRICS.join(', ')}`);
  if (opts.optimizer !== 'lbfgs' && opts.optimizer !== 'adam') throw new InputError('--optimizer', `expected lbfgs or adam, got ${excerpt(opts.optimizer)}`);
  const dsa: DsaOptions = {
    nDelays: countOption('--n-delays', opts.nDelays),
    delayInterval: countOption('--delay-interval', opts.delayInterval),
    rank: countOption('--rank', opts.rank),
    ...DSA_OPTIMIZERS[opts.optimizer],
    seed: wholeNumberOption('--seed', opts.seed),
  };
  const settings: CompareSettings = { metrics: metrics as Metric[], dsa, pcaComponents: countOption('--pca', opts.pca) };
  const read = (path: string) => {
    const a = readNpy(path);
    const data = npyToFloat64(a);
    assertFinite(data, path);
    return { data, shape: a.shape };
  };
  const result = compareRecordings(read(pathA), read(pathB), settings);
  process.stdout.write(`${JSON.stringify({ a: pathA, b: pathB, ...result, settings })}\n`);
});
