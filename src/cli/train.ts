/**
 * `npm run train -- --data <mnist|yinyang|teacher|idx:PATH> --model <microcircuit|backprop|fa|shallow>
 * --mode <steady|full> --epochs N --seed S [--batch B] [--lr X] [--lr-decay F] [--up-lr-scale A,B] [--optimizer sgd|adam] [--out DIR]
 * [--resume] [--limit-train N] [--limit-test N]`: trains one learner, with per-epoch train and test
 * error, a progress bar on stderr, a checkpoint per epoch, and result.json plus learning-curve.svg in
 * the output folder; one JSON line of headline numbers goes to stdout.
 *
 * `--data seq-mnist|row-mnist --model lstm|sublstm|fix-sublstm [--units N] [--precision float32] [--clip C]
 * [--optimizer rmsprop|adam] [--checkpoint-every K]`: the same for a recurrent network on
 * sequential MNIST (recurrent/training/), with checkpoints also every K batches.
 *
 * `--data brown --model lstm|sublstm|fix-sublstm [--units N] [--layers L] [--bptt K] [--embedding D] [--precision float32]`:
 * a word-level language model on the Brown corpus (truncated BPTT with carried state; validation
 * perplexity per epoch, test perplexity at the end).
 */
import { join } from 'node:path';
import { Option } from 'commander';
import { writeFileAtomic } from '../io/write-file-atomic.ts';
import { checkOutputFolder } from '../io/output-path.ts';
import {
  parseRecurrentTrainOptions,
  PIXEL_CHECKPOINT_EVERY,
  LANGUAGE_MODEL_DEFAULTS,
  RECURRENT_DATA_NAMES,
  RECURRENT_DEFAULTS,
  RECURRENT_MODEL_NAMES,
  type RawRecurrentTrainOptions,
} from '../recurrent/training/recurrent-train-options.ts';
import { DATA_NAMES, MODEL_NAMES, parseTrainOptions, type RawTrainOptions, type TrainOptions } from '../training/train-options.ts';
import { resolveSetup, type TrainingSetup } from '../training/training-setup.ts';
import { cliProgram, defaultIs, quietOption } from './cli-program.ts';
import { progressNote, terminalProgress } from './progress.ts';
import { trainNotes } from './train-notes.ts';
import { chooseTrainer } from './train-dispatch.ts';
import { addLiveOptions, liveAddress, withLiveView, type LiveFlags } from './live-option.ts';
import { parseCommandLine, runCommand } from './run-command.ts';

/** The runs whose defaults differ, by the words `--help` uses for them. */
const DEFAULT_CASES: readonly (readonly [string, Pick<TrainOptions, 'data' | 'model' | 'mode'>])[] = [
  ['microcircuit', { data: { kind: 'mnist' }, model: 'microcircuit', mode: 'steady' }],
  ['MNIST baselines', { data: { kind: 'mnist' }, model: 'backprop', mode: 'steady' }],
  ['Yin-Yang baselines', { data: { kind: 'yinyang' }, model: 'backprop', mode: 'steady' }],
  ['teacher baselines', { data: { kind: 'teacher' }, model: 'backprop', mode: 'steady' }],
  ['--mode full', { data: { kind: 'mnist' }, model: 'microcircuit', mode: 'full' }],
];

/** A hyper-parameter's defaults as `--help` shows them, read from resolveSetup itself (one entry per value). */
function defaultsOf(pick: (setup: TrainingSetup) => string | number, recurrent: string): string {
  const byValue = new Map<string, string[]>();
  for (const [label, run] of DEFAULT_CASES) {
    const value = String(pick(resolveSetup({ ...run, epochs: 1, seed: 0, lrDecay: 1, out: '', resume: false }, 1, 1)));
    byValue.set(value, [...(byValue.get(value) ?? []), label]);
  }
  return [...[...byValue].map(([value, labels]) => `${value} ${labels.join(', ')}`), `${recurrent} recurrent`].join('; ');
}

