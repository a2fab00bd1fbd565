/**
 * `npm run simulate -- experiment.json --out result.json` (docs/experiment-format.md): runs one
 * experiment file and writes its result. Progress goes to stderr for runs longer than a few
 * seconds; one JSON line of run statistics goes to stdout at the end. Every output path is
 * checked before the run starts (README "Reliability").
 */
import { resolve, dirname, join } from 'node:path';
import { existsSync } from 'node:fs';
import { Option } from 'commander';
import { CONNECTIONS } from '../anatomy/circuit-shape.ts';
import type { ExperimentResult } from '../experiment-file/run-experiment.ts';
import type { Microcircuit } from '../circuits/microcircuit.ts';
import { DEFAULT_MAX_STEPS, defaultRunLimits } from '../experiment-file/run-limits.ts';
import { InputError } from '../core/input-error.ts';
import { writeNpy } from '../io/npy.ts';
import { checkOutputFile, checkOutputFolder, makeFolder, type RunInput } from '../io/output-path.ts';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { cliProgram, defaultIs, quietOption } from './cli-program.ts';
import { createProgress } from './progress.ts';
import { addLiveOptions, liveAddress, type LiveFlags } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';
import { wholeNumberOption, positiveNumberOption } from './number-option.ts';

const program = cliProgram('npm run simulate --', 'Run a microcircuit experiment file (format: docs/experiment-format.md) and write its result as JSON.')
  .argument('<experiment>', 'experiment file (JSON)')
  .requiredOption('--out <file>', 'result file to write (JSON; a pipe or device such as /dev/stdout is written through)')
  .addOption(defaultIs(new Option('--weights-npy <dir>', 'also save the final weights as .npy files, one per matrix (up_1.npy, …)'), 'not saved'))
  .addOption(defaultIs(new Option('--checkpoint-every <patterns>', 'save a checkpoint (<out>.ckpt) every so many patterns'), '0 = none'))
  .option('--resume', 'continue from the checkpoint <out>.ckpt of an interrupted run')
  .addOption(defaultIs(new Option('--max-steps <n>', 'refuse a run estimated to take more integration steps plus recorded frames than this'), DEFAULT_MAX_STEPS.toExponential().replace('+', '')))
  .addOption(defaultIs(new Option('--max-memory <MB>', 'refuse a run estimated to need more memory than this, in MB'), `half the machine's memory, ${Math.round(defaultRunLimits().maxBytes / 1e6)} MB here`))
  .addOption(defaultIs(new Option('--threads <n>', 'kernel threads: 1, 2 or auto (the faster, timed at the start; results are bit-identical; overrides integrator.threads)'), 'integrator.threads, else 1'))
  .addOption(defaultIs(new Option('--precision <p>', 'storage of weights and traces: float64 or float32 (euler/expEuler only); overrides the file\'s "precision"').choices(['float64', 'float32']), 'the file\'s, else float64'))
  .addOption(quietOption());
addLiveOptions(program, 'charts sampled every record.every ms (default 1), the loss of each pattern, pause, resume, stop');

parseCommandLine(program);
const [experimentPath] = program.args;
const options = program.opts<LiveFlags & { out: string; weightsNpy?: string; checkpointEvery?: string; resume?: boolean; maxSteps?: string; maxMemory?: string; threads?: string; precision?: 'float64' | 'float32'; quiet?: boolean }>();