const program = cliProgram('npm run train --', 'Train a microcircuit, a feed-forward baseline or a recurrent network on a classification or regression data set.')
  .requiredOption('--data <name>', `feed-forward: ${DATA_NAMES.join(', ')} (a 30-20-10 regression), idx:PATH (a folder of MNIST-style IDX files); recurrent: ${RECURRENT_DATA_NAMES.join(', ')} (seq-mnist 784 steps × 1 pixel, row-mnist 28 steps × 28 pixels, brown word-level language modelling)`)
  .addOption(new Option('--model <name>', `feed-forward: ${MODEL_NAMES.join(', ')} (fa: feedback alignment; shallow: output layer only); recurrent: ${RECURRENT_MODEL_NAMES.join(', ')}`).choices([...MODEL_NAMES, ...RECURRENT_MODEL_NAMES]).makeOptionMandatory())
  .addOption(defaultIs(new Option('--units <n>', 'recurrent models: units of each recurrent layer'), String(RECURRENT_DEFAULTS.units)))
  .addOption(defaultIs(new Option('--layers <n>', 'brown: stacked recurrent layers'), String(LANGUAGE_MODEL_DEFAULTS.layers)))
  .addOption(defaultIs(new Option('--bptt <k>', 'brown: truncated-BPTT window in words'), String(LANGUAGE_MODEL_DEFAULTS.bptt)))
  .addOption(defaultIs(new Option('--embedding <d>', 'brown: word-embedding size'), 'the value of --units'))
  .addOption(defaultIs(new Option('--precision <p>', 'float64 or float32: for recurrent models the arithmetic of the recurrent layers and readout (lstm, sublstm, fix-sublstm; parameters and optimizer stay float64); with --mode full the storage of weights and traces (f32x4 kernels; results differ by float32 rounding)').choices(['float64', 'float32']), 'float64'))
  .addOption(defaultIs(new Option('--clip <c>', 'recurrent models: clip the gradient to this global norm, 0 = never'), String(RECURRENT_DEFAULTS.clip)))
  .addOption(defaultIs(new Option('--checkpoint-every <k>', 'recurrent models: also checkpoint every k batches within an epoch'), `${PIXEL_CHECKPOINT_EVERY} for seq-mnist, ${LANGUAGE_MODEL_DEFAULTS.checkpointEvery} windows for brown, else 0 = per epoch only`))
  .addOption(new Option('--mode <mode>', 'steady (two-pass steady state; the feed-forward map for baselines) or full (continuous-time dynamics, microcircuit only)').choices(['steady', 'full']).default('steady'))
  .requiredOption('--epochs <n>', 'passes over the training set')
  .option('--seed <s>', 'seed of the data split, initial weights, order and noise', '0')
  .addOption(defaultIs(new Option('--batch <n>', 'samples per update (not in --mode full)'), defaultsOf((s) => s.batch, `${RECURRENT_DEFAULTS.batch} MNIST, ${LANGUAGE_MODEL_DEFAULTS.batch} brown`)))
  .addOption(defaultIs(new Option('--lr <x>', 'learning rate (--mode full: a multiplier of every η)'), defaultsOf((s) => s.lr, `${RECURRENT_DEFAULTS.lr} row-mnist, ${RECURRENT_DEFAULTS.pixelLr} seq-mnist, ${LANGUAGE_MODEL_DEFAULTS.lr} brown`)))
  .option('--lr-decay <factor>', 'multiply the learning rate by this after every epoch', '1')
  .addOption(defaultIs(new Option('--up-lr-scale <list>', "learning-rate multiplier of each layer's forward weights, e.g. 30,1 (not in --mode full)"), "30,1 Yin-Yang, else 1 per layer"))
  .addOption(new Option('--optimizer <name>', 'feed-forward: sgd or adam (not in --mode full); recurrent: rmsprop (with momentum) or adam').choices(['sgd', 'adam', 'rmsprop']).default(undefined, defaultsOf((s) => s.optimizer, RECURRENT_DEFAULTS.optimizer)))
  .addOption(defaultIs(new Option('--out <dir>', 'output folder'), 'out/train/<data>-<model>-<mode>-seed<s>; recurrent: out/train-recurrent/<data>-<model>-u<units>-seed<s>'))
  .option('--resume', 'continue from the checkpoint in the output folder')
  .addOption(defaultIs(new Option('--limit-train <n>', 'use only the first n training samples (brown: tokens)'), 'all'))
  .addOption(defaultIs(new Option('--limit-test <n>', 'use only the first n test samples (brown: tokens of the validation and of the test split)'), 'all'))
  .addOption(quietOption());
addLiveOptions(program, 'the training loss as it is computed, the samples done and an ETA; in --mode full also the simulation (apical RMS per hidden layer, outputs against targets)');

parseCommandLine(program);

/** Prints the run's JSON line, and writes it beside the results for `npm run view`. */
function writeLine(out: string, line: Record<string, unknown>): void {
  const text = `${JSON.stringify(line)}\n`;
  writeFileAtomic(join(out, 'line.json'), text);
  process.stdout.write(text);
}

type Raw = RawTrainOptions & RawRecurrentTrainOptions & LiveFlags & { quiet?: boolean };

/** A recurrent run: the sequence tasks with the recurrent trainer. */
async function trainRecurrent(raw: Raw): Promise<void> {
  const options = parseRecurrentTrainOptions(raw);
  checkOutputFolder(options.out, '--out');
  liveAddress(raw);
  // The run's modules load once the command line is checked: --help and usage errors answer at once.
  if (options.data === 'brown') {
    const { runLanguageModelTraining } = await import('../recurrent/training/run-language-model-training.ts');
    const r = await withLiveView(raw, terminalProgress(raw.quiet === true), `train brown ${raw.model}`, (progress) => runLanguageModelTraining(options, { progress }));
    const last = r.history[r.history.length - 1];
    const line = {
      data: r.data,
      model: r.model,
      units: r.units,
      layers: r.layers,
      epochs: r.epochs,
      testPerplexity: r.testPerplexity,
      unigramTestPerplexity: r.unigramTestPerplexity,
      validPerplexity: r.validPerplexity,
      trainPerplexity: last.trainPerplexity,
      parameters: r.parameters,
      wordsPerSecond: Math.round(r.wordsPerSecond),
      inferenceWordsPerSecond: Math.round(r.inferenceWordsPerSecond),
      out: options.out,
    };
    writeLine(options.out, line);
    return;
  }
  const { runRecurrentTraining } = await import('../recurrent/training/run-recurrent-training.ts');
  const r = await withLiveView(raw, terminalProgress(raw.quiet === true), `train ${raw.data} ${raw.model}`, (progress) => runRecurrentTraining(options, { progress }));
  const last = r.history[r.history.length - 1];
  const line = {
    data: r.data,
    model: r.model,
    units: r.units,
    precision: r.precision,
    epochs: r.epochs,
    testAccuracy: r.testAccuracy,
    testError: last.testError,
    trainError: last.trainError,
    trainLoss: last.trainLoss,
    samplesPerSecond: Math.round(r.samplesPerSecond),
    inferenceSamplesPerSecond: Math.round(r.inferenceSamplesPerSecond),
    out: options.out,
  };
  writeLine(options.out, line);
}

await runCommand(async () => {
  const raw = program.opts<Raw>();
  if (chooseTrainer(raw) === 'recurrent') return trainRecurrent(raw);
  const options = parseTrainOptions(raw);
  checkOutputFolder(options.out, '--out', options.data.kind === 'idx' ? [{ path: options.data.path, what: 'the data folder' }] : []);
  liveAddress(raw);
  for (const note of trainNotes(options)) progressNote(raw.quiet === true, note);
  const { runTraining } = await import('../training/run-training.ts');
  const r = await withLiveView(raw, terminalProgress(raw.quiet === true), `train ${raw.data} ${raw.model} (${options.mode})`, (progress) => runTraining(options, progress));
  const last = r.history[r.history.length - 1];
  const line = {
    data: r.data,
    model: r.model,
    mode: r.mode,
    epochs: r.epochs,
    ...(r.testAccuracy === null ? { testMse: r.testMse } : { testAccuracy: r.testAccuracy, testError: last.testError, trainError: last.trainError }),
    samplesPerSecond: Math.round(r.samplesPerSecond),
    inferenceSamplesPerSecond: Math.round(r.inferenceSamplesPerSecond),
    out: options.out,
  };
  writeLine(options.out, line);
});