await runCommand(async () => {
  const defaults = defaultRunLimits();
  const maxMemory = positiveNumberOption('--max-memory', options.maxMemory);
  const limits = {
    maxSteps: positiveNumberOption('--max-steps', options.maxSteps) ?? defaults.maxSteps,
    maxBytes: maxMemory === undefined ? defaults.maxBytes : maxMemory * 1e6,
  };
  const every = wholeNumberOption('--checkpoint-every', options.checkpointEvery) ?? 0;
  const live = liveAddress(options);
  const threads = threadsOption(options.threads);
  // The run's modules load once the command line is checked: --help and usage errors answer at once.
  const [{ loadExperiment, withPrecision }, { openExperiment, runExperiment }] = await Promise.all([import('../experiment-file/load-experiment.ts'), import('../experiment-file/run-experiment.ts')]);
  const loaded = loadExperiment(experimentPath, limits);
  const withThreads = threads === undefined ? loaded : { ...loaded, integrator: { ...loaded.integrator, threads } };
  // Threads change no result, so the result file echoes the experiment as written; a precision does change results and is echoed.
  const experiment = options.precision === undefined ? withThreads : withPrecision(withThreads, options.precision);

  // Every output, checked before any work: a writable place, not a folder, not an input, not another output.
  const inputs: RunInput[] = [{ path: experimentPath, what: 'the experiment file' }, ...experiment.inputFiles.map((path) => ({ path, what: 'a weight file of the experiment' }))];
  const checkpointPath = `${options.out}.ckpt`;
  checkOutputFile(options.out, '--out', inputs);
  const sink = experiment.resolved.record?.sink;
  const sinkPath = sink === undefined ? null : resolve(dirname(experimentPath), sink.path);
  if (sinkPath !== null) checkOutputFile(sinkPath, 'record.sink.path', [...inputs, { path: options.out, what: 'the --out result file' }]);
  if (every > 0) checkOutputFile(checkpointPath, '--checkpoint-every (the checkpoint <out>.ckpt)', inputs);
  if (options.weightsNpy !== undefined) {
    checkOutputFolder(options.weightsNpy, '--weights-npy', inputs);
    for (const c of CONNECTIONS) {
      for (let i = 0; i < experiment.shape.count(c); i++) checkOutputFile(join(options.weightsNpy, `${c}_${i + 1}.npy`), '--weights-npy', inputs);
    }
  }
  if (options.resume && !existsSync(checkpointPath)) throw new InputError('--resume', `no checkpoint at ${checkpointPath}; run once without --resume (with --checkpoint-every)`);

  // The sinks open their file as the run starts: its folder must exist by then.
  if (sinkPath !== null) makeFolder(dirname(sinkPath), 'record.sink.path');
  // Progress in simulated ms, so that a protocol of few long patterns moves from the first seconds too.
  const progress = createProgress({ label: 'simulate', total: experiment.patterns.length * experiment.timing.tPattern, unit: 'simulated ms', quiet: options.quiet });
  const extra = { patterns: 0 };
  const runOptions = {
    onPattern: (done: number) => {
      extra.patterns = done;
    },
    onSimulatedTime: (ms: number) => progress.update(ms, extra),
    baseDir: dirname(experimentPath),
    checkpoint: every > 0 || options.resume ? { path: checkpointPath, every, resume: options.resume === true } : undefined,
  };
  let result: ExperimentResult;
  let circuit: Microcircuit;
  if (live !== null) {
    const run = openExperiment(experiment, runOptions);
    const { runLive } = await import('../live/run-live.ts');
    result = await runLive(run, { ...live, every: experiment.record?.every ?? 1, title: `simulate ${experimentPath}`, onUrl: (url) => process.stderr.write(`live view: ${url}\n`) });
    circuit = run.circuit;
  } else {
    ({ result, circuit } = runExperiment(experiment, runOptions));
  }
  progress.finish();
  writeFileAtomic(options.out, JSON.stringify(result));
  if (options.weightsNpy !== undefined) {
    makeFolder(options.weightsNpy, '--weights-npy');
    const w = circuit.weights();
    for (const c of CONNECTIONS) w[c].forEach((m, i) => writeNpy(join(options.weightsNpy!, `${c}_${i + 1}.npy`), m.data, [m.rows, m.cols]));
  }
  const { simulatedMs, wallMs, steps, largestStepMs } = result.stats;
  const line = { out: options.out, patterns: result.outputs.length, simulatedMs, steps, largestStepMs, wallMs: Math.round(wallMs), simulatedMsPerWallSecond: Math.round(simulatedMs / (wallMs / 1000)), threads: result.stats.threads.threads };
  process.stdout.write(`${JSON.stringify(line)}\n`);
});

/** `--threads`: 1, 2 or auto; absent: the experiment file's setting. */
function threadsOption(value: string | undefined): 1 | 2 | 'auto' | undefined {
  if (value === undefined) return undefined;
  if (value === '1' || value === '2') return Number(value) as 1 | 2;
  if (value === 'auto') return 'auto';
  throw new InputError('--threads', `expected 1, 2 or auto, got ${value}`);
}
